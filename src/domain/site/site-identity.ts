import type { FieldError } from '../articles/article-input.js';
import { isEmailAddress, isTimeZone } from '../sections/section-input.js';

/** A logo as pages show it: an image of the media library. */
export interface SiteLogo {
  readonly mediaId: number;
  /** Its address on this site ("/media/…"). */
  readonly src: string;
  readonly alt: string;
}

/**
 * Who the site is to its readers: the name in every page's header, title and feeds, the
 * publisher of its articles. An installation that has not set one is "Placard", the
 * software's name, until an administrator names it.
 */
export interface SiteIdentity {
  readonly name: string;
  readonly tagline: string | null;
  readonly logo: SiteLogo | null;
  /** The interface language of pages that have none of their own (front page, indexes). */
  readonly defaultLanguage: string;
  /** IANA time zone of dates on pages that have none of their own. */
  readonly defaultTimeZone: string;
  /** Shown in every page's footer instead of the default line, when set. */
  readonly footer: string | null;
  readonly contactEmail: string | null;
}

/** What an installation that never set its identity shows. */
export const DEFAULT_SITE_NAME = 'Placard';

/** The identity's fields as the admin form sends them. */
export interface SiteIdentityInput {
  readonly name: string;
  readonly tagline: string;
  readonly logoMediaId: string;
  readonly defaultLanguage: string;
  readonly defaultTimeZone: string;
  readonly footer: string;
  readonly contactEmail: string;
}

/** The identity as stored (one JSON setting), before its logo is looked up. */
export interface StoredSiteIdentity {
  readonly name: string;
  readonly tagline: string | null;
  readonly logoMediaId: number | null;
  readonly defaultLanguage: string;
  readonly defaultTimeZone: string;
  readonly footer: string | null;
  readonly contactEmail: string | null;
}

/** Checks the form against the interface languages there are; messages are catalogue keys (`admin.site.error.*`). */
export function checkSiteIdentity(
  input: SiteIdentityInput,
  languages: readonly string[],
): { ok: true; value: StoredSiteIdentity } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const add = (field: string, key: string) => errors.push({ field, key, message: key });
  const name = input.name.trim();
  if (!name) add('name', 'admin.site.error.nameRequired');
  else if (name.length > 120) add('name', 'admin.site.error.tooLong');
  const tagline = input.tagline.trim();
  if (tagline.length > 200) add('tagline', 'admin.site.error.tooLong');
  const logo = input.logoMediaId.trim();
  if (logo && !/^[0-9]{1,9}$/.test(logo)) add('logoMediaId', 'admin.site.error.logo');
  if (!languages.includes(input.defaultLanguage)) add('defaultLanguage', 'admin.site.error.language');
  const zone = input.defaultTimeZone.trim();
  if (!isTimeZone(zone)) add('defaultTimeZone', 'admin.site.error.timeZone');
  const footer = input.footer.trim();
  if (footer.length > 500) add('footer', 'admin.site.error.tooLong');
  const contactEmail = input.contactEmail.trim();
  if (contactEmail && !isEmailAddress(contactEmail)) add('contactEmail', 'admin.site.error.email');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      tagline: tagline || null,
      logoMediaId: logo ? Number(logo) : null,
      defaultLanguage: input.defaultLanguage,
      defaultTimeZone: zone,
      footer: footer || null,
      contactEmail: contactEmail || null,
    },
  };
}
