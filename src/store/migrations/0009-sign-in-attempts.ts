import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Sign-in attempts name the browser they came from when it holds a valid device cookie
 * (services/accounts/device-cookie.ts), so that such a browser has its own allowance and
 * is not locked out with the account. The rows kept so far were keyed by plain SHA-256
 * hashes of addresses and emails; the keys are now HMACs under the installation secret,
 * so the old rows could never match again and are removed rather than left to linger.
 */
export async function up(db: AnyDb, _dialect: Dialect): Promise<void> {
  await sql`delete from sign_in_attempts`.execute(db);
  await db.schema.alterTable('sign_in_attempts').addColumn('device_key', 'text').execute();
  await db.schema.createIndex('sign_in_attempts_device').on('sign_in_attempts').columns(['device_key', 'at']).execute();
}
