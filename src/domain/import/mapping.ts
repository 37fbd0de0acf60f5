import { z } from 'zod';
import type { ArticleStatus, ArticleType } from '../articles/article.js';
import { ARTICLE_TYPES } from '../articles/article.js';
import { countryCodes, isCountryCode } from '../geo/countries.js';
import { foldForSearch } from '../text/slug.js';
import { decodeSlug, type SourceItem, type SourceTerm } from './archive.js';

const termTarget = z
  .object({
    country: z
      .string()
      .transform((c) => c.toUpperCase())
      .refine(isCountryCode, { message: 'not an ISO 3166-1 country code' })
      .optional(),
    topic: z.string().trim().min(1).max(100).optional(),
    section: z.string().trim().min(1).optional(),
    skip: z.boolean().optional(),
  })
  .strict();

/**
 * The map file (`--map FILE`): how the old site's categories, tags and authors become
 * Placard's countries, topics, sections and contributors. Every part is optional; a term is
 * looked up by its slug, then by its name, ignoring case. docs/operations.md shows an example.
 */
export const importMapSchema = z
  .object({
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
      .optional(),
    type: z.enum(ARTICLE_TYPES).optional(),
    categories: z.record(z.string(), termTarget).optional(),
    tags: z.record(z.string(), termTarget).optional(),
    /** An author's login (or name) → the contributor's name. */
    authors: z.record(z.string(), z.string().trim().min(1).max(200)).optional(),
  })
  .strict();

/** A map file, read and checked. */
export type ImportMap = z.infer<typeof importMapSchema>;
type TermTarget = z.infer<typeof termTarget>;

/** What a map file's problem is, in one line naming the place in the file. */
export function readImportMap(json: string): { ok: true; map: ImportMap } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  const parsed = importMapSchema.safeParse(raw);
  if (parsed.success) return { ok: true, map: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, problem: `${issue.path.join('.') || '(top)'}: ${issue.message}` };
}

/**
 * Country names folded for matching, in English and the given languages ("Казахстан",
 * "Kazajistán", "كازاخستان" and "Kazakhstan" are all KZ), from the same ICU data the
 * site names countries with.
 */
export function countryNameIndex(languages: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const language of new Set(['en', ...languages])) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    } catch {
      continue;
    }
    for (const code of countryCodes()) {
      const name = names.of(code);
      if (name) {
        index.set(foldForSearch(name), code);
        index.set(foldForSearch(name).replace(/[^\p{L}\p{N}]+/gu, '-'), code);
      }
    }
  }
  return index;
}

/** What the terms of an item become. */
export interface MappedTerms {
  readonly countries: string[];
  readonly topics: string[];
  readonly sectionSlugs: string[];
}

function lookup(table: Record<string, TermTarget> | undefined, term: SourceTerm): TermTarget | undefined {
  if (!table) return undefined;
  const wanted = [term.slug, term.name].filter(Boolean).map((s) => foldForSearch(s));
  for (const [key, target] of Object.entries(table)) if (wanted.includes(foldForSearch(decodeSlug(key)))) return target;
  return undefined;
}

/**
 * Turns categories and tags into countries, topics and sections: the map file first;
 * else a term named like a country is that country; WordPress's "Uncategorized" is
 * dropped; every other term is kept as a topic of its own name.
 */
export function mapTerms(terms: readonly SourceTerm[], map: ImportMap, countries: ReadonlyMap<string, string>): MappedTerms {
  const out: MappedTerms = { countries: [], topics: [], sectionSlugs: [] };
  const add = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  for (const term of terms) {
    const target = lookup(term.kind === 'tag' ? map.tags : map.categories, term);
    if (target) {
      if (target.skip) continue;
      if (target.country) add(out.countries, target.country.toUpperCase());
      if (target.topic) add(out.topics, target.topic);
      if (target.section) add(out.sectionSlugs, target.section);
      continue;
    }
    const name = term.name || term.slug;
    if (!name) continue;
    if (term.kind === 'category' && (term.slug === 'uncategorized' || foldForSearch(name) === 'uncategorized')) continue;
    const code = countries.get(foldForSearch(name)) ?? (term.slug ? countries.get(foldForSearch(term.slug)) : undefined);
    if (code) add(out.countries, code);
    else add(out.topics, name.slice(0, 100));
  }
  return out;
}

/** WordPress's status in Placard's workflow; null for an item not to import (in the bin). */
export function mapStatus(status: string): ArticleStatus | null {
  switch (status) {
    case 'publish':
      return 'published';
    case 'future':
      return 'scheduled';
    case 'draft':
    case 'pending':
    case 'private':
    case 'auto-draft':
      return 'draft';
    default:
      return null;
  }
}

/**
 * The moment an item was published. WordPress gives the UTC time beside the local one;
 * a draft has only the local one, which is read in the old site's offset, learned from
 * the items that give both (`offsetMinutes`).
 */
export function publicationMoment(item: Pick<SourceItem, 'utcDate' | 'localDate'>, offsetMinutes: number): string | null {
  if (item.utcDate) return item.utcDate;
  if (!item.localDate) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(item.localDate);
  if (!m || m[1] === '0000') return null;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - offsetMinutes * 60_000).toISOString();
}

/** The old site's offset from UTC in minutes, when an item gives both its local and UTC times. */
export function offsetOf(item: Pick<SourceItem, 'utcDate' | 'localDate'>): number | null {
  if (!item.utcDate || !item.localDate) return null;
  const local = Date.parse(`${item.localDate.replace(' ', 'T')}Z`);
  return Number.isNaN(local) ? null : Math.round((local - Date.parse(item.utcDate)) / 60_000);
}

/** The article type from the map file, else news. */
export function mapType(map: ImportMap): ArticleType {
  return map.type ?? 'news';
}

/**
 * The form in which an old address is stored and looked up: the path, percent-decoded
 * and in NFC, without trailing slashes, and of the query only WordPress's `p`, `page_id`
 * or `attachment_id` (the short links `/?p=123`); the host is dropped, since the old
 * domain is pointed at Placard. Null for something that is not an address.
 */
export function oldAddressKey(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address, 'http://old.invalid');
  } catch {
    return null;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  path =
    path
      .normalize('NFC')
      .replace(/\/+$/, '')
      .replace(/^\/index\.php$/, '') || '/';
  const id = ['p', 'page_id', 'attachment_id'].map((name) => [name, url.searchParams.get(name)] as const).find(([, v]) => v && /^\d+$/.test(v));
  return id ? `${path}?${id[0]}=${id[1]}` : path;
}

/**
 * Every address an item had on the old site, as keys: its link, its guid, `/?p=ID`,
 * and the dated permalink `/YYYY/MM/DD/slug` (WordPress's "day and name" setting),
 * whichever permalink setting the site used.
 */
export function oldAddressesOf(item: Pick<SourceItem, 'link' | 'guid' | 'wpId' | 'slug' | 'localDate'>): string[] {
  const keys = new Set<string>();
  const add = (a: string) => {
    const key = a ? oldAddressKey(a) : null;
    if (key && key !== '/') keys.add(key);
  };
  add(item.link);
  if (/^https?:\/\//.test(item.guid) || item.guid.startsWith('/')) add(item.guid);
  if (item.wpId) add(`/?p=${item.wpId}`);
  const day = item.localDate && /^(\d{4})-(\d{2})-(\d{2})/.exec(item.localDate);
  if (item.slug && day && day[1] !== '0000') {
    add(`/${day[1]}/${day[2]}/${day[3]}/${encodeURIComponent(item.slug)}`);
    add(`/${day[1]}/${day[2]}/${encodeURIComponent(item.slug)}`);
  }
  return [...keys];
}
