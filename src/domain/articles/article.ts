import type { CountryCode } from '../geo/countries.js';
import type { ImageVariant } from '../media/media.js';

/** The kinds of article a listing can be filtered by. */
export const ARTICLE_TYPES = ['news', 'analysis', 'review', 'editorial', 'statement', 'report'] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];

/** Workflow states; only `published` articles are shown to readers. */
export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'withdrawn'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Plural headings for the type listings ("Analysis", "Reviews"). */
export const ARTICLE_TYPE_LABELS: Readonly<Record<ArticleType, string>> = {
  news: 'News',
  analysis: 'Analysis',
  review: 'Reviews',
  editorial: 'Editorials',
  statement: 'Statements',
  report: 'Reports',
};

/** True when the string names an article type. */
export function isArticleType(value: string): value is ArticleType {
  return (ARTICLE_TYPES as readonly string[]).includes(value);
}

/** One credited contributor, with the section they wrote for at the time. */
export interface BylineCredit {
  readonly contributor: { readonly slug: string; readonly name: string };
  readonly section: { readonly slug: string; readonly name: string; readonly shortLabel: string } | null;
  /** Their role when it matters to the byline ("general secretary", "TD"). */
  readonly role: string | null;
}

/**
 * A byline: an ordered list of credits, or a collective text such as
 * "Socialist Party (CWI England and Wales) Reporters", or both.
 */
export interface Byline {
  readonly credits: readonly BylineCredit[];
  readonly collective: string | null;
  readonly collectiveSection: { readonly slug: string; readonly name: string; readonly shortLabel: string } | null;
}

/** A dated public note that an article was changed after publication. */
export interface ArticleUpdate {
  readonly at: string;
  readonly note: string;
}

/** Where an article first appeared. */
export interface Provenance {
  readonly publication: { readonly slug: string; readonly name: string; readonly url: string | null } | null;
  readonly note: string | null;
  readonly url: string | null;
}

/** The lead image of an article, with what a reader and a screen reader need. */
export interface LeadImage {
  readonly src: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly alt: string;
  readonly caption: string | null;
  readonly credit: string | null;
  /** Stored renditions (WebP and the original format) for srcset; empty for an image served as is (SVG). */
  readonly variants: readonly ImageVariant[];
}

/** What a listing shows of an article. */
export interface ArticleSummary {
  readonly id: number;
  readonly slug: string;
  readonly type: ArticleType;
  readonly language: string;
  readonly kicker: string | null;
  readonly title: string;
  readonly standfirst: string;
  readonly publishedAt: string;
  readonly lastUpdateAt: string | null;
  readonly byline: Byline;
}

/** A published article as its page shows it. */
export interface ArticleView extends ArticleSummary {
  readonly bodyHtml: string;
  readonly countries: readonly CountryCode[];
  readonly topics: readonly { readonly slug: string; readonly name: string }[];
  readonly sections: readonly { readonly slug: string; readonly name: string }[];
  readonly updates: readonly ArticleUpdate[];
  readonly provenance: Provenance | null;
  readonly image: LeadImage | null;
  readonly campaignId: number | null;
}

/** An article counts as updated once it has a public update after publication. */
export function isUpdated(article: Pick<ArticleSummary, 'lastUpdateAt'>): boolean {
  return article.lastUpdateAt !== null;
}
