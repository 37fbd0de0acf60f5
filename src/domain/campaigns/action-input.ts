import type { FieldError } from '../articles/article-input.js';
import { english, type Messages } from '../../i18n/messages.js';
import { isCountryCode } from '../geo/countries.js';
import type { ActionInput } from './action.js';
import { withoutIdentity } from './protective-text.js';

/*
 * The supporter's form, checked: sending a letter through Placard and signing a petition
 * need a name and an address to confirm; saying "I have sent it" or "I called" needs only
 * a country (the counter is per country), and an address only to confirm a consent.
 */

/**
 * Longest name, city and letter accepted. 10,000 characters is four pages of letter; 60
 * for the signing name is a given name or two with a title, and keeps it one line.
 */
export const LIMITS = { name: 200, signAs: 60, city: 200, email: 254, letter: 10_000 } as const;

/** What the form sent, as text; missing fields are empty strings. */
export interface ActionFormValues {
  readonly name: string;
  /** "Sign my letter as": asked in protective mode only. */
  readonly signAs: string;
  readonly email: string;
  readonly country: string;
  readonly city: string;
  readonly letter: string;
  /** The hidden field naming the language of the letter's page; '' when absent. */
  readonly letterLanguage?: string;
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
    signAs: text('sign_as').trim(),
    email: text('email').trim(),
    country: text('country').trim().toUpperCase(),
    city: text('city').trim(),
    letter: text('letter').replace(/\r\n/g, '\n'),
    letterLanguage: text('letter_language').trim(),
    consentCampaign: body.consent_campaign === 'yes',
    consentNews: body.consent_news === 'yes',
  };
}

// A signing name is a name: an address, a link or a phone number in it is a mistake.
const NOT_A_NAME = /@|:\/\/|www\.|(?:\p{Nd}[^\p{L}]*){6}/iu;

/** The signing name's problem, if any: protective letters must say what name to sign with. */
function signAsError(signAs: string, m: Pick<Messages, 't'>): string | null {
  if (signAs === '') return m.t('public.error.signAsMissing');
  if (signAs.length > LIMITS.signAs) return m.t('public.error.signAsTooLong', { max: LIMITS.signAs });
  if (NOT_A_NAME.test(signAs)) return m.t('public.error.signAsNotAName');
  return null;
}

/**
 * Checks a supporter's form; returns the input or every problem, each beside its field.
 * A letter to a protective campaign needs the name to sign it with (`protective`). The
 * messages are in the language of the page the form was on (`messages`; English if none).
 */
export function parseActionInput(
  values: ActionFormValues,
  kind: ActionFormKind,
  options: { protective?: boolean; messages?: Pick<Messages, 't'> } = {},
): ParsedAction {
  const m = options.messages ?? english();
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });
  const identified = kind !== 'self_report';
  const signs = kind === 'letter' && options.protective === true;
  const signing = signs ? signAsError(values.signAs, m) : null;
  if (identified && values.name === '') add('name', m.t('public.error.nameMissing'));
  if (values.name.length > LIMITS.name) add('name', m.t('public.error.nameTooLong', { max: LIMITS.name }));
  if (signing) add('sign_as', signing);
  if (identified && values.email === '') add('email', m.t('public.error.emailMissing'));
  else if (values.email !== '' && !isEmailAddress(values.email)) add('email', m.t('public.error.emailInvalid'));
  if (values.country === '') add('country', m.t('public.error.countryMissing'));
  else if (!isCountryCode(values.country)) add('country', m.t('public.error.countryUnknown'));
  if (values.city.length > LIMITS.city) add('city', m.t('public.error.cityTooLong', { max: LIMITS.city }));
  if (kind === 'letter') {
    if (values.letter.trim() === '') add('letter', m.t('public.error.letterEmpty'));
    if (values.letter.length > LIMITS.letter) add('letter', m.t('public.error.letterTooLong', { max: LIMITS.letter, length: values.letter.length }));
  }
  if (kind === 'self_report' && values.email === '' && (values.consentCampaign || values.consentNews)) {
    add('email', m.t('public.error.emailForUpdates'));
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: values.name,
      email: values.email.toLowerCase(),
      country: values.country,
      city: values.city === '' ? null : values.city,
      letter: kind === 'letter' ? protectedText(values, signs) : null,
      signAs: signs ? values.signAs : null,
      // Only when the page said; checked against the campaign's languages where the campaign is known (letterLanguageOf).
      ...(kind === 'letter' && values.letterLanguage ? { letterLanguage: values.letterLanguage } : {}),
      consentCampaign: values.consentCampaign,
      consentNews: values.consentNews,
    },
  };
}

/**
 * A protective letter is stored without the supporter's identity in its text (confirming
 * takes it out once more, against the supporter as stored): the database of a campaign
 * whose supporters are at risk should not hold their full names in letters either.
 */
function protectedText(values: ActionFormValues, protective: boolean): string {
  if (!protective) return values.letter;
  return withoutIdentity(values.letter, { name: values.name, email: values.email, city: values.city, signAs: values.signAs });
}

/**
 * The exact sentence beside the "updates on this campaign" box, in the page's language;
 * it is stored with the consent.
 */
export function campaignConsentWording(campaignTitle: string, m: Pick<Messages, 't'> = english()): string {
  return m.t('public.consent.campaign', { title: campaignTitle });
}

/** The exact sentence beside the "section's news" box, in the page's language; it is stored with the consent. */
export function newsConsentWording(sectionName: string, m: Pick<Messages, 't'> = english()): string {
  return m.t('public.consent.news', { section: sectionName });
}
