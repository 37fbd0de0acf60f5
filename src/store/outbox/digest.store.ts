import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

/** Actions waiting for one digest: a target's (targetId) or the organisation's daily copy (null). */
export interface DigestGroup {
  readonly campaignId: number;
  readonly targetId: number | null;
  /** The target's N (one digest per N actions); null for daily digests and the copy. */
  readonly digestEvery: number | null;
  readonly pending: number;
  /** When the oldest waiting action was confirmed. */
  readonly oldest: string;
}

/** One supporter's line in a digest, as stored; the service decides what of it is shown. */
export interface DigestEntry {
  readonly id: number;
  readonly actionId: number;
  readonly country: string;
  /** null once the supporter erased their data. */
  readonly name: string | null;
  /** The name the supporter chose to sign a protective letter with; null if none. */
  readonly signAs: string | null;
  readonly city: string | null;
  readonly createdAt: string;
}

/**
 * Puts a confirmed action in line for a digest: its target's (targetId) or the
 * organisation's daily copy (null). Written in the confirming transaction.
 */
export async function addDigestEntry(
  trx: Transaction<DB>,
  entry: { campaignId: number; targetId: number | null; actionId: number },
  now: string,
): Promise<void> {
  await trx
    .insertInto('digest_entries')
    .values({ campaign_id: entry.campaignId, target_id: entry.targetId, action_id: entry.actionId, created_at: now })
    .execute();
}

/** Every digest that has actions waiting, with how many, since when, and the target's N. */
export async function pendingDigestGroups(db: Kysely<DB>): Promise<DigestGroup[]> {
  const rows = await db
    .selectFrom('digest_entries as d')
    .leftJoin('campaign_targets as t', 't.id', 'd.target_id')
    .select((eb) => ['d.campaign_id', 'd.target_id', 't.digest_every', eb.fn.countAll<number | string>().as('pending'), eb.fn.min('d.created_at').as('oldest')])
    .where('d.outbox_id', 'is', null)
    .groupBy(['d.campaign_id', 'd.target_id', 't.digest_every'])
    .orderBy('d.campaign_id')
    .execute();
  return rows.map((r) => ({
    campaignId: r.campaign_id,
    targetId: r.target_id,
    digestEvery: r.digest_every,
    pending: Number(r.pending),
    oldest: String(r.oldest),
  }));
}

/** The oldest waiting entries of one digest, up to `limit`, with what the digest may show. */
export async function pendingDigestEntries(db: Kysely<DB>, group: { campaignId: number; targetId: number | null }, limit: number): Promise<DigestEntry[]> {
  const rows = await db
    .selectFrom('digest_entries as d')
    .innerJoin('actions as a', 'a.id', 'd.action_id')
    .leftJoin('supporters as s', 's.id', 'a.supporter_id')
    .select(['d.id', 'd.action_id', 'a.country', 's.name', 'a.sign_as', 's.city', 'd.created_at'])
    .where('d.campaign_id', '=', group.campaignId)
    .where((eb) => (group.targetId === null ? eb('d.target_id', 'is', null) : eb('d.target_id', '=', group.targetId)))
    .where('d.outbox_id', 'is', null)
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, actionId: r.action_id, country: r.country, name: r.name, signAs: r.sign_as, city: r.city, createdAt: r.created_at }));
}

/**
 * Marks entries as delivered by the digest `outboxId`, in the transaction that queued it.
 * Returns false if any entry was already taken, by a concurrent worker's digest: the
 * caller then rolls back, so no action is listed twice.
 */
export async function attachDigestEntries(trx: Transaction<DB>, entryIds: readonly number[], outboxId: number): Promise<boolean> {
  if (entryIds.length === 0) return true;
  const result = await trx
    .updateTable('digest_entries')
    .set({ outbox_id: outboxId })
    .where('id', 'in', [...entryIds])
    .where('outbox_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === entryIds.length;
}
