/**
 * Characters no one types into a form field. Control characters (C0 but tab, newline
 * and carriage return; DEL; C1) have no meaning in a name, an address or a letter, and
 * NUL is refused by PostgreSQL, so the same input would be stored on SQLite and fail on
 * PostgreSQL. Lone surrogates cannot be encoded as UTF-8 at all.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_OR_WHITESPACE_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in a
 * one-line field they only serve to make a name display as something else, in the admin
 * and in letters to targets ("moc.elpmaxe@" shown reversed).
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const LINE_BREAKS = /[\r\n]+/g;

/** Why a text cannot be accepted at all, or null when it can. */
export function textProblem(value: string, options: { multiline: boolean }): string | null {
  if (!value.isWellFormed()) return 'contains bytes that are not valid UTF-8 text';
  if ((options.multiline ? CONTROL : CONTROL_OR_WHITESPACE_CONTROL).test(value)) return 'contains control characters';
  return null;
}

/**
 * A one-line value as a browser's `<input type="text">` would submit it: without line
 * breaks (HTML strips them from such values) and without bidi controls.
 */
export function singleLineText(value: string): string {
  return value.replace(LINE_BREAKS, '').replace(BIDI_CONTROLS, '');
}
