import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';

// Migrations are written against an untyped Kysely on purpose: they describe the schema
// as it was at that point, not as schema.ts says it is today.
type AnyDb = Kysely<Record<string, never>>;

/** An auto-numbered key that both databases understand. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: Dialect): CreateTableBuilder<T, 'id'> {
  return table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
  );
}

/** Sections, contributors, publications, topics, media, articles with their bylines, campaigns, targets and events. */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('sections'), dialect)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_label', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('website', 'text')
    .execute();

  await withId(db.schema.createTable('contributors'), dialect)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_key', 'text', (c) => c.notNull())
    .addColumn('bio', 'text')
    .addColumn('section_id', 'integer', (c) => c.references('sections.id'))
    .execute();

  await withId(db.schema.createTable('publications'), dialect)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('section_id', 'integer', (c) => c.references('sections.id'))
    .execute();

  await withId(db.schema.createTable('topics'), dialect)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('media'), dialect)
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('credit', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await createCampaignTables(db, dialect);
  await createArticleTables(db, dialect);
  await createEventTable(db, dialect);
}

async function createArticleTables(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('articles'), dialect)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kicker_override', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('last_update_at', 'text')
    .addColumn('primary_country', 'text')
    .addColumn('primary_topic_id', 'integer', (c) => c.references('topics.id'))
    .addColumn('byline_collective', 'text')
    .addColumn('byline_collective_section_id', 'integer', (c) => c.references('sections.id'))
    .addColumn('provenance_publication_id', 'integer', (c) => c.references('publications.id'))
    .addColumn('provenance_note', 'text')
    .addColumn('provenance_url', 'text')
    .addColumn('image_id', 'integer', (c) => c.references('media.id'))
    .addColumn('image_caption', 'text')
    .addColumn('image_credit', 'text')
    .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id'))
    .addColumn('translation_group', 'text')
    .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('articles_status_published').on('articles').columns(['status', 'published_at']).execute();

  await db.schema
    .createTable('article_contributors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('contributor_id', 'integer', (c) => c.notNull().references('contributors.id'))
    .addColumn('section_id', 'integer', (c) => c.references('sections.id'))
    .addColumn('role', 'text')
    .addPrimaryKeyConstraint('article_contributors_pk', ['article_id', 'position'])
    .execute();
  await db.schema.createIndex('article_contributors_contributor').on('article_contributors').column('contributor_id').execute();

  for (const [table, column, type] of [
    ['article_countries', 'country', 'text'],
    ['article_topics', 'topic_id', 'integer'],
    ['article_sections', 'section_id', 'integer'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn(column, type, (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['article_id', 'position'])
      .execute();
    await db.schema.createIndex(`${table}_${column}`).on(table).columns([column, 'article_id']).execute();
  }

  await withId(db.schema.createTable('article_updates'), dialect)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_updates_article').on('article_updates').columns(['article_id', 'at']).execute();
}

async function createCampaignTables(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('campaigns'), dialect)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('reference', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('identity_mode', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('copy_to', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('deadline', 'text')
    .addColumn('section_id', 'integer', (c) => c.references('sections.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('campaign_targets'), dialect)
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('postal_address', 'text')
    .addColumn('salutation', 'text')
    .addColumn('delivery_mode', 'text', (c) => c.notNull().defaultTo('paced'))
    .addUniqueConstraint('campaign_targets_position', ['campaign_id', 'position'])
    .execute();
}

async function createEventTable(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('events'), dialect)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id'))
    .addColumn('section_id', 'integer', (c) => c.references('sections.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('city', 'text')
    .addColumn('venue', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('report_article_id', 'integer', (c) => c.references('articles.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
