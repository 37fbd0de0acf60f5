import { createHash, randomBytes } from 'node:crypto';

/** A new random token: 32 bytes (256 bits), URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored of a token: its SHA-256. A database leak then yields no usable session
 * or link; a plain hash suffices because the token itself has 256 bits of entropy.
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
