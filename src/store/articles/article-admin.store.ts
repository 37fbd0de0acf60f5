import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { ArticleSnapshot } from '../../domain/articles/revision-diff.js';
import type { ArticleStatus, ArticleType } from '../../domain/articles/article.js';
import type { CampaignStatus } from '../../domain/campaigns/campaign.js';
import { foldForSearch } from '../../domain/text/slug.js';
import { fromJson } from '../db/json.js';
import { queryWords } from '../../domain/text/search-text.js';
import { articleMatches } from '../search/search.store.js';
import type { Dialect } from '../db/database.js';
import type { ArticlesTable, DB } from '../db/schema.js';
import type { CreditRow } from './article-write.store.js';
import { indexArticle, syncArticleListing } from '../search/search-index.store.js';

/**
 * Which articles a list may show, mirroring canSeeArticle (domain/accounts/staff.ts) in
 * SQL so that counts and pages are right: everything, a section editor's sections (plus
 * articles without a section and their own), or one author's own.
 */
export type ListScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'sections'; readonly sectionIds: readonly number[]; readonly userId: number }
  | { readonly kind: 'own'; readonly userId: number }
  | { readonly kind: 'none' };

/** The admin list's filters; each is optional and they combine with AND. */
export interface AdminArticleFilter {
  readonly status?: ArticleStatus;
  readonly sectionId?: number;
  readonly type?: ArticleType;
  readonly country?: string;
  readonly contributorId?: number;
  readonly ownerId?: number;
  readonly language?: string;
  /** Part of the title, or words of the title, standfirst or body, matched ignoring case and diacritics. */
  readonly search?: string;
}

/** One row of the admin list. */
export interface AdminArticleRow {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly status: ArticleStatus;
  readonly type: ArticleType;
  readonly language: string;
  readonly modifiedAt: string;
  readonly publishedAt: string | null;
  readonly owner: string | null;
  readonly sections: readonly string[];
}

type Eb = ExpressionBuilder<DB, 'articles'>;

function scopeCondition(eb: Eb, scope: ListScope): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'none':
      return sql<SqlBool>`1 = 0`;
    case 'own':
      return eb('articles.owner_id', '=', scope.userId);
    case 'sections': {
      const any = eb.exists(eb.selectFrom('article_sections as s').select('s.article_id').whereRef('s.article_id', '=', 'articles.id'));
      const ours =
        scope.sectionIds.length > 0
          ? eb.exists(
              eb
                .selectFrom('article_sections as s')
                .select('s.article_id')
                .whereRef('s.article_id', '=', 'articles.id')
                .where('s.section_id', 'in', scope.sectionIds),
            )
          : sql<SqlBool>`1 = 0`;
      return eb.or([eb.not(any), ours, eb('articles.owner_id', '=', scope.userId)]);
    }
  }
}

// Every letter of the Latin, Greek and Cyrillic blocks grouped by its folded form, so a
// search for "rattvise" also matches "Rättvise" without a database extension (SQLite
// has none for this; PostgreSQL's unaccent is not always installed).
const variants = (() => {
  const map = new Map<string, Set<string>>();
  const ranges: [number, number][] = [
    [0x41, 0x24f],
    [0x370, 0x3ff],
    [0x400, 0x4ff],
    [0x1e00, 0x1eff],
  ];
  for (const [from, to] of ranges) {
    for (let cp = from; cp <= to; cp++) {
      const ch = String.fromCodePoint(cp);
      const base = foldForSearch(ch);
      if ([...base].length !== 1 || !/\p{L}/u.test(ch)) continue;
      map.set(base, (map.get(base) ?? new Set([base])).add(ch));
    }
  }
  return map;
})();

/**
 * A pattern that finds the folded needle in a title whatever its case and accents:
 * every letter becomes a bracket class of its variants. SQLite matches it with GLOB,
 * PostgreSQL with `~`; their other special characters are escaped.
 */
function foldedPattern(needle: string, dialect: Dialect): string {
  const parts = [...foldForSearch(needle)].map((ch) => {
    const set = variants.get(ch);
    if (set || /\p{L}/u.test(ch)) return `[${[...(set ?? new Set([ch, ch.toUpperCase()]))].join('')}]`;
    if (dialect === 'sqlite') return /[*?[]/.test(ch) ? `[${ch}]` : ch;
    return /[\p{L}\p{N}]/u.test(ch) ? ch : `\\${ch}`;
  });
  return dialect === 'sqlite' ? `*${parts.join('')}*` : parts.join('');
}

function filterConditions(eb: Eb, dialect: Dialect, scope: ListScope, filter: AdminArticleFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [scopeCondition(eb, scope)];
  if (filter.status) conditions.push(eb('articles.status', '=', filter.status));
  if (filter.type) conditions.push(eb('articles.type', '=', filter.type));
  if (filter.language) conditions.push(eb('articles.language', '=', filter.language));
  if (filter.ownerId) conditions.push(eb('articles.owner_id', '=', filter.ownerId));
  const { sectionId, country, contributorId } = filter;
  if (sectionId)
    conditions.push(
      eb.exists(
        eb.selectFrom('article_sections as x').select('x.article_id').whereRef('x.article_id', '=', 'articles.id').where('x.section_id', '=', sectionId),
      ),
    );
  if (country)
    conditions.push(
      eb.exists(eb.selectFrom('article_countries as x').select('x.article_id').whereRef('x.article_id', '=', 'articles.id').where('x.country', '=', country)),
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
  const search = filter.search?.trim();
  if (search) {
    // Part of a title ("rattvise" in "Rättvisepartiet"), or whole words anywhere in the
    // title, standfirst or body, drafts included (the full-text index, docs/decisions/0026).
    const pattern = foldedPattern(search, dialect);
    const inTitle = dialect === 'sqlite' ? sql<SqlBool>`articles.title GLOB ${pattern}` : sql<SqlBool>`articles.title ~ ${pattern}`;
    const words = queryWords(search);
    conditions.push(words.length > 0 ? eb.or([inTitle, articleMatches(dialect, words) as unknown as Expression<SqlBool>]) : inTitle);
  }
  return conditions;
}

/** A page of the articles a scope may see, most recently changed first, and how many match. */
export async function listAdminArticles(
  db: Kysely<DB>,
  query: { dialect: Dialect; scope: ListScope; filter: AdminArticleFilter },
  page: { limit: number; offset: number },
): Promise<{ rows: AdminArticleRow[]; total: number }> {
  const where = (eb: Eb) => eb.and(filterConditions(eb, query.dialect, query.scope, query.filter));
  const rows = await db
    .selectFrom('articles')
    .leftJoin('users', 'users.id', 'articles.owner_id')
    .select([
      'articles.id',
      'articles.slug',
      'articles.title',
      'articles.status',
      'articles.type',
      'articles.language',
      'articles.modified_at',
      'articles.published_at',
      'users.name as owner',
    ])
    .where(where)
    .orderBy('articles.modified_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const counted = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(where)
    .executeTakeFirstOrThrow();
  const ids = rows.map((r) => r.id);
  const sections =
    ids.length === 0
      ? []
      : await db
          .selectFrom('article_sections as x')
          .innerJoin('sections as s', 's.id', 'x.section_id')
          .select(['x.article_id', 's.short_label'])
          .where('x.article_id', 'in', ids)
          .orderBy('x.position')
          .execute();
  return {
    total: Number(counted.n),
    rows: rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      status: r.status,
      type: r.type,
      language: r.language,
      modifiedAt: r.modified_at,
      publishedAt: r.published_at,
      owner: r.owner,
      sections: sections.filter((s) => s.article_id === r.id).map((s) => s.short_label),
    })),
  };
}

/** What the workflow and the access rules need to know of one article. */
export interface ArticleFacts {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly type: ArticleType;
  readonly status: ArticleStatus;
  readonly ownerId: number | null;
  readonly sectionIds: readonly number[];
  readonly version: number;
  readonly publishedAt: string | null;
  readonly lastUpdateAt: string | null;
  readonly modifiedAt: string;
  readonly withdrawnAt: string | null;
  readonly withdrawalNote: string | null;
  /** The campaign the article calls to, if any. */
  readonly campaignId: number | null;
}

/** The facts of an article, or undefined when there is none with this id. */
export async function findArticleFacts(db: Kysely<DB>, id: number): Promise<ArticleFacts | undefined> {
  const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const sections = await db.selectFrom('article_sections').select('section_id').where('article_id', '=', id).orderBy('position').execute();
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    type: row.type,
    status: row.status,
    ownerId: row.owner_id,
    sectionIds: sections.map((s) => s.section_id),
    version: row.version,
    publishedAt: row.published_at,
    lastUpdateAt: row.last_update_at,
    modifiedAt: row.modified_at,
    withdrawnAt: row.withdrawn_at,
    withdrawalNote: row.withdrawal_note,
    campaignId: row.campaign_id,
  };
}

/** The editable fields of an article as they are stored now. */
export async function loadSnapshot(db: Kysely<DB>, id: number): Promise<ArticleSnapshot> {
  const a = await db
    .selectFrom('articles')
    .leftJoin('sections as cs', 'cs.id', 'articles.byline_collective_section_id')
    .leftJoin('publications as p', 'p.id', 'articles.provenance_publication_id')
    .select([
      'articles.title',
      'articles.slug',
      'articles.language',
      'articles.type',
      'articles.standfirst',
      'articles.body_md',
      'articles.kicker_override',
      'articles.byline_collective',
      'cs.slug as collective_slug',
      'p.slug as publication_slug',
      'articles.provenance_note',
      'articles.provenance_url',
      'articles.image_id',
      'articles.image_caption',
      'articles.image_credit',
      'articles.featured',
      'articles.campaign_id',
    ])
    .where('articles.id', '=', id)
    .executeTakeFirstOrThrow();
  const [credits, countries, topics, sections] = await Promise.all([
    db
      .selectFrom('article_contributors as x')
      .innerJoin('contributors as c', 'c.id', 'x.contributor_id')
      .leftJoin('sections as s', 's.id', 'x.section_id')
      .select(['c.name', 's.slug', 'x.role'])
      .where('x.article_id', '=', id)
      .orderBy('x.position')
      .execute(),
    db.selectFrom('article_countries').select('country').where('article_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('article_topics as x')
      .innerJoin('topics as t', 't.id', 'x.topic_id')
      .select('t.name')
      .where('x.article_id', '=', id)
      .orderBy('x.position')
      .execute(),
    db
      .selectFrom('article_sections as x')
      .innerJoin('sections as s', 's.id', 'x.section_id')
      .select('s.slug')
      .where('x.article_id', '=', id)
      .orderBy('x.position')
      .execute(),
  ]);
  const hasProvenance = a.publication_slug || a.provenance_note || a.provenance_url;
  return {
    title: a.title,
    slug: a.slug,
    language: a.language,
    type: a.type,
    standfirst: a.standfirst,
    bodyMarkdown: a.body_md,
    kickerOverride: a.kicker_override,
    countries: countries.map((c) => c.country),
    topics: topics.map((t) => t.name),
    sectionSlugs: sections.map((s) => s.slug),
    credits: credits.map((c) => ({ name: c.name, sectionSlug: c.slug, role: c.role })),
    collective: a.byline_collective,
    collectiveSectionSlug: a.collective_slug,
    provenance: hasProvenance ? { publicationSlug: a.publication_slug, note: a.provenance_note, url: a.provenance_url } : null,
    image: a.image_id === null ? null : { mediaId: a.image_id, caption: a.image_caption, credit: a.image_credit },
    featured: a.featured === 1,
    campaignId: a.campaign_id,
  };
}

/** What articleCacheTags needs of a stored article. */
export async function loadTagFacts(db: Kysely<DB>, id: number) {
  const [row, countries, topics, sections, contributors] = await Promise.all([
    db.selectFrom('articles').select(['slug', 'type', 'published_at', 'language', 'translation_group']).where('id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('article_countries').select('country').where('article_id', '=', id).execute(),
    db.selectFrom('article_topics as x').innerJoin('topics as t', 't.id', 'x.topic_id').select('t.slug').where('x.article_id', '=', id).execute(),
    db.selectFrom('article_sections as x').innerJoin('sections as s', 's.id', 'x.section_id').select('s.slug').where('x.article_id', '=', id).execute(),
    db
      .selectFrom('article_contributors as x')
      .innerJoin('contributors as c', 'c.id', 'x.contributor_id')
      .select('c.slug')
      .where('x.article_id', '=', id)
      .execute(),
  ]);
  return {
    slug: row.slug,
    type: row.type,
    publishedAt: row.published_at,
    countries: countries.map((c) => c.country),
    topicSlugs: topics.map((t) => t.slug),
    sectionSlugs: sections.map((s) => s.slug),
    contributorSlugs: contributors.map((c) => c.slug),
    language: row.language,
    translationGroup: row.translation_group,
  };
}

/** The lists that hang off an article, by id, in order. */
export interface ArticleLists {
  readonly credits: readonly CreditRow[];
  readonly countries: readonly string[];
  readonly topicIds: readonly number[];
  readonly sectionIds: readonly number[];
}

/**
 * Saves new content over version `expectedVersion` and bumps the version; false (and no
 * change) when someone saved in the meantime. The optimistic check is in the UPDATE
 * itself, so two saves racing in two transactions cannot both win.
 */
export async function updateArticleContent(
  trx: Transaction<DB>,
  target: { id: number; expectedVersion: number },
  values: Omit<Updateable<ArticlesTable>, 'id' | 'version'>,
  lists: ArticleLists,
): Promise<boolean> {
  const result = await trx
    .updateTable('articles')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', target.id)
    .where('version', '=', target.expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  const id = target.id;
  for (const table of ['article_contributors', 'article_countries', 'article_topics', 'article_sections'] as const) {
    await trx.deleteFrom(table).where('article_id', '=', id).execute();
  }
  const credits = lists.credits.map((c, position) => ({ article_id: id, position, contributor_id: c.contributorId, section_id: c.sectionId, role: c.role }));
  if (credits.length > 0) await trx.insertInto('article_contributors').values(credits).execute();
  if (lists.countries.length > 0)
    await trx
      .insertInto('article_countries')
      .values(lists.countries.map((country, position) => ({ article_id: id, position, country })))
      .execute();
  if (lists.topicIds.length > 0)
    await trx
      .insertInto('article_topics')
      .values(lists.topicIds.map((topic_id, position) => ({ article_id: id, position, topic_id })))
      .execute();
  if (lists.sectionIds.length > 0)
    await trx
      .insertInto('article_sections')
      .values(lists.sectionIds.map((section_id, position) => ({ article_id: id, position, section_id })))
      .execute();
  await indexArticle(trx, id);
  return true;
}

/**
 * Moves an article to a new workflow state if it is still in one of `from` (and, with
 * `dueBy`, still due by then: a reschedule that raced the scheduler wins); false otherwise.
 */
export async function setWorkflowState(
  trx: Transaction<DB>,
  target: { id: number; from: readonly ArticleStatus[]; dueBy?: string },
  values: Pick<Updateable<ArticlesTable>, 'status' | 'published_at' | 'modified_at' | 'withdrawn_at' | 'withdrawal_note'>,
): Promise<boolean> {
  let query = trx
    .updateTable('articles')
    .set(values)
    .where('id', '=', target.id)
    .where('status', 'in', [...target.from]);
  if (target.dueBy) query = query.where('published_at', '<=', target.dueBy);
  const result = await query.executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await syncArticleListing(trx, target.id);
  return true;
}

/** Ids of scheduled articles whose time has come (at or before `now`), oldest first. */
export async function dueScheduledIds(db: Kysely<DB>, now: string): Promise<number[]> {
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'scheduled')
    .where('published_at', '<=', now)
    .orderBy('published_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** True when a media row with this id exists. */
export async function mediaExists(db: Kysely<DB>, id: number): Promise<boolean> {
  return (await db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** What decides whether a campaign may be attached to an article: its status and section. Undefined when there is none. */
export async function campaignLinkFacts(db: Kysely<DB>, id: number): Promise<{ status: CampaignStatus; sectionId: number | null } | undefined> {
  const row = await db.selectFrom('campaigns').select(['status', 'section_id']).where('id', '=', id).executeTakeFirst();
  return row ? { status: row.status, sectionId: row.section_id } : undefined;
}

/** Slugs of other articles that start with `prefix`, so a new or changed slug can be made unique. */
export async function articleSlugsTaken(db: Kysely<DB>, prefix: string, exceptId: number | null): Promise<Set<string>> {
  let query = db
    .selectFrom('articles')
    .select('slug')
    .where('slug', 'like', `${prefix.replace(/[%_\\]/g, '')}%`);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return new Set((await query.execute()).map((r) => r.slug));
}

/** What the editor's selects and the list's filters offer. */
export async function editorChoices(db: Kysely<DB>) {
  const [sections, publications, media, campaigns, contributors, owners, languages] = await Promise.all([
    db
      .selectFrom('sections')
      .select(['id', 'slug', 'name', 'short_label as shortLabel', 'retired_at as retiredAt', 'languages'])
      .orderBy('name')
      .orderBy('id')
      .execute()
      .then((rows) => rows.map(({ languages, ...row }) => ({ ...row, languages: fromJson(languages) }))),
    db
      .selectFrom('publications')
      .leftJoin('sections', 'sections.id', 'publications.section_id')
      .select(['publications.slug', 'publications.name', 'sections.short_label as sectionLabel'])
      .orderBy('publications.name')
      .orderBy('publications.id')
      .execute(),
    db.selectFrom('media').select(['id', 'path', 'alt']).orderBy('id', 'desc').limit(500).execute(),
    db.selectFrom('campaigns').select(['id', 'title', 'status', 'section_id as sectionId']).orderBy('id', 'desc').execute(),
    db.selectFrom('contributors').select(['id', 'name']).orderBy('sort_key').execute(),
    db
      .selectFrom('users')
      .select(['id', 'name'])
      .where((eb) => eb.exists(eb.selectFrom('articles').select('id').whereRef('articles.owner_id', '=', 'users.id')))
      .orderBy('name')
      .execute(),
    db.selectFrom('articles').select('language').distinct().orderBy('language').execute(),
  ]);
  return { sections, publications, media, campaigns, contributors, owners, languages: languages.map((l) => l.language) };
}

/** The choices the editor offers, as editorChoices returns them. */
export type EditorChoices = Awaited<ReturnType<typeof editorChoices>>;

/** Every section's id by its slug. */
export async function sectionIdsBySlug(db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('sections').select(['id', 'slug']).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}
