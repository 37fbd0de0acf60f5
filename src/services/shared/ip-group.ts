import { createHmac } from 'node:crypto';
import { secretKey } from './secret-key.js';
import { isIPv4, isIPv6 } from 'node:net';

/*
 * Limits count addresses in groups: an IPv4 address alone, an IPv6 address with its /64.
 * A household, phone or server is handed a whole /64 (RFC 6177), so counting single IPv6
 * addresses would be no limit at all: one machine can pick a fresh one for every request.
 */

/**
 * The group an address belongs to: the IPv4 address itself (also when written as an
 * IPv4-mapped IPv6 address, "::ffff:203.0.113.7"), or the IPv6 /64 prefix, as
 * "2001:0db8:0000:0001::/64". Anything else is returned unchanged.
 */
export function ipGroup(ip: string): string {
  const address = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (mapped) return mapped;
  if (isIPv4(address) || !isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/**
 * The key a limit stores for an address: an HMAC of its group under the installation's
 * secret, so no table holds a reader's or supporter's address, and a leaked table cannot
 * be reversed by hashing all 2^32 IPv4 addresses.
 */
export function ipGroupKey(secret: Buffer, ip: string): string {
  return createHmac('sha256', secretKey(secret))
    .update(`ip:${ipGroup(ip)}`)
    .digest('base64url');
}

function expandIPv6(ip: string): string[] {
  // A zone ("fe80::1%eth0") names an interface, not an address.
  const bare = ip.split('%')[0] ?? ip;
  const [head = '', tail = ''] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = bare.includes('::') ? Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0') : [];
  return [...left, ...fill, ...right].map((part) => part.padStart(4, '0'));
}
