import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../domain/errors.js';
import { singleLineText, textProblem } from '../../domain/text/control-characters.js';

/**
 * Fields the forms show as a `<textarea>`: they keep their line breaks and any bidi
 * controls a writer of a right-to-left language put in a paragraph on purpose.
 */
const MULTILINE_FIELDS = new Set([
  'alt',
  'body',
  'bodyMarkdown',
  'callScript',
  'caption',
  'copyTo',
  'credits',
  'demands',
  'description',
  'footer',
  'letter',
  'letterBody',
  'letterSubjects',
  'note',
  'petitionText',
  'standfirst',
  'summary',
]);
const MULTILINE_PATTERN = /^target-[0-9]+-postalAddress$|^translation-[A-Za-z0-9-]{2,35}-(summary|demands|letterSubjects|letterBody|petitionText|callScript)$/;

// Secrets are compared as typed: changing them here would lock out a password set before.
const VERBATIM_FIELDS = new Set(['password', 'current', '_csrf']);

/** Whether a field keeps line breaks and bidi controls; a test checks every rendered textarea is one. */
export function isMultiline(name: string): boolean {
  return MULTILINE_FIELDS.has(name) || MULTILINE_PATTERN.test(name);
}

function refuseUnreadable(where: string, value: string, multiline: boolean): void {
  const problem = textProblem(value, { multiline });
  if (problem) throw new BadRequest(`The ${where} ${problem}. Please type it again.`);
}

/** Checks the path parameters and query; a parameter sent twice counts once (no route reads repeats). */
function guardAddress(request: FastifyRequest): void {
  const params = request.params as Record<string, unknown> | undefined;
  if (params) for (const value of Object.values(params)) if (typeof value === 'string') refuseUnreadable('address', value, false);
  const query = request.query as Record<string, unknown> | undefined;
  if (!query) return;
  for (const [name, value] of Object.entries(query)) {
    refuseUnreadable('address', name, false);
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first !== 'string') throw new BadRequest(`The query parameter ${name.slice(0, 40)} has no usable value.`);
    refuseUnreadable('address', first, false);
    if (first !== value) query[name] = first;
  }
}

function cleanField(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new BadRequest(`The field ${name.slice(0, 40)} holds a value of a kind no form sends.`);
  refuseUnreadable(`field “${name.slice(0, 40)}”`, value, true);
  if (VERBATIM_FIELDS.has(name) || isMultiline(name)) return value;
  return singleLineText(value);
}

/**
 * Checks a submitted body: every field a string, or several strings (checkboxes); no
 * control characters or invalid UTF-8; one-line fields without line breaks or bidi
 * controls, as a browser's text input would send them.
 */
function guardBody(request: FastifyRequest): void {
  // ActivityPub inboxes take JSON whose signature covers its exact bytes; Fedify checks it.
  if (request.routeOptions.config?.signedJsonBody === true) return;
  const body: unknown = request.body;
  if (body === undefined || body === null) return;
  if (typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) throw new BadRequest('The request body is not a form.');
  const form = body as Record<string, unknown>;
  for (const [name, value] of Object.entries(form)) {
    refuseUnreadable('form', name, false);
    form[name] = Array.isArray(value) ? value.map((v) => cleanField(name, v)) : cleanField(name, value);
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes a signed JSON body as bytes (ActivityPub inboxes), which the guard leaves alone. */
    signedJsonBody?: boolean;
  }
}

/**
 * Refuses, before any route runs, input no person could have typed: control characters
 * (NUL above all, which PostgreSQL rejects and SQLite stores), invalid UTF-8, values of a
 * type no form sends. Both databases then see the same input and every route gets a clear
 * 400 instead of failing somewhere inside. Multipart uploads are read by their route,
 * which applies `cleanFormText` itself.
 */
export function registerInputGuard(app: FastifyInstance): void {
  // A callback hook: it runs on every request, cached public pages included.
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      guardAddress(request);
      guardBody(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}

/** One text field of a multipart form, checked and cleaned as `registerInputGuard` does for other forms. */
export function cleanFormText(name: string, value: string): string {
  return cleanField(name, value);
}
