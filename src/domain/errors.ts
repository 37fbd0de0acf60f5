import type { FieldError } from './articles/article-input.js';

/**
 * The catalogue of errors Placard's layers raise on purpose. Each has a stable code
 * that the web layer maps to a status (web/errors/error-handler.ts) and that
 * docs/errors.md documents; a test keeps the two in step.
 */
export const ERROR_CODES = {
  not_found: 'The thing asked for does not exist or is not public.',
  validation_failed: 'The input broke one or more rules; each problem names its field.',
  bad_query: 'A query parameter has a value that cannot be used.',
  bad_request: 'The request itself cannot be read: a malformed address, control characters or invalid UTF-8, or a field of a type no form sends.',
  conflict: 'The change clashes with another made in the meantime.',
  forbidden: 'The signed-in account may see this but not do that to it.',
  sign_in_required: 'Nobody is signed in: no session, or one that has ended or still owes its second factor.',
  two_factor_required: 'The account’s role requires two-step sign-in, which it has not set up yet.',
  form_refused: 'A form was refused as possibly forged: it did not come from this site, or its token has expired.',
  gone: 'The thing was public once and has been withdrawn on purpose.',
  text_too_complex: 'A text is too long, or took too long, to render; nothing was stored.',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** Base of every deliberate error; anything else is a bug and is shown as a generic 500. */
export abstract class PlacardError extends Error {
  abstract readonly code: ErrorCode;
}

/** Nothing public answers to this name. */
export class NotFound extends PlacardError {
  readonly code = 'not_found';
  constructor(what: string) {
    super(`${what} was not found.`);
  }
}

/** Input broke rules; `errors` says which field and why. */
export class ValidationFailed extends PlacardError {
  readonly code = 'validation_failed';
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join(' '));
  }
}

/** A query parameter could not be used (`?page=abc`). */
export class BadQuery extends PlacardError {
  readonly code = 'bad_query';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The request cannot be taken as anyone's input: a malformed address, control characters
 * or invalid UTF-8, a field of a type no form sends. Refused at the edge, before any
 * handler, so both databases see the same input.
 */
export class BadRequest extends PlacardError {
  readonly code = 'bad_request';
}

/** Someone else changed the thing first. */
export class Conflict extends PlacardError {
  readonly code = 'conflict';
}

/** The account may see the thing but not do this to it (an author publishing, say). */
export class Forbidden extends PlacardError {
  readonly code = 'forbidden';
}

/** A page for staff was asked for without a signed-in member of staff. */
export class SignInRequired extends PlacardError {
  readonly code = 'sign_in_required';
  constructor() {
    super('Sign in and try again.');
  }
}

/** The account's role requires two-step sign-in; until it is set up, nothing else opens. */
export class TwoFactorRequired extends PlacardError {
  readonly code = 'two_factor_required';
  constructor() {
    super('Your role requires two-step sign-in. Set it up, then try again.');
  }
}

/**
 * A state-changing request that may have been forged by another site: its origin is not
 * this site, or its form lacks the token from the cookie. The message says which.
 */
export class FormRefused extends PlacardError {
  readonly code = 'form_refused';
}

/** It was public and has been withdrawn; the message says when and why, for readers. */
export class Gone extends PlacardError {
  readonly code = 'gone';
}

/**
 * A text could not be rendered within Placard's limits (its length, or the time a
 * render may take): it is refused rather than allowed to hold up other requests.
 */
export class TextTooComplex extends PlacardError {
  readonly code = 'text_too_complex';
}
