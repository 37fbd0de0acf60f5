import { describe, expect, it } from 'vitest';
import { pickEncoding } from '../../src/web/http/accept-encoding.js';

describe('unit: choosing a compressed form from Accept-Encoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip', 'gzip'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['BR;Q=0.0, GZIP;q=0.5', 'gzip'],
    ['br; q=0.001', 'br'],
    ['gzip;q=0, br;q=0', null],
    ['*', null],
    ['x-gzip-brotli', null],
  ] as const)('%s → %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected);
  });
});
