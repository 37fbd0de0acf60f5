import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Request limits counted in the database rather than in each process's memory, so that
 * every node behind a load balancer counts one address's requests together and a node's
 * restart forgets nothing (docs/decisions/0035). One row per key (an HMAC of an address
 * group and the limit's name) and fixed window: how many requests, and when the window
 * ends. Spent windows are removed as new ones are counted.
 */
export async function up(db: AnyDb, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('rate_limit_windows')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_windows_ends').on('rate_limit_windows').column('ends_at').execute();
}
