import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import { withId } from './0001-foundation.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Campaigns in several languages (docs/decisions/0023). The campaign's own columns stay
 * its first language's version; each further language of `campaigns.languages` has one
 * row of `campaign_translations` with the same texts. A target's letters go in
 * `campaign_targets.letter_language`; null (every target stored before) means the
 * campaign's first language, so reordering the languages moves those targets with it.
 * `actions.letter_language` records which language's model letter the supporter edited,
 * so that their text goes only to officials who read it; null is the first language.
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('campaign_translations'), dialect)
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('demands', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('letter_subjects', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('letter_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('petition_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('call_script', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('campaign_translations_language').on('campaign_translations').columns(['campaign_id', 'language']).unique().execute();
  await db.schema.alterTable('campaign_targets').addColumn('letter_language', 'text').execute();
  await db.schema.alterTable('actions').addColumn('letter_language', 'text').execute();
}
