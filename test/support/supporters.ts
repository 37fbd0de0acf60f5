import type { Kysely } from 'kysely';
import type { CampaignKind, CampaignStatus, IdentityMode } from '../../src/domain/campaigns/campaign.js';
import type { ActionMethod, ActionStatus, ConsentScope } from '../../src/domain/campaigns/action.js';
import type { OutboxStatus } from '../../src/domain/outbox/outbox.js';
import { hashDataToken, supporterDataToken } from '../../src/services/campaigns/supporter-token.js';
import { loadServerSecret } from '../../src/services/settings/server-secret.js';
import { insertCampaign, type NewTarget } from '../../src/store/campaigns/campaign.store.js';
import type { DB } from '../../src/store/db/schema.js';
import { enqueueMessage, type NewOutboxMessage } from '../../src/store/outbox/outbox.store.js';

/*
 * Factories for supporters' data, written straight into the database: what the public
 * action form would have stored, without going through it.
 */

let counter = 0;

/** A supporter as created: the id, the token of their "your data" link, and who they are. */
export interface TestSupporter {
  readonly id: number;
  readonly token: string;
  readonly email: string;
  readonly name: string;
  readonly city: string | null;
  readonly country: string;
}

/** A campaign of no interest beyond its kind, status, section and identity mode. */
export async function createCampaign(
  db: Kysely<DB>,
  options: {
    kind?: CampaignKind;
    status?: CampaignStatus;
    closedAt?: string | null;
    sectionSlug?: string | null;
    identityMode?: IdentityMode;
    title?: string;
    targets?: NewTarget[];
  } = {},
): Promise<number> {
  counter++;
  const sectionId = options.sectionSlug
    ? (await db.selectFrom('sections').select('id').where('slug', '=', options.sectionSlug).executeTakeFirstOrThrow()).id
    : null;
  const id = await db.transaction().execute((trx) =>
    insertCampaign(
      trx,
      {
        slug: `campaign-${counter}-${Date.now()}`,
        reference: null,
        title: options.title ?? `Campaign ${counter}`,
        summary: 'A campaign for tests.',
        status: options.status ?? 'active',
        identityMode: options.identityMode ?? 'named',
        languages: ['en'],
        copyTo: [],
        deadline: null,
        sectionId,
        kind: options.kind ?? 'letter',
        petitionText: options.kind === 'petition' ? 'We, the undersigned, demand the release of the prisoners.' : '',
        letter: { subjects: ['Release the prisoners'], body: 'I protest.\n\n{{name}}, {{city}}, {{country}}' },
        targets: options.targets ?? [],
      },
      '2026-01-01T00:00:00.000Z',
    ),
  );
  if (options.closedAt) await db.updateTable('campaigns').set({ status: 'closed', closed_at: options.closedAt }).where('id', '=', id).execute();
  return id;
}

/** A target with an address, paced, for named or protective letters. */
export function target(overrides: Partial<NewTarget> = {}): NewTarget {
  return {
    name: 'Alina Rakhimbekova',
    title: 'Head of the Supreme Court',
    organisation: null,
    country: 'KZ',
    email: 'court@example.kz',
    phone: null,
    postalAddress: null,
    salutation: 'Dear Chief Justice',
    deliveryMode: 'paced',
    officeHours: '00:00-24:00',
    ...overrides,
  };
}

/** A supporter with a working data link. */
export async function createSupporter(
  db: Kysely<DB>,
  overrides: Partial<Omit<TestSupporter, 'id' | 'token'>> & { createdAt?: string } = {},
): Promise<TestSupporter> {
  counter++;
  const who = { email: `supporter-${counter}@example.net`, name: `Sam Supporter${counter}`, city: 'Cork', country: 'IE', ...overrides };
  const { id } = await db
    .insertInto('supporters')
    .values({
      email: who.email,
      name: who.name,
      city: who.city,
      country: who.country,
      data_token_hash: `pending-${counter}-${Math.random()}`,
      created_at: overrides.createdAt ?? '2026-01-02T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = supporterDataToken(await loadServerSecret(db), id);
  await db
    .updateTable('supporters')
    .set({ data_token_hash: hashDataToken(token) })
    .where('id', '=', id)
    .execute();
  return { id, token, ...who };
}

/** An action; confirmed through Placard unless told otherwise. */
export async function createAction(
  db: Kysely<DB>,
  supporter: Pick<TestSupporter, 'id' | 'country'>,
  campaignId: number,
  options: { method?: ActionMethod; status?: ActionStatus; letter?: string | null; at?: string; country?: string } = {},
): Promise<number> {
  counter++;
  const at = options.at ?? '2026-01-03T10:00:00.000Z';
  const status = options.status ?? 'confirmed';
  const { id } = await db
    .insertInto('actions')
    .values({
      campaign_id: campaignId,
      supporter_id: supporter.id,
      method: options.method ?? 'placard',
      status,
      country: options.country ?? supporter.country,
      letter: options.letter === undefined ? 'I protest at the charges.' : options.letter,
      idempotency_key: `key-${counter}`,
      confirm_token_hash: `confirm-${counter}`,
      ip_key: `ip-${counter}`,
      created_at: at,
      confirmed_at: status === 'confirmed' ? at : null,
      expires_at: status === 'pending' ? '2026-01-10T10:00:00.000Z' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A consent, confirmed unless told otherwise. */
export async function createConsent(
  db: Kysely<DB>,
  supporterId: number,
  scope: ConsentScope,
  options: { campaignId?: number | null; sectionSlug?: string; confirmed?: boolean; withdrawnAt?: string; wording?: string } = {},
): Promise<number> {
  const sectionId = options.sectionSlug
    ? (await db.selectFrom('sections').select('id').where('slug', '=', options.sectionSlug).executeTakeFirstOrThrow()).id
    : null;
  const { id } = await db
    .insertInto('consents')
    .values({
      supporter_id: supporterId,
      scope,
      campaign_id: options.campaignId ?? null,
      section_id: sectionId,
      wording: options.wording ?? (scope === 'campaign_updates' ? 'Tell me how this campaign goes.' : 'Send me the section’s news.'),
      given_at: '2026-01-03T10:00:00.000Z',
      confirmed_at: options.confirmed === false ? null : '2026-01-03T10:05:00.000Z',
      withdrawn_at: options.withdrawnAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A message in the outbox, queued unless a status is given. */
export async function createMessage(db: Kysely<DB>, message: NewOutboxMessage, status: OutboxStatus = 'queued'): Promise<number> {
  const id = await db.transaction().execute((trx) => enqueueMessage(trx, message, { now: '2026-01-03T10:05:00.000Z', domain: 'example.org' }));
  if (status !== 'queued')
    await db
      .updateTable('outbox')
      .set({ status, sent_at: status === 'sent' ? '2026-01-03T11:00:00.000Z' : null })
      .where('id', '=', id)
      .execute();
  return id;
}

/** Every text value in the tables that hold supporters' data, for "is it gone everywhere?". */
export async function supporterDataText(db: Kysely<DB>): Promise<string> {
  const tables = ['supporters', 'actions', 'consents', 'outbox', 'digest_entries', 'action_intake'] as const;
  const parts: string[] = [];
  for (const table of tables) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    for (const row of rows) for (const value of Object.values(row)) if (typeof value === 'string') parts.push(value);
  }
  return parts.join('\n');
}
