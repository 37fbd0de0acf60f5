import { sectionLabel } from '../../../domain/articles/byline.js';
import type { ComponentChildren, VNode } from 'preact';
import { ARTICLE_TYPES } from '../../../domain/articles/article.js';
import { deriveKicker } from '../../../domain/articles/kicker.js';
import { isCountryCode } from '../../../domain/geo/countries.js';
import type { EditorChoices } from '../../../services/articles/admin-articles.js';
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
  return (
    <fieldset id="sections" class={props.errors.sections ? 'has-error' : undefined} aria-describedby={props.errors.sections ? 'sections-error' : undefined}>
      <legend>Sections</legend>
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
  return (
    <fieldset>
      <legend>Byline</legend>
      <Area
        name="credits"
        label="Contributors"
        rows={3}
        form={form}
        errors={errors}
        hint="One per line: Name | section | role. Section and role are optional; a new name becomes a contributor (no account needed)."
      />
      <Text
        name="collective"
        label="Collective byline"
        form={form}
        errors={errors}
        hint="Such as “Socialist Party reporters”; instead of or as well as contributors."
      />
      <Select
        name="collectiveSection"
        label="Section of the collective byline"
        form={form}
        errors={errors}
        options={[['', '— none —'], ...choices.sections.map((s) => [s.slug, s.name] as const)]}
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
  return (
    <fieldset id="provenance" aria-describedby={errors.provenance ? 'provenance-error' : undefined}>
      <legend>Provenance</legend>
      <FieldError id="provenance-error" message={errors.provenance} />
      <Select
        name="publication"
        label="First published in"
        form={form}
        errors={errors}
        options={[['', '— nowhere else —'], ...publicationOptions(props.choices.publications)]}
      />
      <Text name="provenanceNote" label="Provenance note" form={form} errors={errors} hint="Shown to readers instead of “First published in …”." />
      <Text name="provenanceUrl" label="Provenance link" form={form} errors={errors} hint="An address starting with https://." />
    </fieldset>
  );
}

function LeadImage(props: { form: EditorForm; errors: Errors; choices: EditorChoices }): VNode {
  const { form, errors } = props;
  return (
    <fieldset>
      <legend>Lead image</legend>
      <Select
        name="imageId"
        label="Image"
        form={form}
        errors={errors}
        hint="From the media library; its alt text is shown here."
        options={[['', '— no image —'], ...props.choices.media.map((m) => [String(m.id), `${m.alt || '(no alt text)'} — ${m.path}`] as const)]}
      />
      <Text name="imageCaption" label="Caption" form={form} errors={errors} />
      <Text name="imageCredit" label="Credit" form={form} errors={errors} />
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
  return (
    <form method="post" action={props.action} class="stack article-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="version" value={form.version} />
      <fieldset disabled={props.readOnly} class="plain">
        <legend class="visually-hidden">The article</legend>
        <Text name="title" label="Title" form={form} errors={errors} required />
        <Text name="slug" label="Slug" form={form} errors={errors} hint="The article's address; made from the title when left empty." />
        <div class="row">
          <Text name="language" label="Language" form={form} errors={errors} hint="A language tag: en, de, pt-BR…" />
          <Select name="type" label="Type" form={form} errors={errors} options={ARTICLE_TYPES.map((t) => [t, t[0]!.toUpperCase() + t.slice(1)] as const)} />
        </div>
        <Area name="standfirst" label="Standfirst" rows={2} form={form} errors={errors} />
        <Area
          name="bodyMarkdown"
          label="Body (Markdown)"
          rows={18}
          form={form}
          errors={errors}
          hint="## for a heading, *emphasis*, **strong**, [text](https://…) for a link, a blank line between paragraphs."
        />
        <Text
          name="kickerOverride"
          label="Kicker override"
          form={form}
          errors={errors}
          hint={kicker ? `Leave empty to use the suggested kicker: ${kicker}.` : 'Leave empty to use the primary country (or topic) as the kicker.'}
        />
        <Text name="countries" label="Countries" form={form} errors={errors} hint="ISO codes separated by commas, the primary country first: KZ, RU." />
        <Text name="topics" label="Topics" form={form} errors={errors} hint="Separated by commas, the primary topic first; new topics are created." />
        <Sections form={form} errors={errors} choices={choices} />
        <Byline form={form} errors={errors} choices={choices} />
        <Provenance form={form} errors={errors} choices={choices} />
        <LeadImage form={form} errors={errors} choices={choices} />
        <label class="check">
          <input type="checkbox" name="featured" checked={form.featured} /> Featured: the front page's lead story
        </label>
        <Select
          name="campaignId"
          label="Call to action"
          form={form}
          errors={errors}
          options={[['', '— no campaign —'], ...choices.campaigns.map((c) => [String(c.id), `#${c.id} ${c.title}`] as const)]}
        />
        <div class="actions">
          <button type="submit" name="intent" value="save">
            Save
          </button>
          <button type="submit" name="intent" value="preview" class="secondary">
            Preview
          </button>
        </div>
      </fieldset>
    </form>
  );
}
