import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * The name a supporter signs a protective letter with ("Sign my letter as"), stored with
 * the action: the first word of a full name is a surname as often as a given name
 * ("Sadykova Aigerim"), or a title ("Dr."), so it is asked for, never guessed. Actions
 * stored before it have none, and their letters are signed "A supporter".
 */
export async function up(db: AnyDb, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('actions').addColumn('sign_as', 'text').execute();
}
