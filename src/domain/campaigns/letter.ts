import { countryName, type CountryCode } from '../geo/countries.js';
import type { IdentityMode } from './campaign.js';

/** What a letter may say of the supporter who sends it. */
export interface Signatory {
  readonly name: string;
  readonly city: string | null;
  readonly country: CountryCode;
}

/**
 * Text safe for a mail header (a display name, a subject): line breaks and other control
 * characters are removed, so nobody can add a header ("Bcc: …") through their name.
 * Trimmed to 200 characters, RFC 5322's recommended line length with room to spare.
 */
export function headerSafe(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** The first word of a name: what a protective letter is signed with. */
export function firstName(name: string): string {
  return headerSafe(name).split(' ')[0] ?? '';
}

/**
 * Fills a model letter's placeholders — {{name}}, {{city}}, {{country}} — for one
 * supporter. In protective mode the target learns a first name and a country only:
 * {{name}} becomes the first name and {{city}} is left out, with the comma before it.
 */
export function renderLetter(template: string, who: Signatory, mode: IdentityMode): string {
  const protective = mode === 'protective';
  const city = protective ? '' : (who.city?.trim() ?? '');
  return template
    .replace(/,?\s*\{\{\s*city\s*\}\}/g, (match) => (city ? match.replace(/\{\{\s*city\s*\}\}/, city) : ''))
    .replace(/\{\{\s*name\s*\}\}/g, protective ? firstName(who.name) : headerSafe(who.name))
    .replace(/\{\{\s*country\s*\}\}/g, countryName(who.country));
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
