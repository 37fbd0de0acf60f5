import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import { withId } from './0001-foundation.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Syndication between Placard sites (docs/decisions/0042). `syndication_sources` is a
 * remote site or section the site's actor follows to republish from, with its name as
 * its actor gave it and the editors' rule for it (language, section, publish or draft).
 * `syndicated_items` is every article such a source sent, keyed on the source object's
 * id, with the local copy once one is made: an article is never republished twice.
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('syndication_sources'), dialect)
    .addColumn('remote_uri', 'text', (c) => c.notNull().unique())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('profile_url', 'text')
    .addColumn('rule_language', 'text')
    .addColumn('rule_section_id', 'integer', (c) => c.references('sections.id').onDelete('set null'))
    .addColumn('rule_status', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('syndicated_items'), dialect)
    .addColumn('object_id', 'text', (c) => c.notNull().unique())
    .addColumn('source_uri', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('content_html', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .addColumn('image_url', 'text')
    .addColumn('image_alt', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('syndicated_items_source').on('syndicated_items').columns(['source_uri', 'id']).execute();
  await db.schema.createIndex('syndicated_items_article').on('syndicated_items').column('article_id').execute();
}
