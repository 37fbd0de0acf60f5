import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ipGroup, ipGroupKey } from '../../src/services/shared/ip-group.js';

describe('unit: address groups for limits', () => {
  it('keeps an IPv4 address alone, also when IPv4-mapped', () => {
    expect(ipGroup('203.0.113.7')).toBe('203.0.113.7');
    expect(ipGroup('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 by /64, however the address is written', () => {
    const group = '2001:0db8:0001:0002::/64';
    for (const ip of [
      '2001:db8:1:2::5',
      '2001:DB8:1:2:ffff:eeee:dddd:cccc',
      '2001:0db8:0001:0002:0000:0000:0000:0009',
      'fe80::1%eth0'.replace('fe80::1', '2001:db8:1:2::1'),
    ])
      expect(ipGroup(ip), ip).toBe(group);
    expect(ipGroup('2001:db8:1:3::5')).not.toBe(group);
    expect(ipGroup('::1')).toBe('0000:0000:0000:0000::/64');
  });

  it('stores a keyed hash, never the address, and the same group gives the same key', () => {
    const secret = randomBytes(32);
    expect(ipGroupKey(secret, '2001:db8:1:2::5')).toBe(ipGroupKey(secret, '2001:db8:1:2::6'));
    expect(ipGroupKey(secret, '2001:db8:1:2::5')).not.toBe(ipGroupKey(randomBytes(32), '2001:db8:1:2::5'));
    expect(ipGroupKey(secret, '203.0.113.7')).not.toContain('203');
    // Sign-in throttling uses these keys too (services/accounts/attempt-throttle.ts).
    expect(ipGroupKey(secret, '::ffff:198.51.100.1')).toBe(ipGroupKey(secret, '198.51.100.1'));
  });
});
