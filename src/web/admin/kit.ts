import type { FastifyRequest } from 'fastify';
import type { StaffUser } from '../../domain/accounts/staff.js';
import type { FieldError } from '../../domain/articles/article-input.js';
import { NotFound } from '../../domain/errors.js';
import type { Messages } from '../../i18n/messages.js';

/*
 * What every admin page's routes use: who is asking, the form they sent, the id in the
 * path, the messages to show beside each field, and how the page goes out. An admin
 * route takes these from here rather than writing its own.
 */

export { sendPrivateHtml } from '../http/private-html.js';

/** The signed-in member of staff; the admin plugin has refused the request before a route that needs one runs without. */
export function staffOf(request: FastifyRequest): StaffUser {
  if (!request.staff) throw new Error('an admin route ran without a signed-in member of staff');
  return request.staff;
}

// Ids are positive integers well within PostgreSQL's `integer`; nine digits keep a longer
// number from reaching the database as an out-of-range value.
const ID = /^[0-9]{1,9}$/;

/** The id in a path (`/admin/users/:id`); anything but a plain number is a 404 naming `what`, not a 500. */
export function idParam(raw: string, what: string): number {
  if (!ID.test(raw)) throw new NotFound(what);
  return Number(raw);
}

/**
 * The messages to show beside each field of a form, in the reader's language where the
 * rule names its message in the catalogues (English as the rule wrote it otherwise).
 * Several messages for one field are all kept, in order, joined into one; `placeOf` moves
 * a rule's field to the form field that shows it (a byline's problem beside the
 * contributors, say).
 */
export function errorsByField(errors: readonly FieldError[], m: Messages, placeOf: (field: string) => string = (field) => field): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = placeOf(e.field);
    const text = fieldErrorText(e, m);
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  }
  return out;
}

/** One rule's message in the reader's language, when the rule gave its catalogue key. */
export function fieldErrorText(error: FieldError, m: Messages): string {
  return error.key ? m.t(error.key, error.values) : error.message;
}

/** A submitted form as the form parser gives it: repeated names become arrays. */
export type Form = Record<string, string | string[] | undefined>;

/** The request's form, or an empty one. */
export function formOf(request: FastifyRequest): Form {
  return (request.body ?? {}) as Form;
}

/** A field's value as typed (the first, when sent more than once), or ''. */
export function field(form: Form, name: string): string {
  const value = form[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Every value of a repeated field (checkboxes). */
export function fields(form: Form, name: string): string[] {
  const value = form[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
