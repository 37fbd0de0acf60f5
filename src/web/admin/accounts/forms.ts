import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffUser } from '../../../domain/accounts/staff.js';
import { NotFound, type ValidationFailed } from '../../../domain/errors.js';
import type { ThrottleDeps } from '../../../services/accounts/attempt-throttle.js';
import type { SessionLimits } from '../../../services/accounts/sessions.js';
import type { AccountDeps } from '../../../services/accounts/users.js';

/** What the account pages need (the throttle's parts for the password and code checks). */
export interface AccountsAdminDeps extends AccountDeps, ThrottleDeps {
  readonly limits: SessionLimits;
  readonly publicUrl: string;
  readonly stylesheet: string;
}

/** A submitted form as @fastify/formbody parses it: repeated names become arrays. */
export type Form = Record<string, string | string[] | undefined>;

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

/** The request's form, or an empty one. */
export function formOf(request: FastifyRequest): Form {
  return (request.body ?? {}) as Form;
}

/** The messages of a ValidationFailed by field, several for one field joined. */
export function errorsByField(error: ValidationFailed): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of error.errors) out[e.field] = out[e.field] ? `${out[e.field]} ${e.message}` : e.message;
  return out;
}

/** Sends an admin page: HTML, never cached (it holds a CSRF token and private data). */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** The signed-in member of staff; the auth plugin guarantees one on every non-public route. */
export function staffOf(request: FastifyRequest): StaffUser {
  if (!request.staff) throw new Error('a staff route ran without a signed-in member of staff');
  return request.staff;
}

/** A numeric route parameter, or NotFound (so /admin/users/abc is a 404, not a 500). */
export function idParam(raw: string, what: string): number {
  if (!/^[0-9]{1,9}$/.test(raw)) throw new NotFound(what);
  return Number(raw);
}
