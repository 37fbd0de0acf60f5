import { isArticleType, type ArticleType } from '../articles/article.js';
import { MAX_QUERY_LENGTH } from '../text/search-text.js';

/** The search form's fields as the reader sent them (each trimmed, at most a few hundred characters). */
export type SearchForm = Readonly<Record<'q' | 'country' | 'section' | 'topic' | 'type' | 'language' | 'from' | 'to', string>>;

/** A search a reader asked for, checked. */
export interface SearchRequest {
  readonly form: SearchForm;
  readonly q: string;
  readonly country?: string;
  readonly sectionSlug?: string;
  readonly topicSlug?: string;
  readonly type?: ArticleType | 'campaign';
  readonly language?: string;
  /** The first instant of the `from` day, UTC. */
  readonly from?: string;
  /** The first instant after the `to` day, UTC. */
  readonly before?: string;
  readonly page: number;
}

/** A field the reader must correct, with the catalogue key of its message. */
export interface SearchFieldError {
  readonly field: 'from' | 'to' | 'page';
  readonly key: string;
}

const FIELDS = ['q', 'country', 'section', 'topic', 'type', 'language', 'from', 'to'] as const;

/** A calendar date written YYYY-MM-DD that exists (no 31 February), as the date input sends it. */
function dayStart(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(text) ? date : null;
}

/**
 * Reads the search form from a query string. Unknown filter values are kept but match
 * nothing known (the route looks sections and topics up); a date that is not a real
 * day, a range that ends before it starts, or a page that is not a whole number gives
 * a message for that field, and the form comes back with everything the reader typed.
 */
export function readSearchRequest(
  raw: Record<string, unknown>,
): { ok: true; request: SearchRequest } | { ok: false; form: SearchForm; errors: SearchFieldError[] } {
  const text = (key: string, max = 100) => (typeof raw[key] === 'string' ? (raw[key] as string).trim().slice(0, max) : '');
  const form = Object.fromEntries(FIELDS.map((f) => [f, text(f, f === 'q' ? MAX_QUERY_LENGTH : 100)])) as unknown as SearchForm;
  const errors: SearchFieldError[] = [];
  const from = form.from ? dayStart(form.from) : undefined;
  const to = form.to ? dayStart(form.to) : undefined;
  if (from === null) errors.push({ field: 'from', key: 'public.search.error.date' });
  if (to === null) errors.push({ field: 'to', key: 'public.search.error.date' });
  if (from && to && to < from) errors.push({ field: 'to', key: 'public.search.error.range' });
  const pageText = text('page', 10);
  const page = pageText === '' ? 1 : /^[0-9]{1,5}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : null;
  if (page === null) errors.push({ field: 'page', key: 'public.search.error.page' });
  if (errors.length > 0 || page === null) return { ok: false, form, errors };
  const type = form.type === 'campaign' ? 'campaign' : isArticleType(form.type) ? form.type : undefined;
  return {
    ok: true,
    request: {
      form,
      q: form.q,
      country: /^[A-Za-z]{2}$/.test(form.country) ? form.country.toUpperCase() : undefined,
      sectionSlug: form.section || undefined,
      topicSlug: form.topic || undefined,
      type,
      language: /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(form.language) ? form.language : undefined,
      from: from ? from.toISOString() : undefined,
      before: to ? new Date(to.getTime() + 86_400_000).toISOString() : undefined,
      page,
    },
  };
}

/** The address of a search with this form at this page: empty fields left out, so addresses stay short and shareable. */
export function searchPath(form: SearchForm, page = 1): string {
  const params = new URLSearchParams();
  for (const f of FIELDS) if (form[f]) params.set(f, form[f]);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/search?${query}` : '/search';
}
