import type { VNode } from 'preact';
import { highRiskTargets, type CampaignForm } from '../../../domain/campaigns/campaign-input.js';
import { countryName } from '../../../domain/geo/countries.js';
import { slugify } from '../../../domain/text/slug.js';
import type { CampaignChoices } from '../../../services/campaigns/campaign-admin.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { AreaField, ErrorSummary, SelectField, TextField, type Errors } from './form-fields.view.js';
import { formLanguages, TranslationsSection } from './campaign-languages.view.js';
import { TargetsSection } from './target-fieldset.view.js';

type Props = { form: CampaignForm; errors: Errors; choices: CampaignChoices };

const countriesLabel = (codes: readonly string[]) => codes.map((c) => `${countryName(c)} (${c})`).join(', ');

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
  return (
    <fieldset id="identityMode" aria-describedby={described}>
      <legend>Supporters’ identity</legend>
      <p class="hint" id="identityMode-hint">
        Left unchosen, a campaign is protective when any target is in a high-risk country (
        {choices.highRisk.length ? countriesLabel(choices.highRisk) : 'none are marked yet'}), named otherwise.
      </p>
      <FieldError id="identityMode-error" message={errors.identityMode} />
      {chosen === 'named' && risky.length > 0 ? (
        <p class="warning" id="identityMode-warning" role="alert">
          Warning: {countriesLabel(risky)} {risky.length === 1 ? 'is' : 'are'} marked high-risk. In named mode that government receives every supporter’s full
          name and email address.
        </p>
      ) : null}
      <label class="check">
        <input type="radio" name="identityMode" value="protective" checked={chosen === 'protective'} /> Protective: the organisation sends each letter, signed
        with the name the supporter chooses and their country only; their name, address, phone numbers and links are removed from the text, and public counts
        are quarter-hour snapshots with small countries grouped
      </label>
      <label class="check">
        <input type="radio" name="identityMode" value="named" checked={chosen === 'named'} /> Named: each letter carries the supporter’s name and country, and
        replies go to the supporter
      </label>
    </fieldset>
  );
}

function About(props: Props): VNode {
  const { form, errors, choices } = props;
  const suggestion = slugify(form.title);
  const sections: [string, string][] = [
    ...(choices.sectionOptional ? [['', '— no section —'] as [string, string]] : []),
    ...choices.sections.map((s): [string, string] => [s.slug, s.name]),
  ];
  return (
    <fieldset class="plain">
      <legend class="visually-hidden">The campaign</legend>
      <SelectField
        name="kind"
        label="Kind"
        value={form.kind}
        errors={errors}
        options={[
          ['letter', 'Urgent action: supporters write to targets'],
          ['petition', 'Petition: supporters sign a text'],
        ]}
      />
      <div class="row">
        <TextField name="reference" label="Reference" value={form.reference} errors={errors} hint="Such as UA 17/12." size={12} />
        <TextField
          name="deadline"
          label="Deadline"
          type="date"
          value={form.deadline}
          errors={errors}
          hint="Actions are accepted to the end of this day (UTC)."
        />
      </div>
      <TextField name="title" label="Title" value={form.title} errors={errors} required />
      <TextField
        name="slug"
        label="Address"
        value={form.slug}
        errors={errors}
        hint={`The page is /campaigns/<address>. ${suggestion ? `Left empty: ${suggestion}.` : 'Left empty, it is made from the title.'}`}
      />
      <AreaField name="summary" label="Summary" rows={3} value={form.summary} errors={errors} required />
      <AreaField name="demands" label="Demands" rows={4} value={form.demands} errors={errors} hint="One per line." />
      <div class="row">
        <SelectField name="section" label="Section" value={form.section} errors={errors} options={sections} />
        <TextField name="languages" label="Languages" value={form.languages} errors={errors} hint="Language tags separated by commas: en, ru." />
      </div>
    </fieldset>
  );
}

function Letter(props: Props): VNode {
  const { form, errors } = props;
  return (
    <fieldset>
      <legend>The letter (urgent actions)</legend>
      <AreaField
        name="letterSubjects"
        label="Subject lines"
        rows={3}
        value={form.letterSubjects}
        errors={errors}
        hint="One per line; letters take them in turn, so they do not all look alike."
      />
      <AreaField
        name="letterBody"
        label="Model letter"
        rows={12}
        value={form.letterBody}
        errors={errors}
        hint="Supporters may edit it. {{name}} becomes the supporter's full name (in protective mode, the name they choose to sign with, asked for on the form), {{city}} their city (left out in protective mode), {{country}} their country. In protective mode every word of the supporter's name, email address and town is removed from the rest of the letter, so a word of the model letter that happens to be one is removed too. The target's salutation is put above it."
      />
      <AreaField name="callScript" label="Call script" rows={4} value={form.callScript} errors={errors} hint="What supporters who phone a target can say." />
      <AreaField
        name="copyTo"
        label="Copies to"
        rows={2}
        value={form.copyTo}
        errors={errors}
        hint="The organisation's addresses, separated by commas; they receive a daily digest of every action."
      />
    </fieldset>
  );
}

/** "Target 2" for a field of the second target fieldset: its messages alone do not say which. */
function targetOfField(field: string): string | null {
  const match = /^target-(\d+)-/.exec(field);
  return match ? `Target ${Number(match[1]) + 1}` : null;
}

function Actions(): VNode {
  return (
    <div class="actions">
      <button type="submit" name="intent" value="save">
        Save
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
  return (
    <form method="post" action={props.action} class="campaign-form">
      <CsrfField token={props.csrf} />
      <ErrorSummary errors={errors} labelOf={targetOfField} />
      {/* First in the form, so Enter in any field saves rather than adding a target. */}
      <Actions />
      <About {...props} />
      <TargetsSection targets={form.targets} errors={errors} highRisk={new Set(choices.highRisk)} languages={formLanguages(form)} />
      <Letter {...props} />
      <fieldset>
        <legend>The petition (petitions)</legend>
        <AreaField
          name="petitionText"
          label="Petition text"
          rows={8}
          value={form.petitionText}
          errors={errors}
          hint="What supporters sign; it is handed in with their names, cities and countries."
        />
      </fieldset>
      <TranslationsSection form={form} errors={errors} />
      <IdentityMode {...props} />
      <Actions />
    </form>
  );
}
