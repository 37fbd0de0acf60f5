import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Every action records the language of the page the supporter acted on, so that the
 * emails about it (its confirmation, the campaign's outcome updates) and the data page
 * those emails link to speak the supporter's language. Earlier actions were all taken on
 * English pages. The intake needs no column: its input is JSON and carries the language.
 */
export async function up(db: AnyDb, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('actions')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .execute();
}
