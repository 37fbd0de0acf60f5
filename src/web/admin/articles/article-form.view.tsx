import { sectionLabel } from '../../../domain/articles/byline.js';
import type { ComponentChildren, VNode } from 'preact';
import { ARTICLE_TYPES } from '../../../domain/articles/article.js';
import { deriveKicker } from '../../../domain/articles/kicker.js';
import { isCountryCode } from '../../../domain/geo/countries.js';
import type { EditorChoices } from '../../../services/articles/admin-articles.js';
import { useMessages } from '../../views/messages-context.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import type { EditorForm } from './article-form.js';

type Errors = Readonly<Record<string, string>>;

/** A labelled field with its hint and its message; the control points at both. */
function Field(props: { name: string; label: string; hint?: string; errors: Errors; children: (describedBy: string | undefined) => ComponentChildren }): VNode {
  const hintId = props.hint ? `${props.name}-hint` : null;
  const errorId = props.errors[props.name] ? `${props.name}-error` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.errors[props.name] ? 'field has-error' : 'field'}>
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId ?? undefined}>
          {props.hint}
        </p>
      ) : null}
      <FieldError id={`${props.name}-error`} message={props.errors[props.name]} />
      {props.children(describedBy)}
    </div>
  );
}

function Text(props: { name: keyof EditorForm; label: string; form: EditorForm; errors: Errors; hint?: string; required?: boolean }): VNode {
  return (
    <Field name={props.name} label={props.label} hint={props.hint} errors={props.errors}>
      {(d) => (
        <input
          id={props.name}
          name={props.name}
          type="text"
          dir="auto"
          value={String(props.form[props.name])}
          required={props.required}
          aria-describedby={d}
          aria-invalid={props.errors[props.name] ? 'true' : undefined}
        />
      )}
    </Field>
  );
}

// The newline first: HTML drops one leading newline of a textarea, which would eat a body's own.
function Area(props: { name: keyof EditorForm; label: string; form: EditorForm; errors: Errors; hint?: string; rows: number }): VNode {
  return (
    <Field name={props.name} label={props.label} hint={props.hint} errors={props.errors}>
      {(d) => (
        <textarea
          id={props.name}
          name={props.name}
          rows={props.rows}
          dir="auto"
          aria-describedby={d}
          aria-invalid={props.errors[props.name] ? 'true' : undefined}
        >{`\n${String(props.form[props.name])}`}</textarea>
      )}
    </Field>
  );
}

function Select(props: {
  name: keyof EditorForm;
  label: string;
  form: EditorForm;
  errors: Errors;
  options: readonly (readonly [string, string])[];
  hint?: string;
}): VNode {
  const value = String(props.form[props.name]);
  return (
    <Field name={props.name} label={props.label} hint={props.hint} errors={props.errors}>
      {(d) => (
        <select id={props.name} name={props.name} aria-describedby={d}>
          {props.options.map(([v, label]) => (
            <option value={v} selected={v === value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The kicker readers would see without an override: from the primary country, else the primary topic. */
function suggestedKicker(form: EditorForm): string | null {
  const country =
    form.countries
      .split(/[\s,;]+/)
      .filter(Boolean)[0]
      ?.toUpperCase() ?? null;
  const topic = form.topics.split(',')[0]?.trim() || null;
  return deriveKicker({ override: null, primaryCountry: country && isCountryCode(country) ? country : null, primaryTopic: topic });
}

function Sections(props: { form: EditorForm; errors: Errors; choices: EditorChoices }): VNode {
  const m = useMessages();
  return (
    <fieldset id="sections" class={props.errors.sections ? 'has-error' : undefined} aria-describedby={props.errors.sections ? 'sections-error' : undefined}>
      <legend>{m.t('admin.editor.sections')}</legend>
      <FieldError id="sections-error" message={props.errors.sections} />
      {props.choices.sections.map((s) => (
        <label class="check">
          <input type="checkbox" name="sections" value={s.slug} checked={props.form.sections.includes(s.slug)} /> {sectionLabel(s)}
        </label>
      ))}
    </fieldset>
  );
}

function Byline(props: { form: EditorForm; errors: Errors; choices: EditorChoices }): VNode {
  const { form, errors, choices } = props;
  const m = useMessages();
  return (
    <fieldset>
      <legend>{m.t('admin.editor.byline')}</legend>
      <Area name="credits" label={m.t('admin.editor.credits')} rows={3} form={form} errors={errors} hint={m.t('admin.editor.credits-hint')} />
      <Text name="collective" label={m.t('admin.editor.collective')} form={form} errors={errors} hint={m.t('admin.editor.collective-hint')} />
      <Select
        name="collectiveSection"
        label={m.t('admin.editor.collective-section')}
        form={form}
        errors={errors}
        options={[['', m.t('admin.editor.none')], ...choices.sections.map((s) => [s.slug, s.name] as const)]}
      />
    </fieldset>
  );
}

/**
 * The publications as the select lists them: a name that several publications share
 * ("Socialist Party") carries its section's short name, so the editor can tell them apart.
 */
function publicationOptions(publications: EditorChoices['publications']): [string, string][] {
  const count = new Map<string, number>();
  for (const p of publications) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  return publications.map((p) => [p.slug, (count.get(p.name) ?? 0) > 1 && p.sectionLabel ? `${p.name} (${p.sectionLabel})` : p.name]);
}

function Provenance(props: { form: EditorForm; errors: Errors; choices: EditorChoices }): VNode {
  const { form, errors } = props;
  const m = useMessages();
  return (
    <fieldset id="provenance" aria-describedby={errors.provenance ? 'provenance-error' : undefined}>
      <legend>{m.t('admin.editor.provenance')}</legend>
      <FieldError id="provenance-error" message={errors.provenance} />
      <Select
        name="publication"
        label={m.t('admin.editor.publication')}
        form={form}
        errors={errors}
        options={[['', m.t('admin.editor.publication-none')], ...publicationOptions(props.choices.publications)]}
      />
      <Text name="provenanceNote" label={m.t('admin.editor.provenance-note')} form={form} errors={errors} hint={m.t('admin.editor.provenance-note-hint')} />
      <Text name="provenanceUrl" label={m.t('admin.editor.provenance-url')} form={form} errors={errors} hint={m.t('admin.editor.provenance-url-hint')} />
    </fieldset>
  );
}

function LeadImage(props: { form: EditorForm; errors: Errors; choices: EditorChoices }): VNode {
  const { form, errors } = props;
  const m = useMessages();
  return (
    <fieldset>
      <legend>{m.t('admin.editor.lead-image')}</legend>
      <Select
        name="imageId"
        label={m.t('admin.editor.image')}
        form={form}
        errors={errors}
        hint={m.t('admin.editor.image-hint')}
        options={[
          ['', m.t('admin.editor.image-none')],
          ...props.choices.media.map((item) => [String(item.id), `${item.alt || m.t('admin.editor.no-alt')} — ${item.path}`] as const),
        ]}
      />
      <Text name="imageCaption" label={m.t('admin.editor.image-caption')} form={form} errors={errors} />
      <Text name="imageCredit" label={m.t('admin.editor.image-credit')} form={form} errors={errors} />
    </fieldset>
  );
}

/**
 * The article editor: every editable field, Save and Preview. Preview posts the same
 * form and shows the rendered body below without saving, so it works without script;
 * editor.js adds a live preview as the body is typed.
 */
export function ArticleForm(props: { action: string; csrf: string; form: EditorForm; errors: Errors; choices: EditorChoices; readOnly: boolean }): VNode {
  const { form, errors, choices } = props;
  const kicker = suggestedKicker(form);
  const m = useMessages();
  return (
    <form method="post" action={props.action} class="stack article-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="version" value={form.version} />
      <fieldset disabled={props.readOnly} class="plain">
        <legend class="visually-hidden">{m.t('admin.editor.article')}</legend>
        <Text name="title" label={m.t('admin.editor.title')} form={form} errors={errors} required />
        <Text name="slug" label={m.t('admin.editor.slug')} form={form} errors={errors} hint={m.t('admin.editor.slug-hint')} />
        <div class="row">
          <Text name="language" label={m.t('admin.editor.language')} form={form} errors={errors} hint={m.t('admin.editor.language-hint')} />
          <Select
            name="type"
            label={m.t('admin.editor.type')}
            form={form}
            errors={errors}
            options={ARTICLE_TYPES.map((t) => [t, m.t(`admin.article-type.${t}`)] as const)}
          />
        </div>
        <Area name="standfirst" label={m.t('admin.editor.standfirst')} rows={2} form={form} errors={errors} />
        <Area name="bodyMarkdown" label={m.t('admin.editor.body')} rows={18} form={form} errors={errors} hint={m.t('admin.editor.body-hint')} />
        <Text
          name="kickerOverride"
          label={m.t('admin.editor.kicker')}
          form={form}
          errors={errors}
          hint={kicker ? m.t('admin.editor.kicker-suggested', { kicker }) : m.t('admin.editor.kicker-hint')}
        />
        <Text name="countries" label={m.t('admin.editor.countries')} form={form} errors={errors} hint={m.t('admin.editor.countries-hint')} />
        <Text name="topics" label={m.t('admin.editor.topics')} form={form} errors={errors} hint={m.t('admin.editor.topics-hint')} />
        <Sections form={form} errors={errors} choices={choices} />
        <Byline form={form} errors={errors} choices={choices} />
        <Provenance form={form} errors={errors} choices={choices} />
        <LeadImage form={form} errors={errors} choices={choices} />
        <label class="check">
          <input type="checkbox" name="featured" checked={form.featured} /> {m.t('admin.editor.featured')}
        </label>
        <Select
          name="campaignId"
          label={m.t('admin.editor.campaign')}
          form={form}
          errors={errors}
          options={[['', m.t('admin.editor.campaign-none')], ...choices.campaigns.map((c) => [String(c.id), `#${c.id} ${c.title}`] as const)]}
        />
        <div class="actions">
          <button type="submit" name="intent" value="save">
            {m.t('admin.editor.save')}
          </button>
          <button type="submit" name="intent" value="preview" class="secondary">
            {m.t('admin.editor.preview')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
