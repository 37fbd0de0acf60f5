import type { ComponentChildren, VNode } from 'preact';
import type { FieldError } from '../../../domain/articles/article-input.js';
import { LIMITS, campaignConsentWording, newsConsentWording, type ActionFormValues } from '../../../domain/campaigns/action-input.js';
import type { Messages } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';
import type { Campaign } from '../../../domain/campaigns/campaign.js';
import { countryCodes } from '../../../domain/geo/countries.js';
import { nameCollator } from '../../../domain/text/slug.js';
import { LetterLanguagesNotice } from './campaign-languages.view.js';
import type { LetterPreview } from '../../../services/campaigns/letter-preview.js';
import { campaignPath } from './campaign-parts.view.js';

/*
 * The supporter's forms. Each works without JavaScript; assets/action.js only adds a
 * proof of work and an idempotency key to the hidden fields, which the server treats
 * as optional, and keeps the letter's preview up to date as the supporter types. Every
 * field has a visible label, and a message beside it after a 422.
 */

/** Which form on the page: send through Placard (or sign), "I have sent it", "I called". */
export type FormId = 'act' | 'own' | 'call';

/** A form shown again after a 422: what the supporter typed and what was wrong. */
export interface FormState {
  readonly id: FormId;
  readonly values: ActionFormValues;
  readonly errors: readonly FieldError[];
  /** The letters as each official will receive them (the letter form only). */
  readonly preview?: readonly LetterPreview[] | undefined;
}

/** What every form needs: the campaign, the section's name for the news consent, a 422's state. */
export interface FormProps {
  readonly campaign: Campaign;
  readonly section: { readonly name: string } | null;
  readonly state?: FormState | undefined;
  /** The language of the page: its model letter is the one edited here (docs/decisions/0023). */
  readonly language?: string;
}

const EMPTY: ActionFormValues = { name: '', signAs: '', email: '', country: '', city: '', letter: '', consentCampaign: false, consentNews: false };

// Codes ISO 3166 withdrew (DD East Germany, SU, YU…) or reserves for another use (UK):
// ICU still names them, and "Germany" twice in a list is a trap. They stay valid input.
const RETIRED = new Set(['AN', 'BU', 'CS', 'DD', 'DY', 'FX', 'HV', 'NH', 'RH', 'SU', 'TP', 'UK', 'VD', 'YD', 'YU', 'ZR']);

const countryOptions = new Map<string, readonly (readonly [string, string])[]>();
/** Every country by its name in the page's language, sorted as its readers expect ("Åland" with the A's). */
function countries(m: Messages): readonly (readonly [string, string])[] {
  let options = countryOptions.get(m.language);
  if (!options) {
    const collator = m.language === 'en' ? nameCollator : new Intl.Collator(m.language, { sensitivity: 'base', numeric: true });
    options = countryCodes()
      .filter((code) => !RETIRED.has(code))
      .map((code) => [code, m.countryName(code)] as const)
      .sort((a, b) => collator.compare(a[1], b[1]));
    countryOptions.set(m.language, options);
  }
  return options;
}

function stateFor(props: FormProps, id: FormId): { values: ActionFormValues; error: (field: string) => string | undefined } {
  const own = props.state?.id === id ? props.state : undefined;
  return { values: own?.values ?? EMPTY, error: (field) => own?.errors.find((e) => e.field === field)?.message };
}

function Field(props: { id: string; label: string; error: string | undefined; hint?: string; children: ComponentChildren }): VNode {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

/** aria attributes that tie a control to its hint and its message. */
function described(id: string, error: string | undefined, hint = false) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter((x) => x !== null);
  return { 'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined, 'aria-invalid': error ? ('true' as const) : undefined };
}

function IdentityFields(props: { prefix: FormId; form: FormProps; required: boolean; signAs?: boolean }): VNode {
  const m = useMessages();
  const { prefix, required } = props;
  const { values, error } = stateFor(props.form, prefix);
  const id = (field: string) => `${prefix}-${field}`;
  return (
    <>
      <Field id={id('name')} label={required ? m.t('public.form.name') : m.t('public.form.nameOptional')} error={error('name')}>
        <input
          id={id('name')}
          name="name"
          type="text"
          autocomplete="name"
          maxLength={LIMITS.name}
          required={required}
          value={values.name}
          {...described(id('name'), error('name'))}
        />
      </Field>
      {props.signAs ? <SignAsField prefix={prefix} value={values.signAs} error={error('sign_as')} /> : null}
      <Field id={id('email')} label={required ? m.t('public.form.email') : m.t('public.form.emailOptional')} error={error('email')}>
        <input
          id={id('email')}
          name="email"
          type="email"
          autocomplete="email"
          maxLength={LIMITS.email}
          required={required}
          value={values.email}
          {...described(id('email'), error('email'))}
        />
      </Field>
      <Field id={id('country')} label={m.t('public.form.country')} error={error('country')}>
        <select id={id('country')} name="country" required autocomplete="country" {...described(id('country'), error('country'))}>
          <option value="">{m.t('public.form.chooseCountry')}</option>
          {countries(m).map(([code, name]) => (
            <option value={code} selected={values.country === code}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      {required ? (
        <Field id={id('city')} label={m.t('public.form.city')} error={error('city')}>
          <input
            id={id('city')}
            name="city"
            type="text"
            autocomplete="address-level2"
            maxLength={LIMITS.city}
            value={values.city}
            {...described(id('city'), error('city'))}
          />
        </Field>
      ) : null}
    </>
  );
}

/**
 * "Sign my letter as", in protective mode: the only name the officials see. It is asked
 * for, not taken from the full name: its first word is a surname as often as not
 * ("Sadykova Aigerim"), or a title ("Dr. Jan Nowak").
 */
function SignAsField(props: { prefix: FormId; value: string; error: string | undefined }): VNode {
  const m = useMessages();
  const id = `${props.prefix}-sign_as`;
  return (
    <Field id={id} label={m.t('public.form.signAs')} error={props.error} hint={m.t('public.form.signAsHint')}>
      <input
        id={id}
        name="sign_as"
        type="text"
        autocomplete="given-name"
        maxLength={LIMITS.signAs}
        required
        value={props.value}
        {...described(id, props.error, true)}
      />
    </Field>
  );
}

/** The heading above one official's letter in the preview (the live preview's too). */
export function previewHeading(m: Messages, preview: LetterPreview): string {
  return preview.kind === 'digest' ? m.t('public.preview.toDigest', { to: preview.to }) : m.t('public.preview.to', { to: preview.to });
}

/**
 * The letters as the officials will receive them, salutation included: after "Preview the
 * letter" (without JavaScript), and kept up to date as the supporter types (with it).
 */
function Preview(props: { preview: readonly LetterPreview[] | undefined }): VNode {
  const m = useMessages();
  return (
    <section class="letter-preview" id="act-preview" aria-labelledby="act-preview-heading" aria-live="polite">
      <h3 id="act-preview-heading">{m.t('public.preview.heading')}</h3>
      <div data-preview-letters>
        {props.preview ? (
          props.preview.map((p) => (
            <>
              <h4>{previewHeading(m, p)}</h4>
              <pre class="letter">{p.text}</pre>
            </>
          ))
        ) : (
          <p>{m.t('public.preview.empty')}</p>
        )}
      </div>
    </section>
  );
}

/** Both boxes unticked unless the supporter ticked them; the sentence beside each is what is stored. */
function Consents(props: { prefix: FormId; form: FormProps }): VNode {
  const m = useMessages();
  const { values } = stateFor(props.form, props.prefix);
  const { campaign, section } = props.form;
  return (
    <fieldset class="consents">
      <legend>{m.t('public.form.consents')}</legend>
      <label class="check">
        <input type="checkbox" name="consent_campaign" value="yes" checked={values.consentCampaign} /> {campaignConsentWording(campaign.title, m)}
      </label>
      {section ? (
        <label class="check">
          <input type="checkbox" name="consent_news" value="yes" checked={values.consentNews} /> {newsConsentWording(section.name, m)}
        </label>
      ) : null}
    </fieldset>
  );
}

/**
 * Fields people never fill in: a honeypot that robots do (hidden by CSS, not by
 * type=hidden, which robots skip), and the proof of work and idempotency key that
 * assets/action.js fills when it runs.
 */
function MachineFields(props: { prefix: FormId }): VNode {
  const m = useMessages();
  return (
    <>
      <div class="hp" aria-hidden="true">
        <label for={`${props.prefix}-website`}>{m.t('public.form.honeypot')}</label>
        <input id={`${props.prefix}-website`} name="website" type="text" tabIndex={-1} autocomplete="off" />
      </div>
      <input type="hidden" name="pow_challenge" value="" />
      <input type="hidden" name="pow_nonce" value="" />
      <input type="hidden" name="idempotency_key" value="" />
      {/* The language of this page: the emails about this action are written in it. */}
      <input type="hidden" name="language" value={m.language} />
    </>
  );
}

function ActionForm(props: { campaign: Campaign; action: string; preview?: boolean; children: ComponentChildren }): VNode {
  const base = campaignPath(props.campaign.slug);
  return (
    <form
      method="post"
      action={`${base}/${props.action}`}
      class="action-form"
      data-pow={`${base}/challenge`}
      data-preview={props.preview ? `${base}/preview` : undefined}
    >
      {props.children}
    </form>
  );
}

// The placeholders are shown as the letter has them; they are not translated.
const PLACEHOLDERS = { name: '{{name}}', city: '{{city}}', country: '{{country}}' };

/** Way 1: the letter, editable, sent through Placard after the supporter confirms their address. */
export function SendForm(props: FormProps): VNode {
  const m = useMessages();
  const { campaign } = props;
  const { values, error } = stateFor(props, 'act');
  const letter = props.state?.id === 'act' ? values.letter : campaign.letter.body;
  const protective = campaign.identityMode === 'protective';
  return (
    <section class="way" id="send" aria-labelledby="send-heading">
      <h2 id="send-heading">{m.t('public.send.heading')}</h2>
      <p>
        {m.t('public.send.intro')} {protective ? m.t('public.send.protective') : m.t('public.send.named')}
      </p>
      {props.language ? <LetterLanguagesNotice campaign={campaign} language={props.language} /> : null}
      <ActionForm campaign={campaign} action="act" preview>
        <IdentityFields prefix="act" form={props} required signAs={protective} />
        <Field
          id="act-letter"
          label={m.t('public.send.letter')}
          error={error('letter')}
          hint={protective ? m.t('public.send.letterHintProtective', PLACEHOLDERS) : m.t('public.send.letterHintNamed', PLACEHOLDERS)}
        >
          <textarea id="act-letter" name="letter" rows={14} maxLength={LIMITS.letter} required {...described('act-letter', error('letter'), true)}>
            {letter}
          </textarea>
        </Field>
        {props.language ? <input type="hidden" name="letter_language" value={props.language} /> : null}
        <Preview preview={props.state?.id === 'act' ? props.state.preview : undefined} />
        <Consents prefix="act" form={props} />
        <MachineFields prefix="act" />
        {/* Preview first: Enter in a field previews rather than sends. */}
        <button type="submit" name="preview" value="1" formnovalidate class="secondary">
          {m.t('public.send.preview')}
        </button>{' '}
        <button type="submit">{m.t('public.send.button')}</button>
      </ActionForm>
    </section>
  );
}

/** A petition's signing form. */
export function SignForm(props: FormProps): VNode {
  const m = useMessages();
  return (
    <section class="way" id="sign" aria-labelledby="sign-heading">
      <h2 id="sign-heading">{m.t('public.cta.sign')}</h2>
      <p>{m.t('public.sign.intro')}</p>
      <ActionForm campaign={props.campaign} action="act">
        <IdentityFields prefix="act" form={props} required />
        <Consents prefix="act" form={props} />
        <MachineFields prefix="act" />
        <button type="submit">{m.t('public.sign.button')}</button>
      </ActionForm>
    </section>
  );
}

/** The "I have sent it" / "I called" form: a country to count, the rest optional. */
export function SelfReportForm(props: FormProps & { prefix: 'own' | 'call'; method: 'own_mail' | 'call'; button: string }): VNode {
  return (
    <ActionForm campaign={props.campaign} action="self-report">
      <input type="hidden" name="method" value={props.method} />
      {/* The page's language: the page after the report is in it too. */}
      {props.language ? <input type="hidden" name="letter_language" value={props.language} /> : null}
      <IdentityFields prefix={props.prefix} form={props} required={false} />
      <Consents prefix={props.prefix} form={props} />
      <MachineFields prefix={props.prefix} />
      <button type="submit">{props.button}</button>
    </ActionForm>
  );
}
