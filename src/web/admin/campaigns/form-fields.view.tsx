import type { ComponentChildren, VNode } from 'preact';
import { FieldError } from '../admin-layout.view.js';
import { useMessages } from '../../views/messages-context.js';

/** Messages by field name (the control's id and name). */
export type Errors = Readonly<Record<string, string>>;

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly errors: Errors;
  readonly hint?: ComponentChildren;
}

/** What a control points at with aria-describedby: its hint and its message. */
function describedBy(props: FieldProps): string | undefined {
  return [props.hint ? `${props.name}-hint` : null, props.errors[props.name] ? `${props.name}-error` : null].filter(Boolean).join(' ') || undefined;
}

function Frame(props: FieldProps & { children: ComponentChildren }): VNode {
  return (
    <div class={props.errors[props.name] ? 'field has-error' : 'field'}>
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <FieldError id={`${props.name}-error`} message={props.errors[props.name]} />
      {props.children}
    </div>
  );
}

/** A labelled one-line input with its hint and message. */
export function TextField(props: FieldProps & { type?: 'text' | 'email' | 'date'; inputMode?: 'numeric'; required?: boolean; size?: number }): VNode {
  const common = {
    id: props.name,
    name: props.name,
    value: props.value,
    size: props.size,
    required: props.required,
    // The text may be in another language than the admin's: each field finds its own direction.
    dir: 'auto' as const,
    'aria-describedby': describedBy(props),
    'aria-invalid': props.errors[props.name] ? ('true' as const) : undefined,
  };
  return (
    <Frame {...props}>
      {props.type === 'date' ? (
        <input type="date" {...common} />
      ) : props.type === 'email' ? (
        <input type="email" {...common} />
      ) : (
        <input type="text" inputMode={props.inputMode} {...common} />
      )}
    </Frame>
  );
}

// The newline first: HTML drops one leading newline of a textarea, which would eat the text's own.
/** A labelled text area with its hint and message. */
export function AreaField(props: FieldProps & { rows: number; required?: boolean }): VNode {
  return (
    <Frame {...props}>
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows}
        dir="auto"
        required={props.required}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors[props.name] ? 'true' : undefined}
      >
        {`\n${props.value}`}
      </textarea>
    </Frame>
  );
}

/** A labelled select; the option equal to the value is selected. */
export function SelectField(props: FieldProps & { options: readonly (readonly [string, string])[] }): VNode {
  return (
    <Frame {...props}>
      <select id={props.name} name={props.name} aria-describedby={describedBy(props)} aria-invalid={props.errors[props.name] ? 'true' : undefined}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/**
 * Every message of a form at the top, each a link to its field (by default `#<field>`;
 * `hrefOf` may point elsewhere, or nowhere with null), so nobody has to hunt for them;
 * `labelOf` names what a message is about where the message alone cannot (which target).
 */
export function ErrorSummary(props: { errors: Errors; hrefOf?: (field: string) => string | null; labelOf?: (field: string) => string | null }): VNode | null {
  const entries = Object.entries(props.errors);
  const m = useMessages();
  if (entries.length === 0) return null;
  return (
    <div class="form-error" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{m.t('admin.form.error-summary', { count: entries.length })}</h2>
      <ul>
        {entries.map(([field, message]) => {
          const href = props.hrefOf ? props.hrefOf(field) : `#${field}`;
          const label = props.labelOf?.(field);
          const text = label ? m.t('admin.form.error-about', { label, message }) : message;
          return <li>{href ? <a href={href}>{text}</a> : text}</li>;
        })}
      </ul>
    </div>
  );
}
