import type { FieldError } from '../articles/article-input.js';

/** The admin language and time zone as a member of staff chose them in the form ('' for the default). */
export interface PreferencesForm {
  readonly language: string;
  readonly timeZone: string;
}

/** The choice as stored: null where the person keeps the default (the site's language, UTC). */
export interface Preferences {
  readonly language: string | null;
  readonly timeZone: string | null;
}

/**
 * The IANA zones the runtime knows, "UTC" first: `Intl.supportedValuesOf` lists only
 * canonical zones with a location, so UTC itself is added by hand.
 */
export function timeZones(): readonly string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}
let zones: readonly string[] | undefined;

/**
 * Checks a choice against the interface languages that have a catalogue and the zones
 * the runtime knows; a zone the runtime does not know would fail later, at every date.
 */
export function validatePreferences(form: PreferencesForm, languages: readonly string[]): { preferences: Preferences; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const language = form.language.trim();
  const timeZone = form.timeZone.trim();
  if (language && !languages.includes(language)) {
    errors.push({ field: 'language', message: 'Choose one of the languages in the list.', key: 'domain.account.language-unknown' });
  }
  if (timeZone && !timeZones().includes(timeZone)) {
    errors.push({
      field: 'timeZone',
      message: 'Choose a time zone from the list, such as Asia/Almaty or Europe/Dublin.',
      key: 'domain.account.time-zone-unknown',
    });
  }
  return { preferences: { language: language || null, timeZone: timeZone || null }, errors };
}
