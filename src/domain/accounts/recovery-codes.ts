import { createHash, randomBytes } from 'node:crypto';
import { base32Encode } from './totp.js';

/** How many recovery codes an account gets when it turns on two-step sign-in. */
export const RECOVERY_CODE_COUNT = 10;

/**
 * 10 random bytes: 80 bits, written as 16 base32 characters in groups of four
 * ("k7qm-3xpa-…"). Base32 has no 0/O or 1/I to confuse when read off paper.
 */
const CODE_BYTES = 10;

/** New recovery codes, as the person is shown them once. */
export function newRecoveryCodes(count: number = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => base32Encode(randomBytes(CODE_BYTES)).toLowerCase().match(/.{4}/g)!.join('-'));
}

/** A typed code in the form it is hashed in: lower case, without spaces or hyphens. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toLowerCase();
}

/** Whether a typed string has the shape of a recovery code (rather than a 6-digit TOTP code). */
export function looksLikeRecoveryCode(typed: string): boolean {
  return /^[a-z2-7]{16}$/.test(normalizeRecoveryCode(typed));
}

/**
 * What is stored of a recovery code: its SHA-256. A slow password hash is not needed
 * here because nobody chooses these codes: each is 80 random bits, so even at 10^11
 * SHA-256 guesses a second, finding one from a leaked hash takes about 380,000 years
 * (2^80 / 10^11 s). Slow hashes exist for low-entropy, human-chosen passwords.
 */
export function hashRecoveryCode(typed: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(typed)).digest('base64url');
}
