import { localDay } from '../../../domain/time/local-time.js';
import type { FieldError } from '../../../domain/articles/article-input.js';
import { deadlineInstant, type Campaign, type CampaignStatus, type CampaignTexts, type Target } from '../../../domain/campaigns/campaign.js';
import {
  BLANK_TARGET,
  splitList,
  validateCampaignForm,
  type CampaignForm,
  type CampaignInput,
  type TargetForm,
  type TranslationForm,
} from '../../../domain/campaigns/campaign-input.js';
import { blankTranslation, furtherLanguages, translationFieldName, validateCampaignLanguages } from '../../../domain/campaigns/campaign-translations-input.js';
import type { Messages } from '../../../i18n/messages.js';

/*
 * The campaign form between HTML and the domain: reading what was posted (targets are
 * numbered fieldsets, `target-<n>-<field>`) and filling the form from a stored campaign.
 */

type TopField = Exclude<keyof CampaignForm, 'targets' | 'translations'>;
type TargetField = Exclude<keyof TargetForm, 'remove'>;

const TOP_FIELDS: readonly TopField[] = [
  'kind',
  'reference',
  'title',
  'slug',
  'summary',
  'demands',
  'letterSubjects',
  'letterBody',
  'petitionText',
  'callScript',
  'copyTo',
  'languages',
  'deadline',
  'section',
  'identityMode',
];

/** The fields of a target fieldset, in the order the form shows them. */
export const TARGET_FIELDS: readonly TargetField[] = [
  'id',
  'name',
  'title',
  'organisation',
  'country',
  'email',
  'phone',
  'postalAddress',
  'salutation',
  'deliveryMode',
  'pacePerHour',
  'officeHours',
  'timeZone',
  'digestEvery',
  'letterLanguage',
];

/** The fields of a language's fieldset, in the order the form shows them. */
export const TRANSLATION_FIELDS: readonly Exclude<keyof TranslationForm, 'language'>[] = [
  'title',
  'summary',
  'demands',
  'letterSubjects',
  'letterBody',
  'callScript',
  'petitionText',
];

/** Fieldsets a form offers at most; more than a campaign ever needs, few enough to bound the work. */
export const MAX_TARGETS = 40;

/** A new campaign's form shows this many target fieldsets to begin with. */
export const BLANK_TARGETS = 3;

/** The name of a target fieldset's control: `target-2-email`. */
export function targetFieldName(index: number, field: keyof TargetForm): string {
  return `target-${index}-${field}`;
}

/** Reads the posted form; anything missing or of the wrong shape is empty. */
export function readCampaignForm(body: unknown): CampaignForm {
  const raw = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => {
    const value = raw[name];
    return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  };
  const indexes = new Set<number>();
  for (const key of Object.keys(raw)) {
    const match = /^target-([0-9]{1,2})-/.exec(key);
    if (match && Number(match[1]) < MAX_TARGETS) indexes.add(Number(match[1]));
  }
  const targets = [...indexes]
    .sort((a, b) => a - b)
    .map((i): TargetForm => {
      const fields = Object.fromEntries(TARGET_FIELDS.map((f) => [f, text(targetFieldName(i, f))])) as Record<TargetField, string>;
      return { ...fields, remove: text(targetFieldName(i, 'remove')) === 'on' };
    });
  const top = Object.fromEntries(TOP_FIELDS.map((f) => [f, text(f)])) as Record<TopField, string>;
  // The languages as typed now: a language just added gets its (empty) fieldset back.
  const translations = furtherLanguages(splitList(top.languages)).map((language): TranslationForm => ({
    ...blankTranslation(language),
    ...Object.fromEntries(TRANSLATION_FIELDS.map((f) => [f, text(translationFieldName(language, f))])),
  }));
  return { ...top, targets, translations };
}

/**
 * Checks the posted form, the texts of every language and the targets' letter
 * languages included; messages in the reader's language.
 */
export function validateForm(form: CampaignForm, options: { status: CampaignStatus; messages: Messages }): { input: CampaignInput; errors: FieldError[] } {
  const { messages } = options;
  return validateCampaignLanguages(form, validateCampaignForm(form, { status: options.status }), {
    status: options.status,
    say: (key, values) => messages.t(key, values),
    languageName: (language) => messages.languageName(language),
  });
}

function translationForm(t: CampaignTexts): TranslationForm {
  return {
    language: t.language,
    title: t.title,
    summary: t.summary,
    demands: t.demands.join('\n'),
    letterSubjects: t.letter.subjects.join('\n'),
    letterBody: t.letter.body,
    petitionText: t.petitionText,
    callScript: t.callScript,
  };
}

function targetForm(t: Target): TargetForm {
  return {
    id: String(t.id),
    name: t.name ?? '',
    title: t.title,
    organisation: t.organisation ?? '',
    country: t.country,
    email: t.email ?? '',
    phone: t.phone ?? '',
    postalAddress: t.postalAddress ?? '',
    salutation: t.salutation ?? '',
    deliveryMode: t.deliveryMode,
    pacePerHour: String(t.pacePerHour),
    officeHours: t.officeHours,
    timeZone: t.timeZone,
    digestEvery: t.digestEvery === null ? '' : String(t.digestEvery),
    letterLanguage: t.letterLanguage,
    remove: false,
  };
}

/** The form showing a stored campaign, with one blank target fieldset (at least {@link BLANK_TARGETS} in all). */
export function formFromCampaign(c: Campaign, sectionSlug: string): CampaignForm {
  return withBlankTargets(
    {
      kind: c.kind,
      reference: c.reference ?? '',
      title: c.title,
      slug: c.slug,
      summary: c.summary,
      demands: c.demands.join('\n'),
      letterSubjects: c.letter.subjects.join('\n'),
      letterBody: c.letter.body,
      petitionText: c.petitionText,
      callScript: c.callScript,
      copyTo: c.copyTo.join(', '),
      languages: c.languages.join(', '),
      // The day as it was chosen, in the zone it was chosen in.
      deadline: c.deadline ? localDay(new Date(deadlineInstant(c.deadline)), c.deadlineZone ?? 'UTC') : '',
      section: sectionSlug,
      identityMode: c.identityMode,
      targets: c.targets.map(targetForm),
      translations: c.translations.map(translationForm),
    },
    1,
  );
}

/** A blank form for a new campaign: a letter, {@link BLANK_TARGETS} empty targets, the identity mode left to the targets. */
export function newCampaignForm(sectionSlug: string): CampaignForm {
  return withBlankTargets(
    {
      kind: 'letter',
      reference: '',
      title: '',
      slug: '',
      summary: '',
      demands: '',
      letterSubjects: '',
      letterBody: '',
      petitionText: '',
      callScript: '',
      copyTo: '',
      languages: 'en',
      deadline: '',
      section: sectionSlug,
      identityMode: '',
      targets: [],
      translations: [],
    },
    BLANK_TARGETS,
  );
}

/** The form with `extra` more blank target fieldsets, and at least {@link BLANK_TARGETS} in all. */
export function withBlankTargets(form: CampaignForm, extra: number): CampaignForm {
  const wanted = Math.min(MAX_TARGETS, Math.max(BLANK_TARGETS, form.targets.length + extra));
  const blanks = Array.from({ length: Math.max(0, wanted - form.targets.length) }, () => BLANK_TARGET);
  return { ...form, targets: [...form.targets, ...blanks] };
}
