import { catalogues, english, type Messages } from '../../i18n/messages.js';
import { countryName, type CountryCode } from '../geo/countries.js';
import type { IdentityMode } from './campaign.js';
import { withoutIdentity } from './protective-text.js';

/** What a letter may say of the supporter who sends it. */
export interface Signatory {
  readonly name: string;
  readonly city: string | null;
  readonly country: CountryCode;
  /**
   * The name a protective letter is signed with, as the supporter gave it ("Sign my
   * letter as"); null for letters of named campaigns and for actions older than the field.
   */
  readonly signAs?: string | null;
}

/**
 * The fixed words of a letter or digest to officials ("A supporter", "Dear Sir or Madam"),
 * in the letter's language: English where Placard has no catalogue for that language,
 * never the site's default language, which the official may not read either.
 */
export function letterMessages(language: string | null | undefined): Messages {
  return catalogues().for(language ?? 'en', 'en');
}

/**
 * Text safe for a mail header (a display name, a subject): line breaks and other control
 * characters are removed, so nobody can add a header ("Bcc: …") through their name.
 * Trimmed to 200 characters, RFC 5322's recommended line length with room to spare.
 */
export function headerSafe(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/**
 * The name a letter is signed with: the full name in named mode; in protective mode the
 * name the supporter chose, never one guessed from the order of the words they typed
 * (surname first is as common as given name first).
 */
export function signatureName(
  who: { readonly name: string | null; readonly signAs?: string | null },
  mode: IdentityMode,
  m: Pick<Messages, 't'> = english(),
): string {
  if (mode === 'named') return headerSafe(who.name ?? '');
  // How a protective letter is signed when the supporter gave no name to sign with.
  return headerSafe(who.signAs ?? '') || m.t('letter.unnamedSignatory');
}

/** How a letter is written: the language it is in names the supporter's country ("Великобритания" in Russian). */
export interface LetterOptions {
  /** The letter's language; English when not given. */
  readonly language?: string;
  /** Its fixed words; those of `language` (letterMessages) when not given. */
  readonly messages?: Pick<Messages, 't'>;
}

/** ICU's country names by language, made once each: making one costs more than many look-ups. */
const regionNames = new Map<string, Intl.DisplayNames>();

/** A country's name in a letter's language: English names as the site gives them, others from ICU. */
export function countryNameIn(code: CountryCode, language: string | undefined): string {
  if (!language || language === 'en' || language.startsWith('en-')) return countryName(code);
  try {
    let names = regionNames.get(language);
    if (!names) {
      names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
      regionNames.set(language, names);
    }
    return names.of(code) ?? countryName(code);
  } catch {
    // Not a region code or not a language tag: the site's own name is better than nothing.
    return countryName(code);
  }
}

/**
 * Fills a model letter's placeholders — {{name}}, {{city}}, {{country}} — for one
 * supporter. In protective mode the target learns the signing name and a country only:
 * {{city}} is left out, with the comma before it. Values go in through replacement
 * functions, so a name such as "$'" or "$&" is inserted as typed, never expanded.
 */
export function renderLetter(template: string, who: Signatory, mode: IdentityMode, options: LetterOptions = {}): string {
  const city = mode === 'protective' ? '' : (who.city?.trim() ?? '');
  const name = signatureName(who, mode, options.messages ?? letterMessages(options.language));
  const country = countryNameIn(who.country, options.language);
  return template
    .replace(/,?\s*\{\{\s*city\s*\}\}/g, (match) => (city ? match.replace(/\{\{\s*city\s*\}\}/, () => city) : ''))
    .replace(/\{\{\s*name\s*\}\}/g, () => name)
    .replace(/\{\{\s*country\s*\}\}/g, () => country);
}

/**
 * The letter as the officials receive it, but for the salutation: in protective mode the
 * supporter's text loses every address, phone number, link and word of their name but
 * the signing name (withoutIdentity) before the placeholders are filled. Confirming an
 * action and the preview both call this, so the preview is exactly what is sent.
 */
export function letterForOfficials(template: string, who: Signatory & { readonly email: string }, mode: IdentityMode, options: LetterOptions = {}): string {
  if (mode === 'named') return renderLetter(template, who, mode, options);
  const text = withoutIdentity(template, { name: who.name, email: who.email, city: who.city, signAs: who.signAs ?? '' });
  return renderLetter(text, who, mode, options);
}

/** The body of one target's letter: their salutation above the supporter's letter. */
export function withSalutation(salutation: string | null, letter: string): string {
  return salutation ? `${salutation},\n\n${letter}` : letter;
}

/** The subject line for the n-th letter: several are rotated so a campaign does not look like spam. */
export function subjectFor(subjects: readonly string[], n: number): string {
  if (subjects.length === 0) return '';
  return headerSafe(subjects[((n % subjects.length) + subjects.length) % subjects.length] ?? '');
}

/**
 * A `mailto:` link (RFC 6068) that opens the supporter's own mail client with the
 * targets, the organisation's copy address, the subject and the letter filled in.
 * Line breaks are CRLF, as the RFC asks; addresses are kept readable.
 */
export function mailtoHref(message: { to: readonly string[]; cc: readonly string[]; subject: string; body: string }): string {
  const encode = (text: string) => encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));
  const to = message.to.map((a) => encodeURIComponent(a).replace(/%40/g, '@')).join(',');
  const query = [
    message.cc.length > 0 ? `cc=${message.cc.map((a) => encodeURIComponent(a).replace(/%40/g, '@')).join(',')}` : null,
    `subject=${encode(headerSafe(message.subject))}`,
    `body=${encode(message.body)}`,
  ].filter((part) => part !== null);
  return `mailto:${to}?${query.join('&')}`;
}
