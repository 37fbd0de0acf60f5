import type { VNode } from 'preact';
import { highRiskTargets, type CampaignForm } from '../../../domain/campaigns/campaign-input.js';
import { slugify } from '../../../domain/text/slug.js';
import { campaignZone } from '../../../domain/time/reader-zone.js';
import type { Messages } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';
import type { CampaignChoices } from '../../../services/campaigns/campaign-admin.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { AreaField, ErrorSummary, SelectField, TextField, type Errors } from './form-fields.view.js';
import { formLanguages, TranslationsSection } from './campaign-languages.view.js';
import { TargetsSection } from './target-fieldset.view.js';

/** `siteTimeZone`: the site's default zone, where the deadline's day ends when the chosen section has none. */
type Props = { form: CampaignForm; errors: Errors; choices: CampaignChoices; siteTimeZone?: string };

const countriesLabel = (m: Messages, codes: readonly string[]) => m.list(codes.map((c) => `${m.countryName(c)} (${c})`));

/** The targets' countries that are high-risk, from what was typed. */
function riskyCountries(form: CampaignForm, highRisk: readonly string[]): string[] {
  return highRiskTargets(
    form.targets.filter((t) => !t.remove).map((t) => t.country.trim().toUpperCase()),
    new Set(highRisk),
  );
}

/**
 * The identity mode: what each choice hands the target. Until the coordinator chooses,
 * a high-risk target's country preselects protective (domain/campaigns/campaign.ts
 * defaultIdentityMode); choosing named there shows a warning.
 */
function IdentityMode(props: Props): VNode {
  const { form, errors, choices } = props;
  const risky = riskyCountries(form, choices.highRisk);
  const chosen = form.identityMode || (risky.length > 0 ? 'protective' : '');
  const described = ['identityMode-hint', errors.identityMode ? 'identityMode-error' : null, chosen === 'named' && risky.length ? 'identityMode-warning' : null]
    .filter(Boolean)
    .join(' ');
  const m = useMessages();
  return (
    <fieldset id="identityMode" aria-describedby={described}>
      <legend>{m.t('admin.campaign-form.identity')}</legend>
      <p class="hint" id="identityMode-hint">
        {m.t('admin.campaign-form.identity-hint', {
          countries: choices.highRisk.length ? countriesLabel(m, choices.highRisk) : m.t('admin.campaign-form.identity-none-marked'),
        })}
      </p>
      <FieldError id="identityMode-error" message={errors.identityMode} />
      {chosen === 'named' && risky.length > 0 ? (
        <p class="warning" id="identityMode-warning" role="alert">
          {m.t('admin.campaign-form.identity-warning', { count: risky.length, countries: countriesLabel(m, risky) })}
        </p>
      ) : null}
      <label class="check">
        <input type="radio" name="identityMode" value="protective" checked={chosen === 'protective'} /> {m.t('admin.campaign-form.protective')}
      </label>
      <label class="check">
        <input type="radio" name="identityMode" value="named" checked={chosen === 'named'} /> {m.t('admin.campaign-form.named')}
      </label>
    </fieldset>
  );
}

function About(props: Props): VNode {
  const { form, errors, choices } = props;
  const suggestion = slugify(form.title);
  const m = useMessages();
  // The day ends at midnight in the campaign's zone, whoever is typing it (domain/time/reader-zone.ts).
  const deadlineZone = campaignZone({ thing: choices.sections.find((s) => s.slug === form.section.trim())?.timeZone, site: props.siteTimeZone });
  const sections: [string, string][] = [
    ...(choices.sectionOptional ? [['', m.t('admin.campaign-form.no-section')] as [string, string]] : []),
    ...choices.sections.map((s): [string, string] => [s.slug, s.name]),
  ];
  return (
    <fieldset class="plain">
      <legend class="visually-hidden">{m.t('admin.campaign-form.campaign')}</legend>
      <SelectField
        name="kind"
        label={m.t('admin.campaign-form.kind')}
        value={form.kind}
        errors={errors}
        options={[
          ['letter', m.t('admin.campaign-form.kind-letter')],
          ['petition', m.t('admin.campaign-form.kind-petition')],
        ]}
      />
      <div class="row">
        <TextField
          name="reference"
          label={m.t('admin.campaign-form.reference')}
          value={form.reference}
          errors={errors}
          hint={m.t('admin.campaign-form.reference-hint')}
          size={12}
        />
        <TextField
          name="deadline"
          label={m.t('admin.time.deadline', { zone: deadlineZone })}
          type="date"
          value={form.deadline}
          errors={errors}
          hint={m.t('admin.time.deadline-hint', { zone: deadlineZone })}
        />
      </div>
      <TextField name="title" label={m.t('admin.campaign-form.title')} value={form.title} errors={errors} required />
      <TextField
        name="slug"
        label={m.t('admin.campaign-form.slug')}
        value={form.slug}
        errors={errors}
        hint={suggestion ? m.t('admin.campaign-form.slug-suggested', { suggestion }) : m.t('admin.campaign-form.slug-hint')}
      />
      <AreaField name="summary" label={m.t('admin.campaign-form.summary')} rows={3} value={form.summary} errors={errors} required />
      <AreaField
        name="demands"
        label={m.t('admin.campaign-form.demands')}
        rows={4}
        value={form.demands}
        errors={errors}
        hint={m.t('admin.campaign-form.one-per-line')}
      />
      <div class="row">
        <SelectField name="section" label={m.t('admin.campaign-form.section')} value={form.section} errors={errors} options={sections} />
        <TextField
          name="languages"
          label={m.t('admin.campaign-form.languages')}
          value={form.languages}
          errors={errors}
          hint={m.t('admin.campaign-form.languages-hint')}
        />
      </div>
    </fieldset>
  );
}

function Letter(props: Props): VNode {
  const { form, errors } = props;
  const m = useMessages();
  return (
    <fieldset>
      <legend>{m.t('admin.campaign-form.letter')}</legend>
      <AreaField
        name="letterSubjects"
        label={m.t('admin.campaign-form.subjects')}
        rows={3}
        value={form.letterSubjects}
        errors={errors}
        hint={m.t('admin.campaign-form.subjects-hint')}
      />
      <AreaField
        name="letterBody"
        label={m.t('admin.campaign-form.letter-body')}
        rows={12}
        value={form.letterBody}
        errors={errors}
        hint={m.t('admin.campaign-form.letter-body-hint')}
      />
      <AreaField
        name="callScript"
        label={m.t('admin.campaign-form.call-script')}
        rows={4}
        value={form.callScript}
        errors={errors}
        hint={m.t('admin.campaign-form.call-script-hint')}
      />
      <AreaField
        name="copyTo"
        label={m.t('admin.campaign-form.copy-to')}
        rows={2}
        value={form.copyTo}
        errors={errors}
        hint={m.t('admin.campaign-form.copy-to-hint')}
      />
    </fieldset>
  );
}

/** "Target 2" for a field of the second target fieldset: its messages alone do not say which. */
function targetOfField(field: string, m: Messages): string | null {
  const match = /^target-(\d+)-/.exec(field);
  return match ? m.t('admin.campaign-form.target', { number: Number(match[1]) + 1 }) : null;
}

function Actions(): VNode {
  const m = useMessages();
  return (
    <div class="actions">
      <button type="submit" name="intent" value="save">
        {m.t('admin.campaign-form.save')}
      </button>
    </div>
  );
}

/**
 * The campaign form: what it is, its targets, the letter or petition text, and whose
 * identity a letter carries. It works without script: "Add another target" posts the
 * form and gets it back with one more fieldset, everything typed kept.
 */
export function CampaignFormView(props: Props & { action: string; csrf: string }): VNode {
  const { form, errors, choices } = props;
  const m = useMessages();
  return (
    <form method="post" action={props.action} class="campaign-form">
      <CsrfField token={props.csrf} />
      <ErrorSummary errors={errors} labelOf={(field) => targetOfField(field, m)} />
      {/* First in the form, so Enter in any field saves rather than adding a target. */}
      <Actions />
      <About {...props} />
      <TargetsSection targets={form.targets} errors={errors} highRisk={new Set(choices.highRisk)} languages={formLanguages(form)} />
      <Letter {...props} />
      <fieldset>
        <legend>{m.t('admin.campaign-form.petition')}</legend>
        <AreaField
          name="petitionText"
          label={m.t('admin.campaign-form.petition-text')}
          rows={8}
          value={form.petitionText}
          errors={errors}
          hint={m.t('admin.campaign-form.petition-text-hint')}
        />
      </fieldset>
      <TranslationsSection form={form} errors={errors} />
      <IdentityMode {...props} />
      <Actions />
    </form>
  );
}
