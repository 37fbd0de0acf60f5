import { tags, type CacheTag } from '../cache/cache-tags.js';
import { isCountryCode } from '../geo/countries.js';
import { ARTICLE_STATUSES, ARTICLE_TYPES, type ArticleStatus, type ArticleType } from './article.js';
import { isEmptyByline } from './byline.js';
import { MARKDOWN_MAX_CHARS } from './markdown.js';

/** A credit as an editor (or an import) states it: by contributor name, with a section slug. */
export interface CreditInput {
  readonly name: string;
  readonly sectionSlug: string | null;
  readonly role: string | null;
}

/** Everything needed to create an article, in the terms an editor uses. */
export interface ArticleInput {
  readonly title: string;
  readonly slug?: string;
  readonly language: string;
  readonly type: ArticleType;
  readonly status: ArticleStatus;
  readonly standfirst: string;
  readonly bodyMarkdown: string;
  readonly kickerOverride: string | null;
  /** ISO codes; the first is the primary country, which gives the kicker. */
  readonly countries: readonly string[];
  /** Topic names; created when new. The first is the primary topic. */
  readonly topics: readonly string[];
  /** Sections the article is published for, beyond those its byline names. */
  readonly sectionSlugs: readonly string[];
  readonly credits: readonly CreditInput[];
  readonly collective: string | null;
  readonly collectiveSectionSlug: string | null;
  readonly provenance: { readonly publicationSlug: string | null; readonly note: string | null; readonly url: string | null } | null;
  readonly publishedAt: string | null;
  readonly updates: readonly { readonly at: string; readonly note: string }[];
  readonly campaignId: number | null;
  /** Editors' choice of lead story for the front page. */
  readonly featured: boolean;
  readonly image: { readonly mediaId: number; readonly caption: string | null; readonly credit: string | null } | null;
}

/**
 * A problem with one field, in words an editor can act on. `message` is the English text
 * (for the API and for pages not yet translated); `key` and `values` name the same text in
 * the catalogues (`domain.*` in locales/), so the admin shows it in the reader's language.
 */
export interface FieldError {
  readonly field: string;
  readonly message: string;
  readonly key?: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

const languageTag = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Checks the rules an article must meet before it is stored; returns every problem at once. */
export function validateArticle(input: ArticleInput): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string, key?: string, values?: FieldError['values']) => errors.push({ field, message, key, values });
  if (input.title.trim() === '') add('title', 'A title is required.', 'domain.title-required');
  if (input.title.length > 300) add('title', 'The title must be 300 characters or fewer.', 'domain.article.title-too-long');
  if (input.bodyMarkdown.length > MARKDOWN_MAX_CHARS) {
    add(
      'bodyMarkdown',
      `The body is ${input.bodyMarkdown.length.toLocaleString('en')} characters long; the limit is ${MARKDOWN_MAX_CHARS.toLocaleString('en')}. Shorten it, or split it into several articles.`,
      'domain.article.body-too-long',
      { length: input.bodyMarkdown.length, limit: MARKDOWN_MAX_CHARS },
    );
  }
  if (!languageTag.test(input.language)) add('language', 'The language must be a language tag such as "en" or "pt-BR".', 'domain.article.language-invalid');
  if (!ARTICLE_TYPES.includes(input.type))
    add('type', `The type must be one of ${ARTICLE_TYPES.join(', ')}.`, 'domain.article.type-unknown', { types: ARTICLE_TYPES.join(', ') });
  if (!ARTICLE_STATUSES.includes(input.status))
    add('status', `The status must be one of ${ARTICLE_STATUSES.join(', ')}.`, 'domain.article.status-unknown', { statuses: ARTICLE_STATUSES.join(', ') });
  for (const code of input.countries)
    if (!isCountryCode(code)) add('countries', `"${code}" is not an ISO 3166-1 country code.`, 'domain.country-unknown', { code });
  if (input.status === 'published' || input.status === 'scheduled') {
    if (isEmptyByline(input)) add('byline', 'A published article needs a contributor or a collective byline.', 'domain.article.byline-required');
    if (!input.publishedAt) add('publishedAt', 'A published or scheduled article needs a publication time.', 'domain.article.published-at-required');
  }
  if (input.publishedAt && Number.isNaN(Date.parse(input.publishedAt)))
    add('publishedAt', 'The publication time is not a valid date.', 'domain.article.published-at-invalid');
  if (input.provenance?.url && !/^https?:\/\//.test(input.provenance.url))
    add('provenance', 'The provenance link must start with http:// or https://.', 'domain.article.provenance-url');
  return errors;
}

/**
 * The cache tags an article's visibility touches: its own page, the front page, and
 * every listing it appears in. Publishing, updating or withdrawing it invalidates
 * exactly these, and no other page (docs/decisions/0003).
 */
export function articleCacheTags(article: {
  slug: string;
  type: string;
  publishedAt: string | null;
  countries: readonly string[];
  topicSlugs: readonly string[];
  sectionSlugs: readonly string[];
  contributorSlugs: readonly string[];
  /** Its language's listing; absent where the caller does not know it. */
  language?: string;
  /** Its translation group: the other translations' switchers and notices show it. */
  translationGroup?: string | null;
}): CacheTag[] {
  return [
    tags.article(article.slug),
    tags.front,
    tags.archive,
    tags.type(article.type),
    ...(article.publishedAt ? [tags.month(article.publishedAt.slice(0, 7))] : []),
    ...article.countries.map((code) => tags.country(code)),
    ...article.topicSlugs.map((slug) => tags.topic(slug)),
    ...article.sectionSlugs.map((slug) => tags.section(slug)),
    ...article.contributorSlugs.map((slug) => tags.contributor(slug)),
    ...(article.language ? [tags.language(article.language)] : []),
    ...(article.translationGroup ? [tags.translations(article.translationGroup)] : []),
  ];
}
