import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { AlternateMember, SitemapMonth } from '../../domain/sitemaps/sitemaps.js';
import type { DB } from '../db/schema.js';

/*
 * What the sitemaps list (docs/decisions/0027): published articles by month and of the
 * last hours, the published members of their translation groups, and the public
 * campaigns and sections. Only what a sitemap names, never the articles' text.
 */

/** A published article as a sitemap lists it. */
export interface SitemapArticle {
  readonly id: number;
  readonly slug: string;
  readonly language: string;
  readonly title: string;
  readonly publishedAt: string;
  readonly lastUpdateAt: string | null;
  readonly group: string | null;
}

/** A translation group's published members, in language order, and its original. */
export interface SitemapGroup {
  readonly originalId: number;
  readonly members: readonly AlternateMember[];
}

const month = sql<string>`substr(published_at, 1, 7)`;

/** Months with published articles, newest first, with how many and their newest public change. */
export async function sitemapMonths(db: Kysely<DB>): Promise<SitemapMonth[]> {
  const rows = await db
    .selectFrom('articles')
    .select([
      month.as('month'),
      (eb) => eb.fn.countAll<number | string>().as('n'),
      (eb) => eb.fn.max(eb.fn.coalesce('last_update_at', 'published_at')).as('lastmod'),
    ])
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .groupBy(month)
    .orderBy(month, 'desc')
    .execute();
  return rows.map((r) => ({ month: r.month, count: Number(r.n), lastmod: r.lastmod ?? '' }));
}

function nextMonth(yearMonth: string): string {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

type Where = (eb: ExpressionBuilder<DB, 'articles'>) => ReturnType<ExpressionBuilder<DB, 'articles'>['and']>;

const inMonth =
  (yearMonth: string): Where =>
  (eb) =>
    eb.and([
      eb('articles.status', '=', 'published'),
      eb('articles.published_at', '>=', `${yearMonth}-01`),
      eb('articles.published_at', '<', nextMonth(yearMonth)),
    ]);

const since =
  (from: string): Where =>
  (eb) =>
    eb.and([eb('articles.status', '=', 'published'), eb('articles.published_at', '>=', from)]);

function articleQuery(db: Kysely<DB>, where: Where) {
  return db
    .selectFrom('articles')
    .select([
      'articles.id',
      'articles.slug',
      'articles.language',
      'articles.title',
      'articles.published_at',
      'articles.last_update_at',
      'articles.translation_group',
    ])
    .where(where);
}

function toArticle(r: Awaited<ReturnType<ReturnType<typeof articleQuery>['execute']>>[number]): SitemapArticle {
  return {
    id: r.id,
    slug: r.slug,
    language: r.language,
    title: r.title,
    publishedAt: r.published_at ?? '',
    lastUpdateAt: r.last_update_at,
    group: r.translation_group,
  };
}

/** One part of a month's published articles, oldest first (so a part's contents do not shift as new articles come). */
export async function monthArticles(db: Kysely<DB>, yearMonth: string, page: { limit: number; offset: number }): Promise<SitemapArticle[]> {
  const rows = await articleQuery(db, inMonth(yearMonth))
    .orderBy('articles.published_at')
    .orderBy('articles.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toArticle);
}

/** Articles published since `from`, newest first, at most `limit`. */
export async function articlesSince(db: Kysely<DB>, from: string, limit: number): Promise<SitemapArticle[]> {
  const rows = await articleQuery(db, since(from)).orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).execute();
  return rows.map(toArticle);
}

/**
 * The published members of every translation group with an article in the month (or
 * since the moment), by group: one query however many articles the month has, with the
 * groups chosen by a subquery rather than a list of parameters.
 */
export async function groupsOf(db: Kysely<DB>, scope: { readonly month: string } | { readonly since: string }): Promise<Map<string, SitemapGroup>> {
  const where = 'month' in scope ? inMonth(scope.month) : since(scope.since);
  const rows = await db
    .selectFrom('articles as m')
    .innerJoin('translation_groups as g', 'g.id', 'm.translation_group')
    .select(['m.id', 'm.slug', 'm.language', 'g.id as group_id', 'g.original_id'])
    .where('m.status', '=', 'published')
    .where('m.translation_group', 'in', (eb) =>
      eb.selectFrom('articles').select('articles.translation_group').where(where).where('articles.translation_group', 'is not', null),
    )
    .orderBy('g.id')
    .orderBy('m.language')
    .orderBy('m.id')
    .execute();
  const groups = new Map<string, { originalId: number; members: AlternateMember[] }>();
  for (const r of rows) {
    const group = groups.get(r.group_id) ?? { originalId: r.original_id, members: [] };
    group.members.push({ id: r.id, slug: r.slug, language: r.language });
    groups.set(r.group_id, group);
  }
  return groups;
}

/** The ids of campaigns with public pages (every status but draft), with their last change. */
export async function publicCampaignIds(db: Kysely<DB>): Promise<{ id: number; modifiedAt: string }[]> {
  const rows = await db.selectFrom('campaigns').select(['id', 'modified_at']).where('status', '!=', 'draft').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, modifiedAt: r.modified_at }));
}

/** The slugs of sections with a public home: every one not retired. */
export async function activeSectionSlugs(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('sections').select('slug').where('retired_at', 'is', null).orderBy('slug').execute();
  return rows.map((r) => r.slug);
}

/**
 * The months ("2012-08") in which these articles are published: the monthly sitemaps
 * that list them, whose alternates change when they join or leave a translation group.
 */
export async function publishedMonthsOf(db: Kysely<DB>, ids: readonly number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('articles').select(month.as('month')).distinct().where('id', 'in', ids).where('status', '=', 'published').execute();
  return rows.map((r) => r.month).filter((m): m is string => typeof m === 'string' && m !== '');
}
