/*
 * JSON columns are text on both databases, as the migrations make them: the store encodes
 * on the way in and decodes on the way out. The column's type names what the text holds,
 * so a query cannot write an array where an object belongs, and reading needs no cast.
 */

declare const holds: unique symbol;

/** Text holding the JSON of a `T`, as a JSON column stores it. Made only by {@link toJson}. */
export type Json<T> = string & { readonly [holds]: T };

/** Encodes a value for a JSON column typed `Json<T>`. */
export function toJson<T>(value: T): Json<T> {
  // The one place a string becomes a Json<T>: it is the encoding of a T by construction.
  return JSON.stringify(value) as Json<T>;
}

/**
 * Decodes a JSON column. Every such column is written by {@link toJson} from a value of
 * its type (or by a migration's default of that type), so the text holds a `T`.
 */
export function fromJson<T>(text: Json<T>): T {
  return JSON.parse(text) as T;
}
