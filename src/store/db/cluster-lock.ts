import { sql, type Kysely } from 'kysely';
import type { Dialect } from './database.js';
import type { DB } from './schema.js';

/**
 * The first half of every advisory lock key Placard takes ("PLCD"), so its locks cannot
 * collide with another program's on a shared PostgreSQL server.
 */
export const LOCK_CLASS = 0x504c4344;

/** A lock's second half: a stable 32-bit FNV-1a hash of its name. */
export function lockId(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(name, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash | 0;
}

/** What a locked run did: ran and gave its result, or was skipped because another holder had the lock. */
export type LockedRun<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

/**
 * Runs `work` only if no other connection holds the advisory lock `name`, holding it for
 * the whole run. On PostgreSQL the lock is a session lock (pg_try_advisory_lock) on one
 * connection set aside from the pool for the run, so `work` may commit as many
 * transactions as it likes through the pool; should that connection die, the server
 * releases the lock. SQLite is one node: `work` runs.
 */
export async function withTryLock<T>(db: Kysely<DB>, dialect: Dialect, name: string, work: () => Promise<T>): Promise<LockedRun<T>> {
  if (dialect === 'sqlite') return { ran: true, value: await work() };
  return db.connection().execute(async (connection) => {
    const id = lockId(name);
    const taken = await sql<{ taken: boolean }>`select pg_try_advisory_lock(${LOCK_CLASS}, ${id}) as taken`.execute(connection);
    if (!taken.rows[0]?.taken) return { ran: false } as const;
    try {
      return { ran: true, value: await work() } as const;
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_CLASS}, ${id})`.execute(connection);
    }
  });
}

/**
 * Runs `work` holding the advisory lock `name`, waiting for it if another connection
 * has it (pg_advisory_lock on a connection set aside for the run). For what must happen
 * once however many nodes start at the same moment: migrating. SQLite: `work` runs.
 * `work` receives the connection that holds the lock.
 */
export async function withLock<T>(db: Kysely<DB>, dialect: Dialect, name: string, work: (connection: Kysely<DB>) => Promise<T>): Promise<T> {
  if (dialect === 'sqlite') return work(db);
  return db.connection().execute(async (connection) => {
    const id = lockId(name);
    await sql`select pg_advisory_lock(${LOCK_CLASS}, ${id})`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_CLASS}, ${id})`.execute(connection);
    }
  });
}
