import type { Kysely } from 'kysely';
import { NotFound } from '../../domain/errors.js';
import type { DB } from '../../store/db/schema.js';
import {
  consentBelongsTo,
  findSupporterByTokenHash,
  listSupporterActions,
  listSupporterConsents,
  withdrawConsent,
  type SupporterActionRecord,
  type SupporterConsentRecord,
  type SupporterRecord,
} from '../../store/supporters/supporter.store.js';
import { hashDataToken } from '../campaigns/supporter-token.js';
import type { Clock } from '../shared/clock.js';
import type { ContentChanges } from '../shared/content-changes.js';

/** What the supporters' own data pages work with. */
export interface SupporterDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly changes: ContentChanges;
}

/** Everything Placard holds about one supporter, as their data page shows it and their export contains it. */
export interface SupporterData {
  readonly supporter: SupporterRecord;
  readonly actions: readonly SupporterActionRecord[];
  readonly consents: readonly SupporterConsentRecord[];
}

// supporterDataToken: 32 bytes of HMAC-SHA-256 in base64url, always 43 characters.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The supporter a data link belongs to. Any other token is NotFound, with the same
 * message whatever was wrong, so a guess learns nothing.
 */
export async function supporterByToken(deps: Pick<SupporterDeps, 'db'>, token: string): Promise<SupporterRecord> {
  const supporter = TOKEN.test(token) ? await findSupporterByTokenHash(deps.db, hashDataToken(token)) : undefined;
  if (!supporter) throw new NotFound('This page');
  return supporter;
}

/**
 * What Placard holds about the supporter whose link this is. Once erased, the link shows
 * only that: the anonymous actions kept for the counts are not listed, so whoever finds
 * the link in an old email learns nothing of what the supporter did.
 */
export async function loadSupporterData(deps: Pick<SupporterDeps, 'db'>, token: string): Promise<SupporterData> {
  const supporter = await supporterByToken(deps, token);
  if (supporter.erasedAt) return { supporter, actions: [], consents: [] };
  const [actions, consents] = await Promise.all([listSupporterActions(deps.db, supporter.id), listSupporterConsents(deps.db, supporter.id)]);
  return { supporter, actions, consents };
}

/** Withdraws one of the supporter's consents; withdrawing it again changes nothing. */
export async function withdrawSupporterConsent(deps: Pick<SupporterDeps, 'db' | 'clock'>, token: string, consentId: number): Promise<void> {
  const supporter = await supporterByToken(deps, token);
  if (!(await consentBelongsTo(deps.db, supporter.id, consentId))) throw new NotFound('This consent');
  await withdrawConsent(deps.db, supporter.id, consentId, deps.clock().toISOString());
}
