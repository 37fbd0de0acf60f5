import type { Kysely } from 'kysely';
import type { ArticleType } from '../../domain/articles/article.js';
import { pageCount, PAGE_SIZE } from '../../domain/listing/pagination.js';
import type { SearchRequest } from '../../domain/search/search-request.js';
import { queryWords, snippet, type SnippetPart } from '../../domain/text/search-text.js';
import type { Dialect } from '../../store/db/database.js';
import type { DB } from '../../store/db/schema.js';
import { articleHitFacts, campaignHitFacts, searchPublished, type SearchFilter } from '../../store/search/search.store.js';
import { listSections } from '../../store/sections/section.store.js';
import type { Clock } from '../shared/clock.js';

/** What search needs: the database, the dialect its queries are written in, and the time (recency is counted from it). */
export interface SearchDeps {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly clock: Clock;
}

/** One result as readers see it: where it goes, what it is, and its snippets. */
export interface SearchResult {
  readonly kind: 'article' | 'campaign';
  readonly href: string;
  readonly title: readonly SnippetPart[];
  readonly snippet: readonly SnippetPart[];
  readonly type: ArticleType | 'campaign';
  readonly language: string;
  readonly at: string;
}

/**
 * Results are counted up to this many (or up to the page asked for, if it is further):
 * past it the page says "more than", since counting every match of a common word took
 * longer than finding the best (docs/decisions/0030).
 */
export const RESULTS_COUNTED = 1000;

/** A page of results. */
export interface SearchResults {
  readonly results: readonly SearchResult[];
  /** How many there are, or, when `more` is true, how many were counted before counting stopped. */
  readonly total: number;
  /** True when there are more results than `total`, so more pages than `pages`. */
  readonly more: boolean;
  readonly pages: number;
  readonly page: number;
  /** False when the query had no letter or digit, so nothing was looked for. */
  readonly searched: boolean;
}

/** The form's choices that come from the database: sections and topics (countries, types and languages need no query). */
export async function searchChoices(
  db: Kysely<DB>,
): Promise<{ sections: { slug: string; name: string }[]; topics: { slug: string; name: string }[]; languages: string[] }> {
  const [sections, topics] = await Promise.all([listSections(db), db.selectFrom('topics').select(['slug', 'name']).orderBy('name').execute()]);
  const languages = [...new Set(sections.flatMap((s) => s.languages))].sort();
  return { sections: sections.filter((s) => !s.retiredAt).map((s) => ({ slug: s.slug, name: s.shortLabel })), topics, languages };
}

/**
 * Searches what readers may open (published articles, campaigns past their draft) and
 * cuts each result's snippet around the words found. A section or topic the site does not
 * have matches nothing, rather than being ignored.
 */
export async function searchSite(deps: SearchDeps, request: SearchRequest): Promise<SearchResults> {
  const words = queryWords(request.q);
  if (words.length === 0) return { results: [], total: 0, more: false, pages: 1, page: request.page, searched: false };
  const lookup = async (table: 'sections' | 'topics', slug: string | undefined) =>
    slug === undefined ? undefined : ((await deps.db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirst())?.id ?? -1);
  const filter: SearchFilter = {
    country: request.country,
    sectionId: await lookup('sections', request.sectionSlug),
    topicId: await lookup('topics', request.topicSlug),
    type: request.type,
    language: request.language,
    from: request.from,
    before: request.before,
  };
  const { hits, total, more } = await searchPublished(
    deps.db,
    { dialect: deps.dialect, words, filter, now: deps.clock().toISOString() },
    { limit: PAGE_SIZE, offset: (request.page - 1) * PAGE_SIZE, countUpTo: Math.max(RESULTS_COUNTED, request.page * PAGE_SIZE) },
  );
  const articles = await articleHitFacts(
    deps.db,
    hits.flatMap((h) => (h.kind === 'article' ? [h.id] : [])),
  );
  const campaigns = await campaignHitFacts(
    deps.db,
    hits.flatMap((h) => (h.kind === 'campaign' ? [{ id: h.id, language: h.language }] : [])),
  );
  const results = hits.flatMap((hit): SearchResult[] => {
    if (hit.kind === 'article') {
      const a = articles.get(hit.id);
      if (!a) return [];
      const inStandfirst = snippet(a.standfirst, words);
      return [
        {
          kind: 'article',
          href: `/articles/${encodeURIComponent(a.slug)}`,
          title: snippet(a.title, words, { length: 400 }),
          snippet: inStandfirst.some((p) => p.mark) ? inStandfirst : snippet(a.bodyMarkdown, words, { markdown: true }),
          type: a.type,
          language: a.language,
          at: hit.at,
        },
      ];
    }
    const c = campaigns.find((x) => x.id === hit.id && x.language === hit.language);
    if (!c) return [];
    const inSummary = snippet(c.summary, words);
    const path = `/campaigns/${encodeURIComponent(c.slug)}`;
    return [
      {
        kind: 'campaign',
        href: c.language === c.firstLanguage ? path : `${path}/${encodeURIComponent(c.language)}`,
        title: snippet(c.title, words, { length: 400 }),
        snippet: inSummary.some((p) => p.mark) ? inSummary : snippet(c.body, words),
        type: 'campaign',
        language: c.language,
        at: hit.at,
      },
    ];
  });
  return { results, total, more, pages: pageCount(total), page: request.page, searched: true };
}
