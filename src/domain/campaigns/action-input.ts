import type { FieldError } from '../articles/article-input.js';
import { isCountryCode } from '../geo/countries.js';
import type { ActionInput } from './action.js';

/*
 * The supporter's form, checked: sending a letter through Placard and signing a petition
 * need a name and an address to confirm; saying "I have sent it" or "I called" needs only
 * a country (the counter is per country), and an address only to confirm a consent.
 */

/** Longest name, city and letter accepted. 10,000 characters is four pages of letter. */
export const LIMITS = { name: 200, city: 200, email: 254, letter: 10_000 } as const;

/** What the form sent, as text; missing fields are empty strings. */
export interface ActionFormValues {
  readonly name: string;
  readonly email: string;
  readonly country: string;
  readonly city: string;
  readonly letter: string;
  readonly consentCampaign: boolean;
  readonly consentNews: boolean;
}

/** Which form: a letter through Placard, a petition signature, or a self-report. */
export type ActionFormKind = 'letter' | 'signature' | 'self_report';

/** The checked input, or every problem at once with the values to show again. */
export type ParsedAction = { readonly ok: true; readonly input: ActionInput } | { readonly ok: false; readonly errors: readonly FieldError[] };

// RFC 5321 allows more, but an address a mail server will take has one @, a dot in its
// domain and no spaces or angle brackets; anything stricter refuses real addresses.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

/** True for an address that looks deliverable (one @, a dotted domain, no spaces). */
export function isEmailAddress(text: string): boolean {
  return text.length <= LIMITS.email && EMAIL.test(text);
}

/** Reads a form body into values: strings trimmed (the letter kept as typed), ticks as booleans. */
export function actionFormValues(body: Readonly<Record<string, unknown>>): ActionFormValues {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  return {
    name: text('name').trim(),
    email: text('email').trim(),
    country: text('country').trim().toUpperCase(),
    city: text('city').trim(),
    letter: text('letter').replace(/\r\n/g, '\n'),
    consentCampaign: body.consent_campaign === 'yes',
    consentNews: body.consent_news === 'yes',
  };
}

/** Checks a supporter's form; returns the input or every problem, each beside its field. */
export function parseActionInput(values: ActionFormValues, kind: ActionFormKind): ParsedAction {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });
  const identified = kind !== 'self_report';
  if (identified && values.name === '') add('name', 'Please enter your name.');
  if (values.name.length > LIMITS.name) add('name', `Your name must be ${LIMITS.name} characters or fewer.`);
  if (identified && values.email === '') add('email', 'Please enter your email address: we send you a link to confirm.');
  else if (values.email !== '' && !isEmailAddress(values.email)) add('email', 'This does not look like an email address (name@example.org).');
  if (values.country === '') add('country', 'Please choose your country.');
  else if (!isCountryCode(values.country)) add('country', 'Please choose your country from the list.');
  if (values.city.length > LIMITS.city) add('city', `The city must be ${LIMITS.city} characters or fewer.`);
  if (kind === 'letter') {
    if (values.letter.trim() === '') add('letter', 'The letter is empty. Write your letter, or reload the page for the model letter.');
    if (values.letter.length > LIMITS.letter) add('letter', `The letter must be ${LIMITS.letter.toLocaleString('en')} characters or fewer (it has ${values.letter.length.toLocaleString('en')}).`);
  }
  if (kind === 'self_report' && values.email === '' && (values.consentCampaign || values.consentNews)) {
    add('email', 'Please enter your email address, so that we can send the updates you asked for.');
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: values.name,
      email: values.email.toLowerCase(),
      country: values.country,
      city: values.city === '' ? null : values.city,
      letter: kind === 'letter' ? values.letter : null,
      consentCampaign: values.consentCampaign,
      consentNews: values.consentNews,
    },
  };
}

/** The exact sentence beside the "updates on this campaign" box; it is stored with the consent. */
export function campaignConsentWording(campaignTitle: string): string {
  return `Email me updates on “${campaignTitle}”, such as news of the people it is about.`;
}

/** The exact sentence beside the "section's news" box; it is stored with the consent. */
export function newsConsentWording(sectionName: string): string {
  return `Email me news from ${sectionName}.`;
}
