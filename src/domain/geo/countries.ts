import { slugify } from '../text/slug.js';

/** An ISO 3166-1 alpha-2 code, upper case ("KZ"). */
export type CountryCode = string;

const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

// Codes that Intl names but that are not countries a section or a story belongs to.
const notCountries = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB']);

/** Every ISO 3166-1 alpha-2 code that ICU names, found once by asking for all 676 pairs of letters. */
const allCodes: readonly CountryCode[] = (() => {
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (!notCountries.has(code) && names.of(code) !== undefined) codes.push(code);
    }
  }
  return codes;
})();

// Intl.DisplayNames#of is slow next to a map lookup, and names are asked for on every
// action and listing: every known name is looked up once.
const nameByCode = new Map(allCodes.map((code) => [code, names.of(code) ?? code]));
const knownCodes = new Set(allCodes);
const bySlug = new Map(allCodes.map((code) => [countrySlug(code), code]));

/** True for a known ISO 3166-1 alpha-2 code. */
export function isCountryCode(code: string): boolean {
  return knownCodes.has(code);
}

/**
 * The English name of a country ("KZ" → "Kazakhstan"); the code itself if unknown. Never
 * throws: Intl.DisplayNames#of throws a RangeError for anything that is not a region code
 * ("ZZZ", "1"), and codes reach here from filters people type.
 */
export function countryName(code: CountryCode): string {
  return nameByCode.get(code) ?? (/^([A-Za-z]{2}|[0-9]{3})$/.test(code) ? names.of(code) : undefined) ?? code;
}

/** The slug used in country URLs ("GB" → "united-kingdom"). */
export function countrySlug(code: CountryCode): string {
  return slugify(countryName(code));
}

/** The country whose slug this is, or null. */
export function countryFromSlug(slug: string): CountryCode | null {
  return bySlug.get(slug) ?? null;
}

/** All known country codes. */
export function countryCodes(): readonly CountryCode[] {
  return allCodes;
}
