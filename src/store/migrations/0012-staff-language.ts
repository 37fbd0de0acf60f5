import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Each member of staff chooses the admin's language and their time zone. Both are
 * nullable: no language means the site's default (English until a site has one), no
 * time zone means times are shown in UTC as before. The zone is an IANA name
 * ("Asia/Almaty"), checked against the runtime's list when it is chosen.
 */
export async function up(db: AnyDb, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('users').addColumn('language', 'text').execute();
  await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();
}
