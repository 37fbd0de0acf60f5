import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../store/db/schema.js';
import { insertSettingIfAbsent, readSetting } from '../../store/settings/settings.store.js';

const KEY = 'server_secret';

/**
 * The installation's own secret, made on first use and kept in the database so that every
 * node of a cluster shares it. It keys the HMACs that group supporters' addresses for rate
 * limits (no address is stored) and that sign proof-of-work challenges.
 */
export async function loadServerSecret(db: Kysely<DB>): Promise<Buffer> {
  const fresh = randomBytes(32).toString('base64url');
  // Two nodes starting together: the first insert wins and both read the winner.
  await insertSettingIfAbsent(db, KEY, fresh);
  const value = await readSetting(db, KEY);
  if (value === undefined) throw new Error('the installation secret was not stored');
  return Buffer.from(value, 'base64url');
}
