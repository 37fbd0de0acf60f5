import type { VNode } from 'preact';
import type { TargetForm } from '../../../domain/campaigns/campaign-input.js';
import { isCountryCode } from '../../../domain/geo/countries.js';
import type { Messages } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';
import { FieldError } from '../admin-layout.view.js';
import { targetFieldName } from './campaign-form.js';
import { LetterLanguageField } from './campaign-languages.view.js';
import { AreaField, SelectField, TextField, type Errors } from './form-fields.view.js';

/** What a fieldset's legend says: "Target 2: Prosecutor General (Kazakhstan)". */
function legendOf(m: Messages, target: TargetForm, index: number): string {
  const country = target.country.trim().toUpperCase();
  const number = index + 1;
  const title = target.title.trim();
  if (!title) return m.t('admin.campaign-form.target', { number });
  return isCountryCode(country)
    ? m.t('admin.campaign-form.target-titled-in', { number, title, country: m.countryName(country) })
    : m.t('admin.campaign-form.target-titled', { number, title });
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
  const m = useMessages();
  return (
    <fieldset class="target" id={`target-${i}`}>
      <legend>{legendOf(m, t, i)}</legend>
      <input type="hidden" name={n('id')} value={t.id} />
      {risky ? <p class="warning">{m.t('admin.target.high-risk', { country: m.countryName(t.country.trim().toUpperCase()) })}</p> : null}
      <div class="row">
        <TextField name={n('title')} label={m.t('admin.target.title')} value={t.title} errors={errors} hint={m.t('admin.target.title-hint')} />
        <TextField name={n('name')} label={m.t('admin.target.name')} value={t.name} errors={errors} />
      </div>
      <div class="row">
        <TextField name={n('organisation')} label={m.t('admin.target.organisation')} value={t.organisation} errors={errors} />
        <TextField name={n('country')} label={m.t('admin.target.country')} value={t.country} errors={errors} size={4} hint={m.t('admin.target.country-hint')} />
      </div>
      <div class="row">
        <TextField name={n('email')} label={m.t('admin.target.email')} type="email" value={t.email} errors={errors} />
        <TextField name={n('phone')} label={m.t('admin.target.phone')} value={t.phone} errors={errors} hint={m.t('admin.target.phone-hint')} />
      </div>
      <AreaField name={n('postalAddress')} label={m.t('admin.target.postal-address')} rows={3} value={t.postalAddress} errors={errors} />
      <TextField
        name={n('salutation')}
        label={m.t('admin.target.salutation')}
        value={t.salutation}
        errors={errors}
        hint={m.t('admin.target.salutation-hint')}
      />
      <div class="row">
        <SelectField
          name={n('deliveryMode')}
          label={m.t('admin.target.delivery')}
          value={t.deliveryMode}
          errors={errors}
          options={[
            ['paced', m.t('admin.target.delivery-paced')],
            ['digest', m.t('admin.target.delivery-digest')],
          ]}
        />
        <TextField name={n('pacePerHour')} label={m.t('admin.target.pace')} value={t.pacePerHour} errors={errors} inputMode="numeric" size={5} />
        <TextField
          name={n('digestEvery')}
          label={m.t('admin.target.digest-every')}
          value={t.digestEvery}
          errors={errors}
          inputMode="numeric"
          size={6}
          hint={m.t('admin.target.digest-every-hint')}
        />
      </div>
      <div class="row">
        <TextField
          name={n('officeHours')}
          label={m.t('admin.time.office-hours')}
          value={t.officeHours}
          errors={errors}
          hint={m.t('admin.target.office-hours-hint')}
        />
        <TextField name={n('timeZone')} label={m.t('admin.target.time-zone')} value={t.timeZone} errors={errors} hint={m.t('admin.time.target-zone-hint')} />
        <LetterLanguageField index={i} value={t.letterLanguage ?? ''} languages={props.languages} errors={errors} />
      </div>
      {t.id ? (
        <label class="check">
          <input type="checkbox" name={n('remove')} checked={t.remove} /> {m.t('admin.target.remove')}
        </label>
      ) : null}
    </fieldset>
  );
}

/** Every target fieldset, the targets' own message, and a button that adds a fieldset (no script needed). */
export function TargetsSection(props: { targets: readonly TargetForm[]; errors: Errors; highRisk: ReadonlySet<string>; languages: readonly string[] }): VNode {
  const m = useMessages();
  return (
    <fieldset id="targets" class="targets" aria-describedby={props.errors.targets ? 'targets-error targets-hint' : 'targets-hint'}>
      <legend>{m.t('admin.target.heading')}</legend>
      <p class="hint" id="targets-hint">
        {m.t('admin.target.intro')}
      </p>
      <FieldError id="targets-error" message={props.errors.targets} />
      {props.targets.map((target, index) => (
        <TargetFieldset target={target} index={index} errors={props.errors} highRisk={props.highRisk} languages={props.languages} />
      ))}
      <button type="submit" name="intent" value="add-target" class="secondary" formNoValidate>
        {m.t('admin.target.add')}
      </button>
    </fieldset>
  );
}
