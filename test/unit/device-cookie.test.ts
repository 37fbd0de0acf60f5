import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accountKey } from '../../src/services/accounts/attempt-throttle.js';
import { deviceKey, issueDeviceCookie } from '../../src/services/accounts/device-cookie.js';

describe('unit: device cookies', () => {
  const secret = randomBytes(32);
  const ada = accountKey(secret, 'Ada@Example.org ');

  it('keys accounts by an HMAC of the email as typed, in any case, never the email itself', () => {
    expect(ada).toBe(accountKey(secret, 'ada@example.org'));
    expect(ada).not.toBe(accountKey(randomBytes(32), 'ada@example.org'));
    expect(ada).not.toContain('ada');
  });

  it('names a device only for the account it was issued for, under this installation', () => {
    const cookie = issueDeviceCookie(secret, ada);
    const key = deviceKey(secret, cookie, ada);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(deviceKey(secret, cookie, ada)).toBe(key);
    expect(deviceKey(secret, issueDeviceCookie(secret, ada), ada)).not.toBe(key);
    expect(deviceKey(secret, cookie, accountKey(secret, 'grace@example.org'))).toBeNull();
    expect(deviceKey(randomBytes(32), cookie, ada)).toBeNull();
  });

  it('refuses forged, altered and malformed cookies', () => {
    const [id, mac] = issueDeviceCookie(secret, ada).split('.') as [string, string];
    const other = issueDeviceCookie(secret, ada).split('.')[0]!;
    for (const forged of [undefined, '', id, `${other}.${mac}`, `${id}.${mac.slice(0, -2)}`, `${id}.${mac}.x`, `.${mac}`, `${id}.`]) {
      expect(deviceKey(secret, forged, ada), String(forged)).toBeNull();
    }
  });
});
