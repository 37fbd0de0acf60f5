import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/** Addresses an article had before its slug was changed, so old links keep working. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('article_old_slugs')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('retired_at', 'text', (c) => c.notNull())
    .execute();
}
