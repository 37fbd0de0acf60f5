import type { FieldError } from '../articles/article-input.js';
import { isCountryCode } from '../geo/countries.js';
import { slugify } from '../text/slug.js';

/**
 * A section as the admin form and the command line send it, before checking. Lists are
 * already split; text is as typed, so a refused form comes back with it intact.
 */
export interface SectionInput {
  readonly name: string;
  readonly shortName: string;
  readonly slug: string;
  readonly countries: readonly string[];
  readonly languages: readonly string[];
  readonly timeZone: string;
  readonly logoMediaId: string;
  readonly description: string;
  readonly contactEmail: string;
}

/** A section's fields once checked, ready to store. */
export interface SectionFields {
  readonly name: string;
  readonly shortLabel: string;
  /** Empty when it is to be made from the name. */
  readonly slug: string;
  readonly countries: readonly string[];
  readonly languages: readonly string[];
  readonly timeZone: string;
  readonly logoMediaId: number | null;
  readonly description: string | null;
  readonly contactEmail: string | null;
}

/** A publication a section owns, as typed. */
export interface PublicationInput {
  readonly name: string;
  readonly url: string;
}

/*
 * Messages are catalogue keys (locales/*.json, `admin.sections.error.*`): the admin shows
 * them in the reader's interface language, the command line in English.
 */
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const SLUG = /^[\p{Ll}\p{Lo}\p{M}\p{N}]+(-[\p{Ll}\p{Lo}\p{M}\p{N}]+)*$/u;
const NAME_MAX = 200;
const DESCRIPTION_MAX = 5000;

let zones: ReadonlySet<string> | undefined;

/** Whether a name is an IANA time zone this runtime knows (Intl.supportedValuesOf, plus "UTC"). */
export function isTimeZone(name: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return zones.has(name);
}

/** Whether a tag is a well-formed BCP 47 language tag ("ru", "pt-BR", "sr-Latn"). */
export function isLanguageTag(tag: string): boolean {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag)) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** Whether text is an email address such as office@example.org. */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}

/** Splits a list typed in one field ("KZ, RU" or one per line) into its items. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The slug a section gets: the one typed, else one made from its name. */
export function sectionSlugBase(input: Pick<SectionInput, 'slug' | 'name'>): string {
  return input.slug.trim() || slugify(input.name.trim());
}

/** Checks a section; returns its fields, or every problem at once. */
export function checkSection(input: SectionInput): { ok: true; value: SectionFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const add = (field: string, key: string) => errors.push({ field, key, message: key });
  const name = input.name.trim();
  if (!name) add('name', 'admin.sections.error.nameRequired');
  else if (name.length > NAME_MAX) add('name', 'admin.sections.error.tooLong');
  const shortName = input.shortName.trim();
  if (shortName.length > NAME_MAX) add('shortName', 'admin.sections.error.tooLong');
  const slug = input.slug.trim();
  if (slug && (!SLUG.test(slug) || slug.length > 80)) add('slug', 'admin.sections.error.slug');
  const countries = [...new Set(input.countries.map((c) => c.trim().toUpperCase()).filter(Boolean))];
  if (countries.length === 0) add('countries', 'admin.sections.error.countriesRequired');
  else if (countries.some((c) => !isCountryCode(c))) add('countries', 'admin.sections.error.country');
  const languages = [...new Set(input.languages.map((l) => l.trim()).filter(Boolean))];
  if (languages.length === 0) add('languages', 'admin.sections.error.languagesRequired');
  else if (languages.some((l) => !isLanguageTag(l))) add('languages', 'admin.sections.error.language');
  const timeZone = input.timeZone.trim();
  if (!isTimeZone(timeZone)) add('timeZone', 'admin.sections.error.timeZone');
  const logo = input.logoMediaId.trim();
  if (logo && !/^[0-9]{1,9}$/.test(logo)) add('logoMediaId', 'admin.sections.error.logo');
  const description = input.description.trim();
  if (description.length > DESCRIPTION_MAX) add('description', 'admin.sections.error.tooLong');
  const contactEmail = input.contactEmail.trim();
  if (contactEmail && !isEmailAddress(contactEmail)) add('contactEmail', 'admin.sections.error.email');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      shortLabel: shortName || name,
      slug,
      countries,
      languages,
      timeZone,
      logoMediaId: logo ? Number(logo) : null,
      description: description || null,
      contactEmail: contactEmail || null,
    },
  };
}

/** Checks a publication: a name, and a web address starting with http(s):// when one is given. */
export function checkPublication(input: PublicationInput): { ok: true; value: { name: string; url: string | null } } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = input.name.trim();
  if (!name)
    errors.push({ field: 'publicationName', key: 'admin.sections.error.publicationNameRequired', message: 'admin.sections.error.publicationNameRequired' });
  else if (name.length > NAME_MAX) errors.push({ field: 'publicationName', key: 'admin.sections.error.tooLong', message: 'admin.sections.error.tooLong' });
  const url = input.url.trim();
  if (url && !isWebAddress(url)) errors.push({ field: 'publicationUrl', key: 'admin.sections.error.url', message: 'admin.sections.error.url' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { name, url: url || null } };
}

/** Whether text is an absolute http(s) address. */
export function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
