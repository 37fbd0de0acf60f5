import type { Insertable, Transaction } from 'kysely';
import type { ArticlesTable, DB } from '../db/schema.js';
import { indexNewArticle } from '../search/search-index.store.js';

/** One credited contributor of a new article, by id. */
export interface CreditRow {
  readonly contributorId: number;
  readonly sectionId: number | null;
  readonly role: string | null;
}

/** Everything that is stored of an article: its row and the lists that hang off it. */
export interface ArticleRecord {
  readonly article: Omit<Insertable<ArticlesTable>, 'id'>;
  readonly credits: readonly CreditRow[];
  readonly countries: readonly string[];
  readonly topicIds: readonly number[];
  readonly sectionIds: readonly number[];
  readonly updates: readonly { at: string; note: string }[];
}

/**
 * Writes an article with its byline, countries, topics, sections and updates. Needs a
 * transaction: a half-written article (a title without its byline) must never be read.
 */
export async function insertArticle(trx: Transaction<DB>, record: ArticleRecord): Promise<number> {
  const { id } = await trx.insertInto('articles').values(record.article).returning('id').executeTakeFirstOrThrow();
  const credits = record.credits.map((c, position) => ({ article_id: id, position, contributor_id: c.contributorId, section_id: c.sectionId, role: c.role }));
  if (credits.length > 0) await trx.insertInto('article_contributors').values(credits).execute();
  const countries = record.countries.map((country, position) => ({ article_id: id, position, country }));
  if (countries.length > 0) await trx.insertInto('article_countries').values(countries).execute();
  const topics = record.topicIds.map((topic_id, position) => ({ article_id: id, position, topic_id }));
  if (topics.length > 0) await trx.insertInto('article_topics').values(topics).execute();
  const sections = record.sectionIds.map((section_id, position) => ({ article_id: id, position, section_id }));
  if (sections.length > 0) await trx.insertInto('article_sections').values(sections).execute();
  const updates = record.updates.map((u) => ({ article_id: id, at: u.at, note: u.note }));
  if (updates.length > 0) await trx.insertInto('article_updates').values(updates).execute();
  await indexNewArticle(trx, id, record.article);
  return id;
}

/** Adds a public update note and marks the article updated. Needs a transaction. */
export async function addArticleUpdate(trx: Transaction<DB>, articleId: number, update: { at: string; note: string }): Promise<void> {
  await trx.insertInto('article_updates').values({ article_id: articleId, at: update.at, note: update.note }).execute();
  await trx
    .updateTable('articles')
    .set((eb) => ({ last_update_at: update.at, modified_at: update.at, version: eb('version', '+', 1) }))
    .where('id', '=', articleId)
    .execute();
}

/** Remembers an address an article no longer has, so it can redirect to the new one. */
export async function retireSlug(trx: Transaction<DB>, slug: string, articleId: number, at: string): Promise<void> {
  await trx
    .insertInto('article_old_slugs')
    .values({ slug, article_id: articleId, retired_at: at })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ article_id: articleId, retired_at: at }))
    .execute();
}
