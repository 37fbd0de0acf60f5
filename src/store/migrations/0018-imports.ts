import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * What imports from other systems remember (docs/decisions/0031). `imported_items` ties an
 * item of a source (a WordPress post by its ID, a feed entry by its id) to the article it
 * became, with a hash of what it was, so a second run of the same file creates nothing
 * twice and rewrites only what changed. `imported_media` does the same for the image files
 * taken from the old uploads folder. `old_addresses` holds every address the item had on
 * the old site (a path, with `?p=ID` kept for WordPress's short links), answered with a
 * redirect when no route of Placard's own matches.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('imported_items')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('imported_items_pk', ['source', 'item_key'])
    .execute();
  await db.schema
    .createTable('imported_media')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('imported_media_pk', ['source', 'file'])
    .execute();
  await db.schema
    .createTable('old_addresses')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('old_addresses_article').on('old_addresses').column('article_id').execute();
  await db.schema.createIndex('imported_items_article').on('imported_items').column('article_id').execute();
}
