import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ArticleType } from '../../domain/articles/article.js';
import { fts5Query, tsQuery, type SearchWord } from '../../domain/text/search-text.js';
import type { Dialect } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { fromJson } from '../db/json.js';

/** What readers may narrow a search to; each is optional and they combine with AND. */
export interface SearchFilter {
  readonly country?: string;
  readonly sectionId?: number;
  readonly topicId?: number;
  /** An article type, or 'campaign' for campaigns alone. */
  readonly type?: ArticleType | 'campaign';
  readonly language?: string;
  /** Inclusive bounds on the publication date, as ISO instants. */
  readonly from?: string;
  readonly before?: string;
}

/** One result, best first: an article, or a campaign in one of its languages. */
export type SearchHit =
  | { readonly kind: 'article'; readonly id: number; readonly at: string }
  | { readonly kind: 'campaign'; readonly id: number; readonly language: string; readonly at: string };

/** How much each field weighs; PostgreSQL's ts_rank weights A, B and C are 1, 0.4 and 0.2, and FTS5's bm25 takes the same proportions. */
const BM25_WEIGHTS = sql`5.0, 2.0, 1.0`;
/** A result this many days older scores half as much as one as relevant published now. */
const HALF_LIFE_DAYS = 365;
/** On PostgreSQL, how many of the matches best by the cheap bound are ordered by ts_rank itself. */
const FULLY_RANKED = 200;

function dateOf(): RawBuilder<string> {
  return sql<string>`d.at`;
}

function conditions(filter: SearchFilter): RawBuilder<unknown>[] {
  const at = dateOf();
  // Only what readers may open: published articles (never drafts, scheduled or withdrawn ones) and campaigns past their draft.
  // (A campaign's status is read from the campaign: there are few, and its changes need no copy.)
  const where: RawBuilder<unknown>[] = [sql`(d.listed = 1 or (d.campaign_id is not null and c.status <> 'draft'))`];
  if (filter.type) where.push(sql`d.type = ${filter.type}`);
  if (filter.language) where.push(sql`d.language = ${filter.language}`);
  if (filter.from) where.push(sql`${at} >= ${filter.from}`);
  if (filter.before) where.push(sql`${at} < ${filter.before}`);
  if (filter.country)
    where.push(
      sql`(exists (select 1 from article_countries x where x.article_id = d.article_id and x.country = ${filter.country})
        or exists (select 1 from campaign_targets x where x.campaign_id = d.campaign_id and x.country = ${filter.country}))`,
    );
  if (filter.sectionId !== undefined)
    where.push(
      sql`(exists (select 1 from article_sections x where x.article_id = d.article_id and x.section_id = ${filter.sectionId}) or c.section_id = ${filter.sectionId})`,
    );
  if (filter.topicId !== undefined)
    where.push(sql`exists (select 1 from article_topics x where x.article_id = d.article_id and x.topic_id = ${filter.topicId})`);
  return where;
}

/**
 * A page of what readers may find for these words, best first, and how many there are,
 * counted up to `countUpTo` (`more` says there are more than that). Relevance is each
 * database's own (FTS5's bm25 on SQLite, ts_rank on PostgreSQL) with a title counting
 * more than a standfirst and that more than the body, divided by age so that of two
 * equally relevant texts the newer comes first; ties go to the newer, then to the later
 * stored. Counting stops at the limit because a common word matches thousands of texts
 * and counting every one took longer than finding the best twenty (docs/decisions/0030).
 */
export async function searchPublished(
  db: Kysely<DB>,
  query: { dialect: Dialect; words: readonly SearchWord[]; filter: SearchFilter; now: string },
  page: { limit: number; offset: number; countUpTo: number },
): Promise<{ hits: SearchHit[]; total: number; more: boolean }> {
  if (query.words.length === 0) return { hits: [], total: 0, more: false };
  const at = dateOf();
  const where = sql.join(conditions(query.filter), sql` and `);
  const joins = sql`left join campaigns c on c.id = d.campaign_id`;
  let rows: { article_id: number | null; campaign_id: number | null; language: string; hit_at: string }[];
  let counted: number;
  if (query.dialect === 'sqlite') {
    const match = fts5Query(query.words);
    // Julian day of now, computed once rather than parsed again for every match.
    const today = Date.parse(query.now) / 86_400_000 + 2_440_587.5;
    const age = sql`max(${today} - julianday(${at}), 0)`;
    // The narrow index holds every column a search reads besides the words, so a match costs
    // a read of that index rather than of the document's row with all its text.
    const from = sql`search_fts join search_documents d indexed by search_documents_found on d.id = search_fts.rowid ${joins}`;
    rows = (
      await sql<{ article_id: number | null; campaign_id: number | null; language: string; hit_at: string }>`
      select d.article_id, d.campaign_id, d.language, ${at} as hit_at
      from ${from}
      where search_fts match ${match} and ${where}
      order by (-bm25(search_fts, ${BM25_WEIGHTS})) / (1 + ${age} / ${sql.lit(HALF_LIFE_DAYS)}) desc, hit_at desc, d.id desc
      limit ${page.limit} offset ${page.offset}`.execute(db)
    ).rows;
    const count = await sql<{
      n: number;
    }>`select count(*) as n from (select 1 from ${from} where search_fts match ${match} and ${where} limit ${page.countUpTo + 1})`.execute(db);
    counted = Number(count.rows[0]?.n ?? 0);
  } else {
    const tsquery = sql`to_tsquery('simple'::regconfig, ${tsQuery(query.words)})`;
    // date_part gives a float; extract gives a numeric, whose arithmetic for every match cost more than the ranking.
    const age = sql`greatest(date_part('epoch', ${query.now}::timestamptz - (${at})::timestamptz) / 86400, 0)`;
    const from = sql`search_documents d ${joins}`;
    // A common word matches thousands of documents; the planner then thinks the query costly
    // enough to compile it (JIT) or to start parallel workers, each of which takes longer
    // than the query itself. Neither is worth it for a page of twenty.
    const found = await db.transaction().execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
      // ts_rank reads the whole document's words, kept out of the row (migration 0017), and
      // that read was most of a common word's time. So every match is first ordered by a
      // bound of its relevance that the small title-and-standfirst vector gives (a body adds
      // at most 0.08 to a title's or standfirst's match, and a body alone scores at most 0.2),
      // and only the best FULLY_RANKED by that bound are ordered by ts_rank itself; those
      // after them keep the bound's order. One order for every page, so paging never
      // repeats or skips a result.
      const pageRows = await sql<{ article_id: number | null; campaign_id: number | null; language: string; hit_at: string }>`
      select f.article_id, f.campaign_id, f.language, f.hit_at
      from (
        select m.*, row_number() over (order by greatest(m.head_rank + 0.08, 0.2) / m.aging desc, m.hit_at desc, m.id desc) as bound_order
        from (
          select d.id, d.article_id, d.campaign_id, d.language, ${at} as hit_at, d.tsv,
            ts_rank(d.head, ${tsquery}) as head_rank, 1 + ${age} / ${sql.lit(HALF_LIFE_DAYS)} as aging
          from ${from}
          where d.tsv @@ ${tsquery} and ${where}
        ) m
      ) f
      order by f.bound_order > ${sql.lit(FULLY_RANKED)},
        case when f.bound_order <= ${sql.lit(FULLY_RANKED)} then ts_rank(f.tsv, ${tsquery}) / f.aging end desc,
        f.bound_order
      limit ${page.limit} offset ${page.offset}`.execute(trx);
      const count = await sql<{
        n: string | number;
      }>`select count(*) as n from (select 1 from ${from} where d.tsv @@ ${tsquery} and ${where} limit ${page.countUpTo + 1}) found`.execute(trx);
      return { rows: pageRows.rows, counted: Number(count.rows[0]?.n ?? 0) };
    });
    rows = found.rows;
    counted = found.counted;
  }
  return {
    total: Math.min(counted, page.countUpTo),
    more: counted > page.countUpTo,
    hits: rows.map((r) =>
      r.article_id !== null
        ? { kind: 'article', id: r.article_id, at: r.hit_at }
        : { kind: 'campaign', id: r.campaign_id ?? 0, language: r.language, at: r.hit_at },
    ),
  };
}

/**
 * The condition "this article's title, standfirst or body has all these words", for the
 * admin's list: drafts included, the list's own scope and filters applied around it.
 */
export function articleMatches(dialect: Dialect, words: readonly SearchWord[]): RawBuilder<boolean> {
  if (words.length === 0) return sql<boolean>`1 = 0`;
  if (dialect === 'sqlite')
    return sql<boolean>`articles.id in (select d.article_id from search_fts join search_documents d on d.id = search_fts.rowid where search_fts match ${fts5Query(words)} and d.article_id is not null)`;
  return sql<boolean>`articles.id in (select d.article_id from search_documents d where d.tsv @@ to_tsquery('simple'::regconfig, ${tsQuery(words)}) and d.article_id is not null)`;
}

/** What a result shows of an article: its address, texts to cut a snippet from, and what it is. */
export interface ArticleHitFacts {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly standfirst: string;
  readonly bodyMarkdown: string;
  readonly type: ArticleType;
  readonly language: string;
  readonly publishedAt: string | null;
}

/** The facts of these published articles, by id. */
export async function articleHitFacts(db: Kysely<DB>, ids: readonly number[]): Promise<Map<number, ArticleHitFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'standfirst', 'body_md', 'type', 'language', 'published_at'])
    .where('id', 'in', [...ids])
    .where('status', '=', 'published')
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        slug: r.slug,
        title: r.title,
        standfirst: r.standfirst,
        bodyMarkdown: r.body_md,
        type: r.type,
        language: r.language,
        publishedAt: r.published_at,
      },
    ]),
  );
}

/** What a result shows of a campaign in one language. */
export interface CampaignHitFacts {
  readonly id: number;
  readonly slug: string;
  readonly language: string;
  readonly firstLanguage: string;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
}

/** The texts of these campaigns in these languages (their first language's from the campaign itself). */
export async function campaignHitFacts(db: Kysely<DB>, wanted: readonly { id: number; language: string }[]): Promise<CampaignHitFacts[]> {
  if (wanted.length === 0) return [];
  const ids = [...new Set(wanted.map((w) => w.id))];
  const [campaigns, translations] = await Promise.all([
    db
      .selectFrom('campaigns')
      .select(['id', 'slug', 'title', 'summary', 'demands', 'petition_text', 'languages'])
      .where('id', 'in', ids)
      .where('status', '<>', 'draft')
      .execute(),
    db
      .selectFrom('campaign_translations')
      .select(['campaign_id', 'language', 'title', 'summary', 'demands', 'petition_text'])
      .where('campaign_id', 'in', ids)
      .execute(),
  ]);
  return wanted.flatMap((w) => {
    const c = campaigns.find((x) => x.id === w.id);
    if (!c) return [];
    const first = fromJson(c.languages)[0] ?? 'en';
    const texts = w.language === first ? c : translations.find((t) => t.campaign_id === w.id && t.language === w.language);
    if (!texts) return [];
    return [
      {
        id: c.id,
        slug: c.slug,
        language: w.language,
        firstLanguage: first,
        title: texts.title,
        summary: texts.summary,
        body: [...fromJson(texts.demands), texts.petition_text].join('\n\n'),
      },
    ];
  });
}
