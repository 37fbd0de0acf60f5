import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { secretKey } from '../shared/secret-key.js';

/*
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a
 * browser that has completed a sign-in to an account gets a signed cookie naming that
 * account. Its later attempts on the account count against the cookie's own allowance
 * instead of the account's, so someone who types 25 wrong passwords for a staff member
 * locks out only strangers' browsers, never the staff member's own.
 *
 * The cookie holds a random device id and an HMAC, under the installation secret, of the
 * id and the account's key. Nothing is stored for it: a forged or copied-to-another-
 * account cookie fails the HMAC and the attempt is simply counted as cookie-less.
 */

/** How long a device cookie lasts: a year, under the 400 days browsers cap cookies at. */
export const DEVICE_COOKIE_DAYS = 365;

const ID_BYTES = 16;

function mac(secret: Buffer, id: string, accountKey: string): Buffer {
  return createHmac('sha256', secretKey(secret)).update(`device:${id}:${accountKey}`).digest();
}

/** A new device cookie value for a browser that has just signed in to the account. */
export function issueDeviceCookie(secret: Buffer, accountKey: string): string {
  const id = randomBytes(ID_BYTES).toString('base64url');
  return `${id}.${mac(secret, id, accountKey).toString('base64url')}`;
}

/**
 * The key the cookie's attempts are counted under, when it is a valid device cookie for
 * this account; null otherwise (absent, forged, or issued for another account).
 */
export function deviceKey(secret: Buffer, cookie: string | undefined, accountKey: string): string | null {
  const [id, given, extra] = (cookie ?? '').split('.');
  if (!id || !given || extra !== undefined || Buffer.from(id, 'base64url').length !== ID_BYTES) return null;
  const expected = mac(secret, id, accountKey);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return createHmac('sha256', secretKey(secret)).update(`device-key:${id}`).digest('base64url');
}
