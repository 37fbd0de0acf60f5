import type { FieldError } from '../articles/article-input.js';
import type { CampaignStatus, CampaignTexts } from './campaign.js';
import {
  isBlankTarget,
  LETTER_PLACEHOLDERS,
  lines,
  unknownPlaceholders,
  type CampaignForm,
  type CampaignInput,
  type TranslationForm,
} from './campaign-input.js';

/*
 * The campaign form's texts in the campaign's further languages, and each target's letter
 * language. They follow the first language's rules (campaign-input.ts): a title and a
 * summary always; the letter (an urgent action) or the petition text (a petition) once
 * the campaign is not a draft. Fields are named `translation-<language>-<field>`, so the
 * form comes back with each text where it was typed.
 */

/** Words the checks say, from the catalogue of whoever reads the form: `say(key, values)`. */
export type Say = (key: string, values?: Record<string, string | number>) => string;

/** The name of a translation's control: `translation-ru-letterBody`. */
export function translationFieldName(language: string, field: Exclude<keyof TranslationForm, 'language'>): string {
  return `translation-${language}-${field}`;
}

/** The languages of a form beyond its first, each once, in the order typed. */
export function furtherLanguages(languages: readonly string[]): string[] {
  return languages.slice(1).filter((l) => l !== languages[0]);
}

/** A blank set of texts for a language, as a fieldset shows before anything is typed. */
export function blankTranslation(language: string): TranslationForm {
  return { language, title: '', summary: '', demands: '', letterSubjects: '', letterBody: '', petitionText: '', callScript: '' };
}

const LIMITS = { title: 200, summary: 2000, demand: 500, subject: 200, letterBody: 20_000, petitionText: 20_000, callScript: 5000 } as const;

function checkTexts(
  form: TranslationForm,
  options: { kind: string; status: CampaignStatus; name: string; say: Say },
  add: (field: keyof TranslationForm, message: string) => void,
): void {
  const { say, name } = options;
  const tooLong = (field: keyof TranslationForm, text: string, max: number) => {
    if (text.length > max) add(field, say('admin.campaign-languages.error.too-long', { max }));
  };
  if (form.title.trim() === '') add('title', say('admin.campaign-languages.error.title', { language: name }));
  tooLong('title', form.title.trim(), LIMITS.title);
  if (form.summary.trim() === '') add('summary', say('admin.campaign-languages.error.summary', { language: name }));
  tooLong('summary', form.summary.trim(), LIMITS.summary);
  for (const d of lines(form.demands)) tooLong('demands', d, LIMITS.demand);
  for (const s of lines(form.letterSubjects)) tooLong('letterSubjects', s, LIMITS.subject);
  const unknown = unknownPlaceholders(form.letterBody);
  if (unknown.length > 0)
    add(
      'letterBody',
      say('admin.campaign-languages.error.placeholders', {
        allowed: LETTER_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', '),
        unknown: unknown.map((p) => `{{${p}}}`).join(', '),
      }),
    );
  tooLong('letterBody', form.letterBody, LIMITS.letterBody);
  tooLong('petitionText', form.petitionText, LIMITS.petitionText);
  tooLong('callScript', form.callScript, LIMITS.callScript);
  if (options.status === 'draft') return;
  if (options.kind === 'letter' && form.letterBody.trim() === '') add('letterBody', say('admin.campaign-languages.error.letter', { language: name }));
  if (options.kind === 'petition' && form.petitionText.trim() === '') add('petitionText', say('admin.campaign-languages.error.petition', { language: name }));
}

function textsOf(form: TranslationForm): CampaignTexts {
  return {
    language: form.language,
    title: form.title.trim(),
    summary: form.summary.trim(),
    demands: lines(form.demands),
    letter: { subjects: lines(form.letterSubjects), body: form.letterBody.replace(/\r\n/g, '\n').trim() },
    petitionText: form.petitionText.replace(/\r\n/g, '\n').trim(),
    callScript: form.callScript.trim(),
  };
}

/**
 * Completes a checked form (validateCampaignForm) with its texts in every further
 * language and each target's letter language, adding a message per field that breaks a
 * rule. A target without a language takes the first; one with a language the campaign
 * does not have is an error beside its select, not a silent change.
 */
export function validateCampaignLanguages(
  form: CampaignForm,
  checked: { readonly input: CampaignInput; readonly errors: readonly FieldError[] },
  options: { readonly status: CampaignStatus; readonly say: Say; readonly languageName: (language: string) => string },
): { input: CampaignInput; errors: FieldError[] } {
  const errors: FieldError[] = [...checked.errors];
  const { input } = checked;
  const first = input.languages[0] ?? 'en';
  const translations = furtherLanguages(input.languages).map((language) => {
    const typed = form.translations?.find((t) => t.language === language) ?? blankTranslation(language);
    const name = options.languageName(language);
    checkTexts(typed, { kind: input.kind, status: options.status, name, say: options.say }, (field, message) =>
      errors.push({ field: translationFieldName(language, field as Exclude<keyof TranslationForm, 'language'>), message }),
    );
    return textsOf(typed);
  });
  // validateCampaignForm leaves out removed and blank fieldsets; the fieldsets' numbers name the fields.
  const kept = form.targets.flatMap((t, i) => (t.remove || isBlankTarget(t) ? [] : [i]));
  const targets = input.targets.map((t, i) => {
    const field = `target-${kept[i] ?? i}-letterLanguage`;
    if (t.letterLanguage === '') return { ...t, letterLanguage: first };
    if (!input.languages.includes(t.letterLanguage)) errors.push({ field, message: options.say('admin.campaign-languages.error.target-language') });
    return t;
  });
  return { input: { ...input, translations, targets }, errors };
}

/**
 * What activating a campaign needs in each further language, as readinessProblems asks
 * of the first: the model letter of an urgent action, the text of a petition.
 */
export function translationReadiness(
  campaign: Pick<CampaignInput, 'kind' | 'languages' | 'translations'>,
  messages: { t: Say; languageName(language: string): string },
): FieldError[] {
  return furtherLanguages(campaign.languages).flatMap((language): FieldError[] => {
    const texts = campaign.translations.find((t) => t.language === language);
    const name = messages.languageName(language);
    if (campaign.kind === 'letter' && !texts?.letter.body.trim())
      return [{ field: translationFieldName(language, 'letterBody'), message: messages.t('admin.campaign-languages.error.letter', { language: name }) }];
    if (campaign.kind === 'petition' && !texts?.petitionText.trim())
      return [{ field: translationFieldName(language, 'petitionText'), message: messages.t('admin.campaign-languages.error.petition', { language: name }) }];
    return [];
  });
}
