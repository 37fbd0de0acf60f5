import type { Kysely, Transaction } from 'kysely';
import { hasCjk, indexText, plainOfMarkdown } from '../../domain/text/search-text.js';
import type { DB } from '../db/schema.js';
import { fromJson } from '../db/json.js';

/** An article's or a campaign's texts as the index stores them. */
interface IndexedTexts {
  readonly language: string;
  readonly title: string;
  readonly standfirst: string;
  readonly body: string;
}

function folded(texts: { language: string; title: string; standfirst: string; bodyMarkdown: string }): IndexedTexts {
  return {
    language: texts.language,
    title: indexText(texts.title),
    standfirst: indexText(texts.standfirst),
    body: indexText(plainOfMarkdown(texts.bodyMarkdown)),
  };
}

/**
 * Rewrites an article's search document from its stored title, standfirst and body.
 * Called by the store functions that write those (insertArticle, updateArticleContent),
 * inside their transaction, so the index never disagrees with a committed article; whether
 * readers may find it is decided at query time from the article's status.
 */
export async function indexArticle(trx: Transaction<DB> | Kysely<DB>, articleId: number): Promise<void> {
  const row = await trx
    .selectFrom('articles')
    .select(['language', 'title', 'standfirst', 'body_md', 'type', 'status', 'published_at'])
    .where('id', '=', articleId)
    .executeTakeFirst();
  if (!row) {
    await trx.deleteFrom('search_documents').where('article_id', '=', articleId).execute();
    return;
  }
  const values = {
    ...folded({ language: row.language, title: row.title, standfirst: row.standfirst, bodyMarkdown: row.body_md }),
    type: row.type,
    listed: row.status === 'published' ? 1 : 0,
    at: row.published_at,
  };
  const updated = await trx.updateTable('search_documents').set(values).where('article_id', '=', articleId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    await trx
      .insertInto('search_documents')
      .values({ ...values, article_id: articleId })
      .execute();
}

/**
 * Writes the search document of an article just inserted, from the values inserted:
 * reading the row back (as indexArticle does) would only return them. A new article has
 * no document yet, so nothing is updated. Called by insertArticle in its transaction.
 */
export async function indexNewArticle(
  trx: Transaction<DB>,
  articleId: number,
  row: { language: string; title: string; standfirst: string; body_md: string; type: string; status: string; published_at?: string | null },
): Promise<void> {
  await trx
    .insertInto('search_documents')
    .values({
      ...folded({ language: row.language, title: row.title, standfirst: row.standfirst, bodyMarkdown: row.body_md }),
      type: row.type,
      listed: row.status === 'published' ? 1 : 0,
      at: row.published_at ?? null,
      article_id: articleId,
    })
    .execute();
}

/**
 * Copies an article's workflow state (published or not, and when) to its search document.
 * Called by setWorkflowState in the transaction that changes it, so a withdrawn article
 * leaves the results when the withdrawal commits, and a published one enters them.
 */
export async function syncArticleListing(trx: Transaction<DB>, articleId: number): Promise<void> {
  const row = await trx.selectFrom('articles').select(['status', 'published_at']).where('id', '=', articleId).executeTakeFirst();
  if (!row) return;
  await trx
    .updateTable('search_documents')
    .set({ listed: row.status === 'published' ? 1 : 0, at: row.published_at })
    .where('article_id', '=', articleId)
    .execute();
}

/** A campaign's searchable texts in each of its languages: its title, summary, demands and petition text. */
async function campaignTexts(trx: Transaction<DB> | Kysely<DB>, campaignId: number): Promise<(IndexedTexts & { at: string })[]> {
  const campaign = await trx
    .selectFrom('campaigns')
    .select(['title', 'summary', 'demands', 'petition_text', 'languages', 'created_at'])
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (!campaign) return [];
  const languages = fromJson(campaign.languages);
  const first = languages[0] ?? 'en';
  const translations = await trx
    .selectFrom('campaign_translations')
    .select(['language', 'title', 'summary', 'demands', 'petition_text'])
    .where('campaign_id', '=', campaignId)
    .execute();
  const body = (demands: readonly string[], petition: string) => [...demands, petition].join('\n\n');
  return [
    folded({ language: first, title: campaign.title, standfirst: campaign.summary, bodyMarkdown: body(fromJson(campaign.demands), campaign.petition_text) }),
    ...translations
      .filter((t) => t.language !== first && languages.includes(t.language))
      .map((t) => folded({ language: t.language, title: t.title, standfirst: t.summary, bodyMarkdown: body(fromJson(t.demands), t.petition_text) })),
  ].map((texts) => ({ ...texts, at: campaign.created_at }));
}

/**
 * Rewrites a campaign's search documents, one per language, from its stored texts. Called
 * by the store functions that write them, inside their transaction; whether readers may
 * find the campaign is decided at query time from its status.
 */
export async function indexCampaign(trx: Transaction<DB> | Kysely<DB>, campaignId: number): Promise<void> {
  await trx.deleteFrom('search_documents').where('campaign_id', '=', campaignId).execute();
  const rows = await campaignTexts(trx, campaignId);
  if (rows.length > 0)
    await trx
      .insertInto('search_documents')
      .values(rows.map((r) => ({ ...r, campaign_id: campaignId, type: 'campaign', listed: 0 })))
      .execute();
}

/** Indexes every article and campaign: the migration that adds search runs this once over what is already stored. */
export async function reindexEverything(db: Kysely<DB>): Promise<void> {
  const articles = await db.selectFrom('articles').select('id').orderBy('id').execute();
  for (const { id } of articles) await indexArticle(db, id);
  const campaigns = await db.selectFrom('campaigns').select('id').orderBy('id').execute();
  for (const { id } of campaigns) await indexCampaign(db, id);
}

/**
 * Indexes again every article and campaign whose indexed words hold Chinese, Japanese or
 * Korean: migration 0017 added the triples of those runs to the index, and a query of three
 * characters or more looks for them. The rest keep their rows as they are.
 */
export async function reindexCjk(db: Kysely<DB>): Promise<void> {
  const campaigns = new Set<number>();
  for (let after = 0; ;) {
    const rows = await db
      .selectFrom('search_documents')
      .select(['id', 'article_id', 'campaign_id', 'title', 'standfirst', 'body'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    for (const row of rows) {
      if (!hasCjk(row.title) && !hasCjk(row.standfirst) && !hasCjk(row.body)) continue;
      if (row.article_id !== null) await indexArticle(db, row.article_id);
      // A campaign's rows are written anew (with new ids), so they are rewritten after the walk.
      else if (row.campaign_id !== null) campaigns.add(row.campaign_id);
    }
  }
  for (const id of campaigns) await indexCampaign(db, id);
}
