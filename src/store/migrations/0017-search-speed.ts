import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Search reads less per match (docs/decisions/0026, "Speed"). On SQLite, an index holding
 * every column a search reads besides the words (its filters, date and what it returns),
 * so that each match FTS5 finds costs a look-up in that narrow index instead of a read of
 * the document's row with all its folded text.
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await db.schema
      .createIndex('search_documents_found')
      .on('search_documents')
      .columns(['id', 'listed', 'at', 'type', 'language', 'article_id', 'campaign_id'])
      .execute();
  }
}
