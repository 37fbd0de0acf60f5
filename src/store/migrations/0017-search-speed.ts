import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { reindexCjk } from '../search/search-index.store.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Search reads less per match (docs/decisions/0030). Chinese, Japanese and Korean
 * runs are indexed by their triples as well as their pairs, so the documents holding them
 * are indexed again: a query of three characters or more then finds its candidates through
 * the index instead of reading every text holding its pairs to check their order.
 *
 * On SQLite, an index holding every column a search reads besides the words (its filters,
 * date and what it returns), so that each match FTS5 finds costs a look-up in that narrow
 * index instead of a read of the document's row with all its folded text.
 *
 * On PostgreSQL, a small weighted vector of the title and standfirst (`head`), from which
 * the store bounds each match's relevance before it reads the whole document's words for
 * the best of them only; and the words and texts are kept out of the row (storage
 * `external`: out of line, not compressed, so reading them costs no decompression), so
 * that scanning the matches of a common word reads small rows. A row already stored keeps
 * its layout until it is next written (results are the same either way).
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await db.schema
      .createIndex('search_documents_found')
      .on('search_documents')
      .columns(['id', 'listed', 'at', 'type', 'language', 'article_id', 'campaign_id'])
      .execute();
  } else {
    await sql`alter table search_documents
      alter column title set storage external,
      alter column standfirst set storage external,
      alter column body set storage external,
      alter column tsv set storage external`.execute(db);
    await sql`alter table search_documents add column head tsvector generated always as (
      setweight(to_tsvector('simple'::regconfig, title), 'A') ||
      setweight(to_tsvector('simple'::regconfig, standfirst), 'B')) stored`.execute(db);
  }
  await reindexCjk(db as unknown as Kysely<DB>);
}
