import type { VNode } from 'preact';
import { FieldError } from './admin-layout.view.js';

/** Messages beside fields, as catalogue keys (the domain's rules name their problem by key). */
export type KeyedErrors = Readonly<Record<string, string>>;

/**
 * A labelled one-line or multi-line field with its hint and message, for the admin forms
 * whose rules give their messages as catalogue keys (sections, site identity).
 */
export function TextField(props: {
  name: string;
  label: string;
  value: string;
  errors: KeyedErrors;
  hint?: string;
  required?: boolean;
  type?: 'text' | 'email';
  rows?: number;
  list?: string;
}): VNode {
  const error = props.errors[props.name];
  const hintId = props.hint ? `${props.name}-hint` : null;
  const describedBy = [hintId, error ? `${props.name}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId ?? undefined}>
          {props.hint}
        </p>
      ) : null}
      <FieldError id={`${props.name}-error`} message={error} />
      {props.rows ? (
        <textarea id={props.name} name={props.name} rows={props.rows} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
          {`\n${props.value}`}
        </textarea>
      ) : (
        <input
          id={props.name}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value}
          required={props.required}
          list={props.list}
          aria-describedby={describedBy}
          aria-invalid={error ? 'true' : undefined}
        />
      )}
    </div>
  );
}

/** A labelled select with its message. */
export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  errors: KeyedErrors;
  options: readonly (readonly [string, string])[];
  hint?: string;
}): VNode {
  const error = props.errors[props.name];
  const hintId = props.hint ? `${props.name}-hint` : null;
  const describedBy = [hintId, error ? `${props.name}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId ?? undefined}>
          {props.hint}
        </p>
      ) : null}
      <FieldError id={`${props.name}-error`} message={error} />
      <select id={props.name} name={props.name} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The options of a select that chooses an image of the media library, "none" first. */
export function mediaOptions(media: readonly { id: number; path: string; alt: string }[], none: string, noAlt: string): [string, string][] {
  return [['', none], ...media.map((item): [string, string] => [String(item.id), `${item.alt || noAlt} — ${item.path}`])];
}
