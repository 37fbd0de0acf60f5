import { sql, type Kysely, type Selectable } from 'kysely';
import type { FailedStatus } from '../../domain/outbox/outbox.js';
import type { Dialect } from '../db/database.js';
import type { DB, OutboxTable } from '../db/schema.js';

/*
 * Workers claim due messages with a lease (owner and expiry) instead of deleting them:
 * a worker that dies mid-send leaves its rows to be claimed again once the lease lapses,
 * and every mark below applies only while the lease is still the worker's own, so a slow
 * worker whose lease was taken over cannot overwrite the newer outcome.
 *
 * A claimed row stays 'queued' while leased: the lease, not the status, says someone is
 * on it, so a lapsed lease needs no repair to be claimed again.
 */

/** An outbox row as a worker holds it. */
export type OutboxRow = Selectable<OutboxTable>;

/** Who claims, when, for how long, and how many. */
export interface ClaimOptions {
  readonly owner: string;
  readonly now: Date;
  readonly leaseSeconds: number;
  readonly limit: number;
}

/**
 * Claims up to `limit` due messages for `owner` in one atomic UPDATE … RETURNING, counting
 * the attempt. Due: queued, not_before reached, no live lease, and its campaign's delivery
 * not paused. PostgreSQL skips rows another node is claiming this instant (FOR UPDATE SKIP
 * LOCKED), so nodes never wait on each other; SQLite runs the one statement under its
 * single writer lock.
 */
export async function claimDue(db: Kysely<DB>, dialect: Dialect, options: ClaimOptions): Promise<OutboxRow[]> {
  const now = options.now.toISOString();
  const until = new Date(options.now.getTime() + options.leaseSeconds * 1000).toISOString();
  let due = db
    .selectFrom('outbox as o')
    .select('o.id')
    .where('o.status', '=', 'queued')
    .where('o.not_before', '<=', now)
    .where((eb) => eb.or([eb('o.lease_until', 'is', null), eb('o.lease_until', '<', now)]))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('campaigns as c').select('c.id').whereRef('c.id', '=', 'o.campaign_id').where('c.delivery_paused', '=', 1))),
    )
    .orderBy('o.not_before')
    .orderBy('o.id')
    .limit(options.limit);
  if (dialect === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('outbox')
    .set((eb) => ({ lease_owner: options.owner, lease_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.not_before.localeCompare(b.not_before) || a.id - b.id);
}

/** Marks a claimed message sent. False when the lease was lost (another worker owns the row now). */
export async function markSent(db: Kysely<DB>, claim: Pick<OutboxRow, 'id' | 'lease_owner'>, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: now.toISOString(), lease_owner: null, lease_until: null, last_error: null })
    .where('id', '=', claim.id)
    .where('lease_owner', '=', claim.lease_owner)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks claimed messages sent, one UPDATE each, in one commit that does not wait for the
 * disk: SQLite (WAL) writes the commit to the log without an fsync (`synchronous =
 * NORMAL` for this commit alone, the connection held throughout so no other write runs
 * meanwhile), PostgreSQL with `synchronous_commit = off` for this transaction. Such a
 * commit survives the process dying at any point; only an operating-system crash or a
 * power cut can lose it (SQLite: the last commits; PostgreSQL: under a second), and then
 * the message is merely sent again under its Message-ID. A per-message fsync (3.6 ms on
 * the development machine, the event loop blocked throughout on SQLite) would cut
 * delivery to a fraction. Returns the ids whose lease was still their claimant's.
 */
export async function markSentFast(
  db: Kysely<DB>,
  dialect: Dialect,
  claims: readonly Pick<OutboxRow, 'id' | 'lease_owner'>[],
  now: Date,
): Promise<Set<number>> {
  const marked = new Set<number>();
  const markAll = async (trx: Kysely<DB>) => {
    for (const claim of claims) if (await markSent(trx, claim, now)) marked.add(claim.id);
  };
  if (dialect === 'postgres') {
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      await markAll(trx);
    });
    return marked;
  }
  await db.connection().execute(async (connection) => {
    await sql`PRAGMA synchronous = NORMAL`.execute(connection);
    try {
      await connection.transaction().execute(markAll);
    } finally {
      await sql`PRAGMA synchronous = FULL`.execute(connection);
    }
  });
  return marked;
}

/** Releases a claimed message to be tried again at `notBefore`, keeping why it failed. */
export async function markRetry(db: Kysely<DB>, claim: Pick<OutboxRow, 'id' | 'lease_owner'>, retry: { notBefore: Date; error: string }): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ not_before: retry.notBefore.toISOString(), last_error: retry.error, lease_owner: null, lease_until: null })
    .where('id', '=', claim.id)
    .where('lease_owner', '=', claim.lease_owner)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Ends a claimed message unsent: 'bounced' when the server refused the recipient (the
 * coordinator learns the target's address is dead), 'failed' when it refused the message
 * or retries ran out, 'cancelled' when there was nobody left to send it to.
 */
export async function markFailed(
  db: Kysely<DB>,
  claim: Pick<OutboxRow, 'id' | 'lease_owner'>,
  failure: { status: FailedStatus; error: string },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: failure.status, last_error: failure.error, lease_owner: null, lease_until: null })
    .where('id', '=', claim.id)
    .where('lease_owner', '=', claim.lease_owner)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Gives a claimed message back untouched, the attempt not counted: used when too little
 * of the lease is left to start a send that might outlive it.
 */
export async function releaseClaim(db: Kysely<DB>, claim: Pick<OutboxRow, 'id' | 'lease_owner'>): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({ lease_owner: null, lease_until: null, attempts: eb('attempts', '-', 1) }))
    .where('id', '=', claim.id)
    .where('lease_owner', '=', claim.lease_owner)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Releases every lease. Only for SQLite at start-up: one process serves a SQLite data
 * folder, so any lease found then was held by a predecessor that died, and its messages
 * can go at once instead of after the lease lapses. (PostgreSQL nodes cannot know whether
 * another node is alive, and wait for the lease.) Returns how many were released.
 */
export async function releaseAllLeases(db: Kysely<DB>): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ lease_owner: null, lease_until: null })
    .where('lease_owner', 'is not', null)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The owners of leases still held on queued messages. */
export async function leaseOwners(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('outbox').select('lease_owner').distinct().where('lease_owner', 'is not', null).where('status', '=', 'queued').execute();
  return rows.map((r) => r.lease_owner).filter((owner): owner is string => owner !== null);
}

/** Releases the leases of the named owners (workers known to be dead); returns how many. */
export async function releaseLeasesOf(db: Kysely<DB>, owners: readonly string[]): Promise<number> {
  if (owners.length === 0) return 0;
  const result = await db
    .updateTable('outbox')
    .set({ lease_owner: null, lease_until: null })
    .where('lease_owner', 'in', owners)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
