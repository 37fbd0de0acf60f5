import type { VNode } from 'preact';
import { splitList, type CampaignForm } from '../../../domain/campaigns/campaign-input.js';
import { blankTranslation, furtherLanguages, translationFieldName } from '../../../domain/campaigns/campaign-translations-input.js';
import { useMessages } from '../../views/messages-context.js';
import { targetFieldName } from './campaign-form.js';
import { AreaField, SelectField, TextField, type Errors } from './form-fields.view.js';

/*
 * The campaign form's parts for a campaign in several languages: a fieldset of texts per
 * language beyond the first, and each target's letter language (docs/decisions/0023).
 */

/** "Russian (ru)": a language as the coordinator reads it, with the tag the form takes. */
function languageLabel(name: (tag: string) => string, tag: string): string {
  const named = name(tag);
  return named === tag ? tag : `${named} (${tag})`;
}

/** The languages typed in the form, the first first, each once. */
export function formLanguages(form: Pick<CampaignForm, 'languages'>): string[] {
  return splitList(form.languages);
}

/** One further language's texts: the same fields as the first language's, named `translation-<language>-<field>`. */
function TranslationFieldset(props: { form: CampaignForm; language: string; errors: Errors }): VNode {
  const m = useMessages();
  const { language, errors } = props;
  const typed = props.form.translations?.find((t) => t.language === language) ?? blankTranslation(language);
  const n = (field: Parameters<typeof translationFieldName>[1]) => translationFieldName(language, field);
  const label = (key: string) => m.t(`admin.campaign-languages.${key}`);
  return (
    <fieldset class="translation" id={`translation-${language}`} lang={language}>
      <legend lang={m.language}>{m.t('admin.campaign-languages.legend', { language: languageLabel(m.languageName, language) })}</legend>
      <p class="hint" lang={m.language}>
        {m.t('admin.campaign-languages.hint', { language: m.languageName(language), path: `/campaigns/…/${language}` })}
      </p>
      <TextField name={n('title')} label={label('title')} value={typed.title} errors={errors} required />
      <AreaField name={n('summary')} label={label('summary')} rows={3} value={typed.summary} errors={errors} required />
      <AreaField name={n('demands')} label={label('demands')} rows={4} value={typed.demands} errors={errors} hint={label('one-per-line')} />
      <AreaField
        name={n('letterSubjects')}
        label={label('letter-subjects')}
        rows={3}
        value={typed.letterSubjects}
        errors={errors}
        hint={label('one-per-line')}
      />
      <AreaField name={n('letterBody')} label={label('letter-body')} rows={12} value={typed.letterBody} errors={errors} hint={label('letter-body-hint')} />
      <AreaField name={n('callScript')} label={label('call-script')} rows={4} value={typed.callScript} errors={errors} />
      <AreaField name={n('petitionText')} label={label('petition-text')} rows={8} value={typed.petitionText} errors={errors} />
    </fieldset>
  );
}

/** A fieldset per language beyond the first, in the order the languages were typed. */
export function TranslationsSection(props: { form: CampaignForm; errors: Errors }): VNode | null {
  const languages = furtherLanguages(formLanguages(props.form));
  if (languages.length === 0) return null;
  return (
    <>
      {languages.map((language) => (
        <TranslationFieldset form={props.form} language={language} errors={props.errors} />
      ))}
    </>
  );
}

/**
 * The language a target's letters go in, among the campaign's languages (the first when
 * none was chosen). A value the campaign no longer has stays offered, so the form shows
 * what was sent beside its message.
 */
export function LetterLanguageField(props: { index: number; value: string; languages: readonly string[]; errors: Errors }): VNode {
  const m = useMessages();
  const languages = props.languages.length > 0 ? props.languages : ['en'];
  // Empty: the campaign's first language, whatever the languages field says once saved.
  const offered = props.value === '' || languages.includes(props.value) ? languages : [...languages, props.value];
  return (
    <SelectField
      name={targetFieldName(props.index, 'letterLanguage')}
      label={m.t('admin.campaign-languages.letter-language')}
      value={props.value}
      errors={props.errors}
      hint={m.t('admin.campaign-languages.letter-language-hint')}
      options={[['', m.t('admin.campaign-languages.letter-language-first')] as const, ...offered.map((l) => [l, languageLabel(m.languageName, l)] as const)]}
    />
  );
}
