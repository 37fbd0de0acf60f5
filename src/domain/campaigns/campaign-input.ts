import type { FieldError } from '../articles/article-input.js';
import { isCountryCode, type CountryCode } from '../geo/countries.js';
import { slugify } from '../text/slug.js';
import {
  CAMPAIGN_KINDS,
  DELIVERY_MODES,
  IDENTITY_MODES,
  type CampaignContent,
  type CampaignKind,
  type CampaignStatus,
  type DeliveryMode,
  type IdentityMode,
  type Target,
} from './campaign.js';
import { isTimeZone } from '../time/local-time.js';
import { parseOfficeHours } from './pacing.js';

/*
 * The coordinator's campaign form. Every field is kept as typed (strings), so a form that
 * breaks a rule comes back exactly as it was sent; validation turns it into a
 * CampaignInput and a message per field.
 */

/** One target's fieldset as typed. `id` is the stored target's id, empty for a new one. */
export interface TargetForm {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly organisation: string;
  readonly country: string;
  readonly email: string;
  readonly phone: string;
  readonly postalAddress: string;
  readonly salutation: string;
  readonly deliveryMode: string;
  readonly pacePerHour: string;
  readonly officeHours: string;
  readonly timeZone: string;
  readonly digestEvery: string;
  /** The language the target's letters go in; empty or absent: the campaign's first (campaign-translations-input.ts). */
  readonly letterLanguage?: string;
  /** Ticked "remove this target". */
  readonly remove: boolean;
}

/** The campaign form as typed. Lists (demands, subjects) are one per line. */
export interface CampaignForm {
  readonly kind: string;
  readonly reference: string;
  readonly title: string;
  readonly slug: string;
  readonly summary: string;
  readonly demands: string;
  readonly letterSubjects: string;
  readonly letterBody: string;
  readonly petitionText: string;
  readonly callScript: string;
  readonly copyTo: string;
  readonly languages: string;
  readonly deadline: string;
  readonly section: string;
  /** '' until the coordinator chooses: then the targets' countries decide. */
  readonly identityMode: string;
  readonly targets: readonly TargetForm[];
  /** The texts in each language beyond the first, as typed (campaign-translations-input.ts). */
  readonly translations?: readonly TranslationForm[];
}

/** A campaign's texts in one further language, as typed; lists one per line, as in the first language's fields. */
export interface TranslationForm {
  readonly language: string;
  readonly title: string;
  readonly summary: string;
  readonly demands: string;
  readonly letterSubjects: string;
  readonly letterBody: string;
  readonly petitionText: string;
  readonly callScript: string;
}

/** A target as validated; `id` null for a new one. */
export type TargetInput = Omit<Target, 'id'> & { readonly id: number | null };

/**
 * A campaign as validated: what the services store. Its content is the campaign's own
 * (CampaignContent); what only the database can settle (a free slug, the section's id,
 * the identity mode the targets' countries call for) it may leave open.
 */
export type CampaignInput = CampaignContent & {
  /** null: made from the title. */
  readonly slug: string | null;
  /** A section's slug, or null for none. */
  readonly sectionSlug: string | null;
  /** null: protective when any target is in a high-risk country, named otherwise. */
  readonly identityMode: IdentityMode | null;
  /** Targets in the order supporters see them; removed and blank fieldsets left out. */
  readonly targets: readonly TargetInput[];
};

/** A new target fieldset: paced, 30 letters an hour, 09:00–17:00 UTC (the table's defaults). */
export const BLANK_TARGET: TargetForm = {
  id: '',
  name: '',
  title: '',
  organisation: '',
  country: '',
  email: '',
  phone: '',
  postalAddress: '',
  salutation: '',
  deliveryMode: 'paced',
  pacePerHour: '30',
  officeHours: '09:00-17:00',
  timeZone: 'UTC',
  digestEvery: '',
  letterLanguage: '',
  remove: false,
};

/** The placeholders a model letter may use. */
export const LETTER_PLACEHOLDERS = ['name', 'city', 'country'] as const;

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const PHONE = /^\+?[0-9 ()./-]{3,40}$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a string is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  return DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** The lines of a text area, trimmed, blank lines dropped. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A target fieldset nobody typed into (pacing fields keep their defaults and do not count). */
export function isBlankTarget(t: TargetForm): boolean {
  return !t.id && [t.name, t.title, t.organisation, t.country, t.email, t.phone, t.postalAddress, t.salutation].every((v) => v.trim() === '');
}

type Add = (field: string, message: string, key?: string, values?: FieldError['values']) => void;

// What a length limit is about, in the English message; the catalogues have one message per subject.
const SUBJECTS = {
  position: 'The position',
  title: 'The title',
  reference: 'The reference',
  summary: 'The summary',
  demand: 'Each demand',
  subject: 'Each subject line',
  letter: 'The letter',
  petition: 'The petition text',
  script: 'The call script',
  field: 'This field',
} as const;

function tooLong(add: Add, field: string, text: string, max: number, what: keyof typeof SUBJECTS): void {
  if (text.length > max) add(field, `${SUBJECTS[what]} must be ${max} characters or fewer.`, `domain.campaign.too-long.${what}`, { max });
}

function whole(text: string, min: number, max: number): number | null {
  return /^[0-9]{1,7}$/.test(text.trim()) && Number(text) >= min && Number(text) <= max ? Number(text) : null;
}

function checkTargetContacts(t: TargetForm, add: Add, field: (name: string) => string): void {
  const country = t.country.trim().toUpperCase();
  if (t.title.trim() === '') add(field('title'), 'Give the position, such as “Prosecutor General”.', 'domain.campaign.target-title-required');
  tooLong(add, field('title'), t.title.trim(), 300, 'position');
  if (!country) add(field('country'), 'Give the target’s country as an ISO code, such as KZ.', 'domain.campaign.target-country-required');
  else if (!isCountryCode(country))
    add(field('country'), `“${t.country.trim()}” is not an ISO 3166-1 country code.`, 'domain.campaign.country-unknown', { code: t.country.trim() });
  if (t.email.trim() && !EMAIL.test(t.email.trim()))
    add(field('email'), 'Enter an email address such as office@example.org.', 'domain.campaign.target-email-invalid');
  if (t.phone.trim() && !PHONE.test(t.phone.trim()))
    add(field('phone'), 'A phone number has digits, spaces and an optional leading +.', 'domain.campaign.target-phone-invalid');
  for (const [name, value, max] of [
    ['name', t.name, 200],
    ['organisation', t.organisation, 300],
    ['salutation', t.salutation, 200],
    ['postalAddress', t.postalAddress, 1000],
  ] as const) {
    tooLong(add, field(name), value.trim(), max, 'field');
  }
}

function checkTargetDelivery(t: TargetForm, add: Add, field: (name: string) => string): void {
  if (!(DELIVERY_MODES as readonly string[]).includes(t.deliveryMode)) add(field('deliveryMode'), 'Choose paced or digest.', 'domain.campaign.delivery-mode');
  if (whole(t.pacePerHour, 1, 3600) === null) add(field('pacePerHour'), 'A whole number of letters an hour, from 1 to 3600.', 'domain.campaign.pace');
  if (!parseOfficeHours(t.officeHours))
    add(field('officeHours'), 'Office hours such as 09:00-17:00, or with days: Mon-Sat 08:30-18:00.', 'domain.campaign.office-hours');
  if (!isTimeZone(t.timeZone.trim())) add(field('timeZone'), 'A time zone such as Asia/Almaty or Europe/Dublin.', 'domain.campaign.time-zone');
  if (t.digestEvery.trim() && whole(t.digestEvery, 1, 100_000) === null)
    add(field('digestEvery'), 'A whole number of actions, or leave empty for one digest a day.', 'domain.campaign.digest-every');
}

/** One fieldset's problems (fields named `target-<index>-<field>`) and the target it describes. */
export function validateTarget(t: TargetForm, index: number, add: Add): TargetInput {
  const field = (name: string) => `target-${index}-${name}`;
  checkTargetContacts(t, add, field);
  checkTargetDelivery(t, add, field);
  const optional = (text: string) => text.trim() || null;
  return {
    id: /^[0-9]{1,9}$/.test(t.id) ? Number(t.id) : null,
    name: optional(t.name),
    title: t.title.trim(),
    organisation: optional(t.organisation),
    country: t.country.trim().toUpperCase(),
    email: optional(t.email)?.toLowerCase() ?? null,
    phone: optional(t.phone),
    postalAddress: optional(t.postalAddress),
    salutation: optional(t.salutation),
    deliveryMode: t.deliveryMode as DeliveryMode,
    pacePerHour: whole(t.pacePerHour, 1, 3600) ?? 30,
    officeHours: t.officeHours.trim(),
    timeZone: t.timeZone.trim(),
    digestEvery: t.digestEvery.trim() ? whole(t.digestEvery, 1, 100_000) : null,
    // Checked against the campaign's languages with the texts (campaign-translations-input.ts).
    letterLanguage: t.letterLanguage?.trim() ?? '',
  };
}

/** Placeholders in a letter that Placard does not fill ({{nmae}}), each once. */
export function unknownPlaceholders(body: string): string[] {
  const found = [...body.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1] ?? '');
  return [...new Set(found.filter((name) => !(LETTER_PLACEHOLDERS as readonly string[]).includes(name)))];
}

function checkText(form: CampaignForm, add: Add): void {
  if (!(CAMPAIGN_KINDS as readonly string[]).includes(form.kind)) add('kind', 'Choose a letter (urgent action) or a petition.', 'domain.campaign.kind');
  if (form.title.trim() === '') add('title', 'A title is required.', 'domain.title-required');
  tooLong(add, 'title', form.title.trim(), 200, 'title');
  tooLong(add, 'reference', form.reference.trim(), 40, 'reference');
  const slug = form.slug.trim();
  if (slug && (slugify(slug) !== slug || slug.length > 80))
    add('slug', `Use lower-case letters, digits and hyphens only, such as “${slugify(slug) || 'free-them-now'}”.`, 'domain.campaign.slug-invalid', {
      example: slugify(slug) || 'free-them-now',
    });
  if (form.summary.trim() === '') add('summary', 'A summary is required: supporters read it first.', 'domain.campaign.summary-required');
  tooLong(add, 'summary', form.summary.trim(), 2000, 'summary');
  for (const d of lines(form.demands)) tooLong(add, 'demands', d, 500, 'demand');
  for (const s of lines(form.letterSubjects)) tooLong(add, 'letterSubjects', s, 200, 'subject');
  const unknown = unknownPlaceholders(form.letterBody);
  const unknownList = unknown.map((p) => `{{${p}}}`).join(', ');
  if (unknown.length > 0)
    add('letterBody', `Placard fills only {{name}}, {{city}} and {{country}}; not ${unknownList}.`, 'domain.campaign.placeholders-unknown', {
      unknown: unknownList,
    });
  tooLong(add, 'letterBody', form.letterBody, 20_000, 'letter');
  tooLong(add, 'petitionText', form.petitionText, 20_000, 'petition');
  tooLong(add, 'callScript', form.callScript, 5000, 'script');
}

function checkLists(form: CampaignForm, add: Add): void {
  const bad = splitList(form.copyTo).filter((a) => !EMAIL.test(a));
  if (bad.length > 0) add('copyTo', `Not an email address: ${bad.join(', ')}.`, 'domain.campaign.copy-to-invalid', { addresses: bad.join(', ') });
  const badTags = splitList(form.languages).filter((l) => !LANGUAGE_TAG.test(l));
  if (badTags.length > 0)
    add('languages', `Use language tags such as en, ru or pt-BR; not ${badTags.join(', ')}.`, 'domain.campaign.languages-invalid', {
      tags: badTags.join(', '),
    });
  if (form.deadline.trim() && !isIsoDate(form.deadline.trim())) add('deadline', 'A date such as 2026-04-30.', 'domain.campaign.deadline-invalid');
  if (form.identityMode && !(IDENTITY_MODES as readonly string[]).includes(form.identityMode))
    add('identityMode', 'Choose named or protective.', 'domain.campaign.identity-mode');
}

/** Items separated by commas, semicolons or line breaks, trimmed, each once. */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * Checks the form and turns it into a CampaignInput. A campaign that is not a draft must
 * also be ready for supporters (see {@link readinessProblems}). Returns every problem at once.
 */
export function validateCampaignForm(form: CampaignForm, options: { status: CampaignStatus }): { input: CampaignInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const add: Add = (field, message, key, values) => errors.push({ field, message, key, values });
  checkText(form, add);
  checkLists(form, add);
  const targets = form.targets.flatMap((t, i) => (t.remove || isBlankTarget(t) ? [] : [validateTarget(t, i, add)]));
  const input: CampaignInput = {
    kind: form.kind as CampaignKind,
    reference: form.reference.trim() || null,
    title: form.title.trim(),
    slug: form.slug.trim() || null,
    summary: form.summary.trim(),
    demands: lines(form.demands),
    letter: { subjects: lines(form.letterSubjects), body: form.letterBody.replace(/\r\n/g, '\n').trim() },
    petitionText: form.petitionText.replace(/\r\n/g, '\n').trim(),
    callScript: form.callScript.trim(),
    copyTo: splitList(form.copyTo).map((a) => a.toLowerCase()),
    languages: splitList(form.languages),
    // Filled from form.translations by validateCampaignLanguages.
    translations: [],
    deadline: form.deadline.trim() || null,
    sectionSlug: form.section.trim() || null,
    identityMode: (IDENTITY_MODES as readonly string[]).includes(form.identityMode) ? (form.identityMode as IdentityMode) : null,
    targets,
  };
  if (options.status !== 'draft') errors.push(...readinessProblems(input));
  return { input, errors };
}

/**
 * What a campaign needs before supporters may act on it: a letter needs its body and a
 * target to send it to; a petition needs its text.
 */
export function readinessProblems(input: Pick<CampaignInput, 'kind' | 'letter' | 'petitionText' | 'targets'>): FieldError[] {
  const errors: FieldError[] = [];
  if (input.kind === 'letter') {
    if (input.letter.body.trim() === '')
      errors.push({ field: 'letterBody', message: 'An urgent action needs a model letter before it can be active.', key: 'domain.campaign.letter-required' });
    if (input.targets.length === 0)
      errors.push({ field: 'targets', message: 'An urgent action needs at least one target before it can be active.', key: 'domain.campaign.target-required' });
  }
  if (input.kind === 'petition' && input.petitionText.trim() === '')
    errors.push({ field: 'petitionText', message: 'A petition needs its text before it can be active.', key: 'domain.campaign.petition-text-required' });
  return errors;
}

/** The targets' countries that an administrator marked high-risk. */
export function highRiskTargets(countries: readonly CountryCode[], highRisk: ReadonlySet<CountryCode>): CountryCode[] {
  return [...new Set(countries.filter((c) => highRisk.has(c)))];
}

/** Status changes a coordinator may make: draft → active, active ⇄ paused, and any open campaign → closed. */
export function allowedStatusChanges(status: CampaignStatus): CampaignStatus[] {
  switch (status) {
    case 'draft':
      return ['active', 'closed'];
    case 'active':
      return ['paused', 'closed'];
    case 'paused':
      return ['active', 'closed'];
    case 'closed':
      return [];
  }
}
