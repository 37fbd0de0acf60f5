import { catalogues, directionOf, type Messages } from './messages.js';

/**
 * The last fallback for an email whose recorded language Placard has no catalogue for.
 * Pages use the site identity's default language instead (services/site/site-identity.ts);
 * a supporter's recorded language is always one with a catalogue, so this is rarely met.
 */
export function siteLanguage(): string {
  return 'en';
}

/** The messages for a language, falling back to the site's language, then English. */
export function messagesFor(language: string | null | undefined): Messages {
  return catalogues().for(language, siteLanguage());
}

/**
 * The `lang` and `dir` an element needs when its text is in another language than the
 * page around it (an article in Swedish under English chrome); none when they agree.
 */
export function ownLanguage(language: string, page: Pick<Messages, 'language'>): { lang?: string; dir?: 'ltr' | 'rtl' } {
  if (language === page.language) return {};
  return { lang: language, dir: directionOf(language) };
}
