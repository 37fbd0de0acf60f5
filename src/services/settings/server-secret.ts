import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../store/db/schema.js';

const KEY = 'server_secret';

/**
 * The installation's own secret, made on first use and kept in the database so that every
 * node of a cluster shares it. It keys the HMACs that group supporters' addresses for rate
 * limits (no address is stored) and that sign proof-of-work challenges.
 */
export async function loadServerSecret(db: Kysely<DB>): Promise<Buffer> {
  const fresh = randomBytes(32).toString('base64url');
  // Two nodes starting together: the first insert wins and both read the winner.
  await db.insertInto('settings').values({ key: KEY, value: fresh }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}
