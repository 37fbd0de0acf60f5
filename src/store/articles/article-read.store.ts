import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { ArticleSummary, ArticleType, ArticleView, Byline, BylineCredit } from '../../domain/articles/article.js';
import { deriveKicker } from '../../domain/articles/kicker.js';
import type { DB } from '../db/schema.js';
import { loadVariants } from '../media/media.store.js';

/** What a listing is narrowed to; every field is optional and they combine with AND. */
export interface ArticleFilter {
  readonly country?: string;
  readonly topicId?: number;
  readonly sectionId?: number;
  readonly contributorId?: number;
  readonly type?: ArticleType;
  /** Leaves out one type: the front page's news column leaves out analysis. */
  readonly excludeType?: ArticleType;
  /** "2012-08": articles published in that month (UTC). */
  readonly month?: string;
  /** A BCP 47 tag: articles written in that language. */
  readonly language?: string;
}

/** The condition a listing's articles meet: published, and whatever the filter asks. */
function published(eb: ExpressionBuilder<DB, 'articles'>, filter: ArticleFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('articles.status', '=', 'published')];
  const { country, topicId, sectionId, contributorId, type, excludeType, month, language } = filter;
  if (language) conditions.push(eb('articles.language', '=', language));
  if (country)
    conditions.push(
      eb.exists(eb.selectFrom('article_countries as x').select('x.article_id').whereRef('x.article_id', '=', 'articles.id').where('x.country', '=', country)),
    );
  if (topicId)
    conditions.push(
      eb.exists(eb.selectFrom('article_topics as x').select('x.article_id').whereRef('x.article_id', '=', 'articles.id').where('x.topic_id', '=', topicId)),
    );
  if (sectionId)
    conditions.push(
      eb.exists(
        eb.selectFrom('article_sections as x').select('x.article_id').whereRef('x.article_id', '=', 'articles.id').where('x.section_id', '=', sectionId),
      ),
    );
  if (contributorId)
    conditions.push(
      eb.exists(
        eb
          .selectFrom('article_contributors as x')
          .select('x.article_id')
          .whereRef('x.article_id', '=', 'articles.id')
          .where('x.contributor_id', '=', contributorId),
      ),
    );
  if (type) conditions.push(eb('articles.type', '=', type));
  if (excludeType) conditions.push(eb('articles.type', '!=', excludeType));
  if (month) conditions.push(eb('articles.published_at', '>=', `${month}-01`), eb('articles.published_at', '<', nextMonth(month)));
  return eb.and(conditions);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

const summaryColumns = [
  'articles.id',
  'articles.slug',
  'articles.type',
  'articles.language',
  'articles.title',
  'articles.standfirst',
  'articles.published_at',
  'articles.last_update_at',
  'articles.kicker_override',
  'articles.primary_country',
  'articles.byline_collective',
  'topics.name as primary_topic',
  'cs.slug as collective_slug',
  'cs.name as collective_name',
  'cs.short_label as collective_label',
] as const;

function summaryQuery(db: Kysely<DB>) {
  return db
    .selectFrom('articles')
    .leftJoin('topics', 'topics.id', 'articles.primary_topic_id')
    .leftJoin('sections as cs', 'cs.id', 'articles.byline_collective_section_id')
    .select(summaryColumns);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

/** Credits of many articles in one query, keyed by article id, in byline order. */
async function loadCredits(db: Kysely<DB>, ids: readonly number[]): Promise<Map<number, BylineCredit[]>> {
  const byArticle = new Map<number, BylineCredit[]>();
  if (ids.length === 0) return byArticle;
  const rows = await db
    .selectFrom('article_contributors as ac')
    .innerJoin('contributors as c', 'c.id', 'ac.contributor_id')
    .leftJoin('sections as s', 's.id', 'ac.section_id')
    .select(['ac.article_id', 'ac.role', 'c.slug', 'c.name', 's.slug as section_slug', 's.name as section_name', 's.short_label'])
    .where('ac.article_id', 'in', ids)
    .orderBy('ac.article_id')
    .orderBy('ac.position')
    .execute();
  for (const r of rows) {
    const credit: BylineCredit = {
      contributor: { slug: r.slug, name: r.name },
      section: r.section_slug ? { slug: r.section_slug, name: r.section_name ?? '', shortLabel: r.short_label ?? '' } : null,
      role: r.role,
    };
    byArticle.set(r.article_id, [...(byArticle.get(r.article_id) ?? []), credit]);
  }
  return byArticle;
}

function toSummary(row: SummaryRow, credits: readonly BylineCredit[]): ArticleSummary {
  const byline: Byline = {
    credits,
    collective: row.byline_collective,
    collectiveSection: row.collective_slug ? { slug: row.collective_slug, name: row.collective_name ?? '', shortLabel: row.collective_label ?? '' } : null,
  };
  return {
    id: row.id,
    slug: row.slug,
    type: row.type,
    language: row.language,
    kicker: deriveKicker({ override: row.kicker_override, primaryCountry: row.primary_country, primaryTopic: row.primary_topic }),
    title: row.title,
    standfirst: row.standfirst,
    publishedAt: row.published_at ?? '',
    lastUpdateAt: row.last_update_at,
    byline,
  };
}

/** A page of published articles, newest first, and how many match in all. */
export async function listPublished(
  db: Kysely<DB>,
  filter: ArticleFilter,
  page: { limit: number; offset: number },
): Promise<{ items: ArticleSummary[]; total: number }> {
  const rows = await summaryQuery(db)
    .where((eb) => published(eb, filter))
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const counted = await db
    .selectFrom('articles')
    .where((eb) => published(eb, filter))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const credits = await loadCredits(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toSummary(r, credits.get(r.id) ?? [])), total: Number(counted.n) };
}

/** Months that have published articles, newest first, with their counts ("2012-08", 41). */
export async function archiveMonths(db: Kysely<DB>): Promise<{ month: string; count: number }[]> {
  const month = sql<string>`substr(published_at, 1, 7)`;
  const rows = await db
    .selectFrom('articles')
    .select([month.as('month'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('status', '=', 'published')
    .groupBy(month)
    .orderBy(month, 'desc')
    .execute();
  return rows.map((r) => ({ month: r.month, count: Number(r.n) }));
}

/** The slug of the newest published article marked featured (the front page's lead), if any. */
export async function findFeaturedSlug(db: Kysely<DB>): Promise<string | undefined> {
  const row = await db
    .selectFrom('articles')
    .select('slug')
    .where('status', '=', 'published')
    .where('featured', '=', 1)
    .orderBy('published_at', 'desc')
    .executeTakeFirst();
  return row?.slug;
}

/** The published article at this slug with everything its page shows, or undefined. */
export async function findPublishedBySlug(db: Kysely<DB>, slug: string): Promise<ArticleView | undefined> {
  return findView(db, { slug });
}

/** The article with this id in whatever status (a draft for its preview link), or undefined. */
export async function findArticleViewById(db: Kysely<DB>, id: number): Promise<ArticleView | undefined> {
  return findView(db, { id });
}

/** What a withdrawn article's old address tells readers, or undefined when no article there was withdrawn. */
export async function findWithdrawnBySlug(db: Kysely<DB>, slug: string): Promise<{ title: string; withdrawnAt: string; note: string | null } | undefined> {
  const row = await db
    .selectFrom('articles')
    .select(['title', 'withdrawn_at', 'withdrawal_note'])
    .where('slug', '=', slug)
    .where('status', '=', 'withdrawn')
    .executeTakeFirst();
  return row ? { title: row.title, withdrawnAt: row.withdrawn_at ?? '', note: row.withdrawal_note } : undefined;
}

async function findView(db: Kysely<DB>, by: { slug: string } | { id: number }): Promise<ArticleView | undefined> {
  const query = summaryQuery(db)
    .leftJoin('publications as p', 'p.id', 'articles.provenance_publication_id')
    .leftJoin('media as m', 'm.id', 'articles.image_id')
    .select([
      'articles.body_html',
      'articles.image_id',
      'articles.provenance_note',
      'articles.provenance_url',
      'articles.campaign_id',
      'articles.status',
      'p.slug as publication_slug',
      'p.name as publication_name',
      'p.url as publication_url',
      'm.path as image_path',
      'm.width as image_width',
      'm.height as image_height',
      'm.alt as image_alt',
      'articles.image_caption',
      'articles.image_credit',
      'm.caption as media_caption',
      'm.credit as media_credit',
    ]);
  const row = await (
    'slug' in by ? query.where('articles.slug', '=', by.slug).where('articles.status', '=', 'published') : query.where('articles.id', '=', by.id)
  ).executeTakeFirst();
  if (!row) return undefined;
  const [credits, details, variants] = await Promise.all([
    loadCredits(db, [row.id]),
    loadDetails(db, row.id),
    row.image_id !== null ? loadVariants(db, [row.image_id]) : undefined,
  ]);
  const hasProvenance = row.publication_slug || row.provenance_note || row.provenance_url;
  return {
    ...toSummary(row, credits.get(row.id) ?? []),
    ...details,
    bodyHtml: row.body_html,
    campaignId: row.campaign_id,
    provenance: hasProvenance
      ? {
          publication: row.publication_slug ? { slug: row.publication_slug, name: row.publication_name ?? '', url: row.publication_url } : null,
          note: row.provenance_note,
          url: row.provenance_url,
        }
      : null,
    image: row.image_path
      ? {
          src: row.image_path,
          width: row.image_width,
          height: row.image_height,
          alt: row.image_alt ?? '',
          caption: row.image_caption ?? row.media_caption,
          credit: row.image_credit ?? row.media_credit,
          variants: (row.image_id !== null ? variants?.get(row.image_id) : undefined) ?? [],
        }
      : null,
  };
}

async function loadDetails(db: Kysely<DB>, id: number): Promise<Pick<ArticleView, 'countries' | 'topics' | 'sections' | 'updates'>> {
  const [countries, topics, sections, updates] = await Promise.all([
    db.selectFrom('article_countries').select('country').where('article_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('article_topics as x')
      .innerJoin('topics as t', 't.id', 'x.topic_id')
      .select(['t.slug', 't.name'])
      .where('x.article_id', '=', id)
      .orderBy('x.position')
      .execute(),
    db
      .selectFrom('article_sections as x')
      .innerJoin('sections as s', 's.id', 'x.section_id')
      .select(['s.slug', 's.name'])
      .where('x.article_id', '=', id)
      .orderBy('x.position')
      .execute(),
    db.selectFrom('article_updates').select(['at', 'note']).where('article_id', '=', id).orderBy('at').orderBy('id').execute(),
  ]);
  return { countries: countries.map((c) => c.country), topics, sections, updates };
}

/** Countries that published articles are filed under, with how many. */
export async function countryCounts(db: Kysely<DB>): Promise<{ country: string; count: number }[]> {
  const rows = await db
    .selectFrom('article_countries as x')
    .innerJoin('articles', 'articles.id', 'x.article_id')
    .select(['x.country', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('articles.status', '=', 'published')
    .groupBy('x.country')
    .execute();
  return rows.map((r) => ({ country: r.country, count: Number(r.n) }));
}

/** Contributors credited on published articles, with how many. */
export async function contributorCounts(db: Kysely<DB>): Promise<{ slug: string; name: string; count: number }[]> {
  const rows = await db
    .selectFrom('article_contributors as x')
    .innerJoin('articles', 'articles.id', 'x.article_id')
    .innerJoin('contributors as c', 'c.id', 'x.contributor_id')
    .select(['c.slug', 'c.name', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('articles.status', '=', 'published')
    .groupBy(['c.slug', 'c.name'])
    .execute();
  return rows.map((r) => ({ slug: r.slug, name: r.name, count: Number(r.n) }));
}

/** Topics of published articles, with how many. */
export async function topicCounts(db: Kysely<DB>): Promise<{ slug: string; name: string; count: number }[]> {
  const rows = await db
    .selectFrom('article_topics as x')
    .innerJoin('articles', 'articles.id', 'x.article_id')
    .innerJoin('topics as t', 't.id', 'x.topic_id')
    .select(['t.slug', 't.name', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('articles.status', '=', 'published')
    .groupBy(['t.slug', 't.name'])
    .execute();
  return rows.map((r) => ({ slug: r.slug, name: r.name, count: Number(r.n) }));
}

/**
 * Where a published article lives now, when this slug was once its address and no
 * published article has it today; undefined otherwise.
 */
export async function movedArticleSlug(db: Kysely<DB>, slug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('article_old_slugs as o')
    .innerJoin('articles as a', 'a.id', 'o.article_id')
    .select('a.slug')
    .where('o.slug', '=', slug)
    .where('a.status', '=', 'published')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('articles as live').select('live.id').where('live.slug', '=', slug).where('live.status', '=', 'published'))))
    .executeTakeFirst();
  return row?.slug;
}
