import type { Transaction } from 'kysely';
import { tags } from '../../domain/cache/cache-tags.js';
import { deleteIntakeFrom } from '../../store/campaigns/intake.store.js';
import type { DB } from '../../store/db/schema.js';
import {
  anonymiseActions,
  anonymiseSupporters,
  campaignsActedOn,
  deleteConsents,
  scrubDigests,
  scrubLetters,
  scrubMessagesTo,
  supportersToErase,
} from '../../store/supporters/supporter-erasure.store.js';
import { supporterByToken, type SupporterDeps } from './supporter-data.js';

// Bounded IN lists: well under SQLite's and PostgreSQL's limits on bound parameters.
const BATCH = 500;

/**
 * Erases the supporter whose data link this is, at their request: one transaction, so
 * nothing is half erased. Their counted actions stay (counts do not change); the
 * campaign pages they acted on are told, in case one shows them.
 */
export async function eraseSupporterByToken(deps: SupporterDeps, token: string): Promise<void> {
  const supporter = await supporterByToken(deps, token);
  if (supporter.erasedAt) return;
  const now = deps.clock().toISOString();
  const campaigns = await deps.db.transaction().execute((trx) => eraseSupporters(trx, [supporter.id], now));
  announceCampaigns(deps, campaigns);
}

/**
 * Erases supporters' personal data in the caller's transaction, wherever it is: their
 * row (email, name and city), their actions' letters and keys, their consents, the
 * messages that carry their name or address, and their submissions not yet processed. Returns the campaigns they acted on.
 */
export async function eraseSupporters(trx: Transaction<DB>, supporterIds: readonly number[], now: string): Promise<number[]> {
  const campaigns = new Set<number>();
  for (let start = 0; start < supporterIds.length; start += BATCH) {
    const people = await supportersToErase(trx, supporterIds.slice(start, start + BATCH));
    const ids = people.map((p) => p.id);
    for (const id of await campaignsActedOn(trx, ids)) campaigns.add(id);
    // Messages first: they are found through the actions and addresses erased below.
    await scrubLetters(trx, ids);
    await scrubMessagesTo(trx, people);
    await scrubDigests(trx, people);
    await anonymiseActions(trx, ids);
    await deleteConsents(trx, ids);
    await anonymiseSupporters(trx, ids, now);
    // A submission of theirs still waiting in the intake would bring the address back.
    await deleteIntakeFrom(
      trx,
      people.flatMap((p) => (p.email ? [p.email] : [])),
    );
  }
  return [...campaigns];
}

/** Tells the page cache which campaign pages to drop. */
export function announceCampaigns(deps: Pick<SupporterDeps, 'changes'>, campaignIds: readonly number[]): void {
  if (campaignIds.length > 0) deps.changes.announce(campaignIds.map((id) => tags.campaign(id)));
}
