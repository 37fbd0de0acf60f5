import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Article translations (docs/decisions/0022). Articles already carry a language and a
 * translation group; a group now names its original, and each translation remembers the
 * version of the original it was translated from and when it was last brought up to date,
 * so that a public update of the original marks it "behind the original".
 */
export async function up(db: AnyDb, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('translation_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('original_id', 'integer', (c) => c.notNull().references('articles.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('articles').addColumn('translation_source_version', 'integer').execute();
  await db.schema.alterTable('articles').addColumn('translation_synced_at', 'text').execute();
  await db.schema.createIndex('articles_translation_group').on('articles').column('translation_group').execute();
}
