import { sql, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DB } from '../db/schema.js';

/** The keys an attempt is counted under (HMACs made by the service; never an address or email). */
export interface AttemptKeys {
  readonly ip: string;
  readonly account: string;
  /** Present when the browser holds a valid device cookie for the account. */
  readonly device: string | null;
}

/** A budget: at most `failures` failed (or still running) attempts since `since`. */
export interface Budget {
  readonly failures: number;
  readonly since: string;
}

/** The budgets a reservation must fit: the address's, and the device's or else the account's. */
export interface ReservationBudgets {
  readonly ip: Budget;
  readonly account: Budget;
  readonly device: Budget;
}

/** A 64-bit advisory-lock number for a key (the keys are base64url HMACs: their bytes are already uniform). */
function lockNumber(key: string): bigint {
  return Buffer.from(key, 'base64url').readBigInt64BE(0);
}

/**
 * Reserves an attempt before anything is checked: inserts it as a failure (`succeeded`
 * 0) only if the budgets, counting it, still hold, and returns its id, or null when the
 * attempt is over a limit. The count and the insert are one INSERT … SELECT. SQLite runs
 * a writing statement under its single writer lock from its first read, so that is
 * atomic there. PostgreSQL's READ COMMITTED lets two such statements count the same rows,
 * so the transaction first takes an advisory lock per key, in a fixed order (no
 * deadlock); the locks end with the transaction.
 *
 * A browser with a device cookie counts against its own budget, not the account's: the
 * account's budget counts only attempts without one.
 */
export async function reserveAttempt(
  trx: Transaction<DB>,
  dialect: Dialect,
  input: { keys: AttemptKeys; at: string; budgets: ReservationBudgets },
): Promise<number | null> {
  const { keys, budgets } = input;
  if (dialect === 'postgres') {
    const locks = [keys.ip, keys.device ?? keys.account].map(lockNumber).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const lock of locks) await sql`select pg_advisory_xact_lock(${lock.toString()}::bigint)`.execute(trx);
  }
  const deviceOrAccount =
    keys.device === null
      ? sql`(select count(*) from sign_in_attempts where account_key = ${keys.account} and device_key is null and succeeded = 0 and at >= ${budgets.account.since}) < ${budgets.account.failures}`
      : sql`(select count(*) from sign_in_attempts where device_key = ${keys.device} and succeeded = 0 and at >= ${budgets.device.since}) < ${budgets.device.failures}`;
  const { rows } = await sql<{ id: number }>`
    insert into sign_in_attempts (at, ip_key, account_key, device_key, succeeded)
    select ${input.at}, ${keys.ip}, ${keys.account}, ${keys.device}, 0
    where (select count(*) from sign_in_attempts where ip_key = ${keys.ip} and succeeded = 0 and at >= ${budgets.ip.since}) < ${budgets.ip.failures}
      and ${deviceOrAccount}
    returning id`.execute(trx);
  const row = rows[0];
  return row?.id ?? null;
}

/** Marks a reserved attempt as having succeeded, so it no longer counts against any budget. */
export async function markAttemptSucceeded(db: Kysely<DB>, id: number): Promise<void> {
  await db.updateTable('sign_in_attempts').set({ succeeded: 1 }).where('id', '=', id).execute();
}

/** Removes attempts made before `before`; returns how many. */
export async function deleteAttemptsBefore(db: Kysely<DB>, before: string): Promise<number> {
  const result = await db.deleteFrom('sign_in_attempts').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
