import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import { withId } from './0001-foundation.js';
import { reindexEverything } from '../search/search-index.store.js';
import type { DB } from '../db/schema.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Full-text search (docs/decisions/0026). `search_documents` holds one row per article
 * (drafts too: the admin searches them) and one per public language of a campaign, with
 * its title, standfirst and body already folded and cut into words by
 * domain/text/search-text.ts; the store rewrites the row in the transaction that changes
 * the text. What a query filters and orders on is copied beside the words (the article's
 * type, whether it is published, its date), so a search reads this one table; the store
 * updates them with every change of workflow state, in the same transaction.
 * Each database indexes those words its own way: on SQLite an FTS5 table over
 * the rows, kept in step by triggers (which only copy words, so they fold nothing); on
 * PostgreSQL a generated, weighted tsvector with a GIN index. Deleting an article or a
 * campaign deletes its rows (and, on SQLite, their index entries) by cascade.
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('search_documents'), dialect)
    .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('cascade'))
    .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('at', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_documents_article').on('search_documents').column('article_id').unique().execute();
  await db.schema.createIndex('search_documents_campaign').on('search_documents').columns(['campaign_id', 'language']).unique().execute();
  if (dialect === 'sqlite') {
    // The words are already folded: the tokenizer must only split on spaces, and fold nothing
    // more, or SQLite would find what PostgreSQL does not.
    await sql`create virtual table search_fts using fts5(title, standfirst, body, content='search_documents', content_rowid='id', tokenize='unicode61 remove_diacritics 0')`.execute(
      db,
    );
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts(rowid, title, standfirst, body) values (new.id, new.title, new.standfirst, new.body);
    end`.execute(db);
    await sql`create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts(search_fts, rowid, title, standfirst, body) values ('delete', old.id, old.title, old.standfirst, old.body);
    end`.execute(db);
    await sql`create trigger search_documents_au after update on search_documents begin
      insert into search_fts(search_fts, rowid, title, standfirst, body) values ('delete', old.id, old.title, old.standfirst, old.body);
      insert into search_fts(rowid, title, standfirst, body) values (new.id, new.title, new.standfirst, new.body);
    end`.execute(db);
  } else {
    await sql`alter table search_documents add column tsv tsvector generated always as (
      setweight(to_tsvector('simple'::regconfig, title), 'A') ||
      setweight(to_tsvector('simple'::regconfig, standfirst), 'B') ||
      setweight(to_tsvector('simple'::regconfig, body), 'C')) stored`.execute(db);
    // No pending list (fastupdate off): each write goes into the index at once, so no reader
    // scans a backlog of unmerged entries; a newsroom writes little and searches much.
    await sql`create index search_documents_tsv on search_documents using gin (tsv) with (fastupdate = off)`.execute(db);
  }
  await reindexEverything(db as unknown as Kysely<DB>);
}
