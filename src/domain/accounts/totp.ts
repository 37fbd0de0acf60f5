import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One-time passwords: HOTP (RFC 4226) and TOTP (RFC 6238), as every authenticator app
 * speaks them by default: SHA-1, 6 digits, 30-second steps. Written on node:crypto
 * alone; a library would add a dependency for forty lines.
 */

/** The HMAC a one-time password is computed with. */
export type OtpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** The parameters Placard uses; the otpauth:// URI states them to the app. */
export const TOTP_DEFAULTS = { algorithm: 'sha1', digits: 6, periodSeconds: 30 } as const;

/**
 * Steps accepted either side of the current one. One step (±30 s) absorbs a phone's
 * clock drift and the time it takes to type the code, as RFC 6238 §5.2 recommends.
 */
export const TOTP_WINDOW = 1;

/** RFC 4226 §4 asks for at least 128 bits of shared secret and recommends 160. */
export const TOTP_SECRET_BYTES = 20;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Encodes bytes as RFC 4648 base32 without padding (what authenticator apps expect). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes base32, forgiving what people type: lower case, spaces, hyphens and `=`
 * padding. Returns null when any other character appears.
 */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
}

/** The HOTP value of a counter (RFC 4226 §5.3: HMAC, dynamic truncation, modulo 10^digits). */
export function hotp(secret: Uint8Array, counter: number, options: { algorithm?: OtpAlgorithm; digits?: number } = {}): string {
  const digits = options.digits ?? TOTP_DEFAULTS.digits;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(options.algorithm ?? TOTP_DEFAULTS.algorithm, secret)
    .update(message)
    .digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The TOTP time step a moment falls in: whole periods since the Unix epoch (RFC 6238 §4.2). */
export function timeStep(at: Date, periodSeconds: number = TOTP_DEFAULTS.periodSeconds): number {
  return Math.floor(at.getTime() / 1000 / periodSeconds);
}

/** The TOTP code for a moment. */
export function totp(secret: Uint8Array, at: Date, options: { algorithm?: OtpAlgorithm; digits?: number; periodSeconds?: number } = {}): string {
  return hotp(secret, timeStep(at, options.periodSeconds), options);
}

/**
 * Checks a typed code against the steps around `at` and returns the step it matched, or
 * null. Steps at or before `afterStep` are never accepted: a code, once used, cannot be
 * replayed (RFC 6238 §5.2), nor can an older one still inside the window.
 */
export function matchTotp(secret: Uint8Array, typed: string, at: Date, options: { afterStep?: number | null; window?: number } = {}): number | null {
  const code = typed.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${TOTP_DEFAULTS.digits}}$`).test(code)) return null;
  const current = timeStep(at);
  const window = options.window ?? TOTP_WINDOW;
  let matched: number | null = null;
  // Every step is computed and compared, match or not, so timing says nothing about which matched.
  for (let step = current - window; step <= current + window; step++) {
    const same = timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(code));
    if (same && (options.afterStep === null || options.afterStep === undefined || step > options.afterStep)) matched = step;
  }
  return matched;
}

/**
 * The otpauth:// URI an authenticator app reads (the Key Uri Format of Google
 * Authenticator, which the other apps follow). The label is "issuer:account".
 */
export function otpauthUri(input: { secret: string; account: string; issuer: string }): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const query = new URLSearchParams({
    secret: input.secret,
    issuer: input.issuer,
    algorithm: TOTP_DEFAULTS.algorithm.toUpperCase(),
    digits: String(TOTP_DEFAULTS.digits),
    period: String(TOTP_DEFAULTS.periodSeconds),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
