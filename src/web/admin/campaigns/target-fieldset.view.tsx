import type { VNode } from 'preact';
import type { TargetForm } from '../../../domain/campaigns/campaign-input.js';
import { countryName, isCountryCode } from '../../../domain/geo/countries.js';
import { FieldError } from '../admin-layout.view.js';
import { targetFieldName } from './campaign-form.js';
import { LetterLanguageField } from './campaign-languages.view.js';
import { AreaField, SelectField, TextField, type Errors } from './form-fields.view.js';

/** What a fieldset's legend says: "Target 2: Prosecutor General (Kazakhstan)". */
function legendOf(target: TargetForm, index: number): string {
  const country = target.country.trim().toUpperCase();
  const where = isCountryCode(country) ? ` (${countryName(country)})` : '';
  return target.title.trim() ? `Target ${index + 1}: ${target.title.trim()}${where}` : `Target ${index + 1}`;
}

/** One target: who they are, how to reach them, and how letters reach them. */
export function TargetFieldset(props: {
  target: TargetForm;
  index: number;
  errors: Errors;
  highRisk: ReadonlySet<string>;
  languages: readonly string[];
}): VNode {
  const { target: t, index: i, errors } = props;
  const n = (field: keyof TargetForm) => targetFieldName(i, field);
  const risky = props.highRisk.has(t.country.trim().toUpperCase());
  return (
    <fieldset class="target" id={`target-${i}`}>
      <legend>{legendOf(t, i)}</legend>
      <input type="hidden" name={n('id')} value={t.id} />
      {risky ? <p class="warning">{countryName(t.country.trim().toUpperCase())} is marked high-risk: protect supporters’ identities.</p> : null}
      <div class="row">
        <TextField name={n('title')} label="Position" value={t.title} errors={errors} hint="Such as “Prosecutor General of Kazakhstan”." />
        <TextField name={n('name')} label="Name" value={t.name} errors={errors} />
      </div>
      <div class="row">
        <TextField name={n('organisation')} label="Organisation" value={t.organisation} errors={errors} />
        <TextField name={n('country')} label="Country" value={t.country} errors={errors} size={4} hint="ISO code: KZ." />
      </div>
      <div class="row">
        <TextField name={n('email')} label="Email" type="email" value={t.email} errors={errors} />
        <TextField name={n('phone')} label="Phone" value={t.phone} errors={errors} hint="With the country code: +7 7172 …" />
      </div>
      <AreaField name={n('postalAddress')} label="Postal address" rows={3} value={t.postalAddress} errors={errors} />
      <TextField name={n('salutation')} label="Salutation" value={t.salutation} errors={errors} hint="Opens each letter: “Dear Prosecutor General”." />
      <div class="row">
        <SelectField
          name={n('deliveryMode')}
          label="Delivery"
          value={t.deliveryMode}
          errors={errors}
          options={[
            ['paced', 'Paced: letter by letter'],
            ['digest', 'Digest: gathered into one message'],
          ]}
        />
        <TextField name={n('pacePerHour')} label="Paced: letters an hour at most" value={t.pacePerHour} errors={errors} inputMode="numeric" size={5} />
        <TextField
          name={n('digestEvery')}
          label="Digest: one per this many actions"
          value={t.digestEvery}
          errors={errors}
          inputMode="numeric"
          size={6}
          hint="Empty: one digest a day."
        />
      </div>
      <div class="row">
        <TextField
          name={n('officeHours')}
          label="Office hours"
          value={t.officeHours}
          errors={errors}
          hint="09:00-17:00 (Monday to Friday) or Mon-Sat 08:30-18:00."
        />
        <TextField name={n('timeZone')} label="Time zone" value={t.timeZone} errors={errors} hint="Asia/Almaty, Europe/Dublin…" />
        <LetterLanguageField index={i} value={t.letterLanguage ?? ''} languages={props.languages} errors={errors} />
      </div>
      {t.id ? (
        <label class="check">
          <input type="checkbox" name={n('remove')} checked={t.remove} /> Remove this target
        </label>
      ) : null}
    </fieldset>
  );
}

/** Every target fieldset, the targets' own message, and a button that adds a fieldset (no script needed). */
export function TargetsSection(props: { targets: readonly TargetForm[]; errors: Errors; highRisk: ReadonlySet<string>; languages: readonly string[] }): VNode {
  return (
    <fieldset id="targets" class="targets" aria-describedby={props.errors.targets ? 'targets-error targets-hint' : 'targets-hint'}>
      <legend>Targets</legend>
      <p class="hint" id="targets-hint">
        The people or offices supporters write to. Leave a fieldset empty to skip it.
      </p>
      <FieldError id="targets-error" message={props.errors.targets} />
      {props.targets.map((target, index) => (
        <TargetFieldset target={target} index={index} errors={props.errors} highRisk={props.highRisk} languages={props.languages} />
      ))}
      <button type="submit" name="intent" value="add-target" class="secondary" formNoValidate>
        Add another target
      </button>
    </fieldset>
  );
}
