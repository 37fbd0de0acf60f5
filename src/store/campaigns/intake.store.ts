import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ActionInput, IntakeForm } from '../../domain/campaigns/action.js';
import type { Dialect } from '../db/database.js';
import { fromJson, toJson } from '../db/json.js';
import type { ActionIntakeTable, DB } from '../db/schema.js';

/*
 * The intake (docs/decisions/0007): the public forms append a row, a worker claims rows
 * with a lease (owner and expiry, never by deleting them), and deletes each row in the
 * transaction that carries out what it asked for — so a row is processed exactly once,
 * and a worker that dies mid-way leaves its rows to be claimed again once the lease lapses.
 */

/** An intake row as the worker holds it. */
export type IntakeRow = Selectable<ActionIntakeTable>;

/** A submission to append. */
export interface NewIntake {
  readonly campaignId: number;
  readonly form: IntakeForm;
  readonly email: string;
  /** The checked form, kept whole. */
  readonly input: ActionInput;
  readonly ipKey: string;
  readonly proofOfWork: boolean;
  readonly idempotencyKey: string | null;
  readonly createdAt: string;
}

/** The checked form a row holds. Throws on a payload that cannot be read, which the worker counts as the row's failure. */
export function intakeInput(row: Pick<IntakeRow, 'payload'>): ActionInput {
  return fromJson(row.payload);
}

/** Appends a submission. The same statement for every submission, whoever sends it. */
export async function insertIntake(trx: Transaction<DB>, row: NewIntake): Promise<void> {
  await trx
    .insertInto('action_intake')
    .values({
      campaign_id: row.campaignId,
      form: row.form,
      email: row.email,
      payload: toJson(row.input),
      ip_key: row.ipKey,
      proof_of_work: row.proofOfWork ? 1 : 0,
      idempotency_key: row.idempotencyKey,
      created_at: row.createdAt,
    })
    .execute();
}

/**
 * Claims up to `limit` unleased rows, oldest first, for `owner` in one UPDATE … RETURNING,
 * counting the attempt. PostgreSQL skips rows another node is claiming this instant (FOR
 * UPDATE SKIP LOCKED); SQLite runs the one statement under its single writer lock.
 */
export async function claimIntake(
  db: Kysely<DB>,
  dialect: Dialect,
  options: { owner: string; now: Date; leaseSeconds: number; limit: number },
): Promise<IntakeRow[]> {
  const now = options.now.toISOString();
  const until = new Date(options.now.getTime() + options.leaseSeconds * 1000).toISOString();
  let free = db
    .selectFrom('action_intake')
    .select('id')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('id')
    .limit(options.limit);
  if (dialect === 'postgres') free = free.forUpdate().skipLocked();
  const rows = await db
    .updateTable('action_intake')
    .set((eb) => ({ lease_owner: options.owner, lease_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', free)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * Deletes a processed row, in the transaction that processed it. False when the lease was
 * lost (another worker has the row now): the caller must then roll back.
 */
export async function deleteProcessedIntake(trx: Transaction<DB>, row: Pick<IntakeRow, 'id' | 'lease_owner'>): Promise<boolean> {
  if (row.lease_owner === null) return false;
  const result = await trx.deleteFrom('action_intake').where('id', '=', row.id).where('lease_owner', '=', row.lease_owner).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Deletes a row that cannot be processed (its attempts ran out). */
export async function dropIntake(db: Kysely<DB>, id: number): Promise<void> {
  await db.deleteFrom('action_intake').where('id', '=', id).execute();
}

/** Submissions of an address group to a campaign still waiting in the intake, older than row `beforeId`, since `since`. */
export async function countWaitingIntake(
  trx: Transaction<DB>,
  filter: { campaignId: number; ipKey: string; since: string; beforeId: number },
): Promise<number> {
  const row = await trx
    .selectFrom('action_intake')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('campaign_id', '=', filter.campaignId)
    .where('ip_key', '=', filter.ipKey)
    .where('created_at', '>=', filter.since)
    .where('id', '<', filter.beforeId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many submissions wait to be processed. */
export async function countIntake(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('action_intake')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes unprocessed submissions from these addresses (erasure must not be undone by a row processed after it). */
export async function deleteIntakeFrom(trx: Transaction<DB>, emails: readonly string[]): Promise<void> {
  const addresses = emails.filter((e) => e !== '').map((e) => e.toLowerCase());
  if (addresses.length === 0) return;
  await trx.deleteFrom('action_intake').where('email', 'in', addresses).execute();
}

/** Deletes submissions older than `cutoff` that were never processed: nothing about a supporter outlives retention. */
export async function deleteIntakeBefore(db: Kysely<DB> | Transaction<DB>, cutoff: string): Promise<number> {
  const result = await db.deleteFrom('action_intake').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The owners holding leases now. */
export async function intakeLeaseOwners(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('action_intake').select('lease_owner').distinct().where('lease_owner', 'is not', null).execute();
  return rows.flatMap((r) => (r.lease_owner ? [r.lease_owner] : []));
}

/** Releases the leases of these owners (every lease when `owners` is 'all'). Returns how many. */
export async function releaseIntakeLeases(db: Kysely<DB>, owners: readonly string[] | 'all'): Promise<number> {
  if (owners !== 'all' && owners.length === 0) return 0;
  let update = db.updateTable('action_intake').set({ lease_owner: null, lease_until: null }).where('lease_owner', 'is not', null);
  if (owners !== 'all') update = update.where('lease_owner', 'in', owners);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
