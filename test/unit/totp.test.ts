import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from '../../src/domain/accounts/recovery-codes.js';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, timeStep, totp, type OtpAlgorithm } from '../../src/domain/accounts/totp.js';

// The seeds of RFC 6238 Appendix B: the ASCII digits repeated to the hash's length.
const SEED: Record<OtpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

describe('unit: TOTP and HOTP', () => {
  it('computes the HOTP values of RFC 4226 Appendix D', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(SEED.sha1, counter))).toEqual(expected);
  });

  it.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('computes the TOTP values of RFC 6238 Appendix B at %i s', (seconds, sha1, sha256, sha512) => {
    const at = new Date(seconds * 1000);
    expect(totp(SEED.sha1, at, { digits: 8, algorithm: 'sha1' })).toBe(sha1);
    expect(totp(SEED.sha256, at, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totp(SEED.sha512, at, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  it('defaults to 6 digits, SHA-1 and 30-second steps', () => {
    // The last six digits of the 8-digit vector: truncation is modulo 10^digits.
    expect(totp(SEED.sha1, new Date(59_000))).toBe('287082');
    expect(timeStep(new Date(59_000))).toBe(1);
    expect(timeStep(new Date(60_000))).toBe(2);
  });

  it('round-trips base32 (RFC 4648 test vectors) and forgives what people type', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded)?.toString()).toBe(plain);
    }
    expect(base32Decode('mzxw 6ytb-oi======')?.toString()).toBe('foobar');
    expect(base32Decode('MZXW1')).toBeNull();
    expect(base32Encode(SEED.sha1)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('accepts a code one step either side, refuses two steps away and non-codes', () => {
    const now = new Date('2026-03-01T09:00:10Z');
    const at = (seconds: number) => totp(SEED.sha1, new Date(now.getTime() + seconds * 1000));
    const current = timeStep(now);
    expect(matchTotp(SEED.sha1, at(0), now)).toBe(current);
    expect(matchTotp(SEED.sha1, at(-30), now)).toBe(current - 1);
    expect(matchTotp(SEED.sha1, at(30), now)).toBe(current + 1);
    expect(matchTotp(SEED.sha1, at(-60), now)).toBeNull();
    expect(matchTotp(SEED.sha1, at(60), now)).toBeNull();
    expect(matchTotp(SEED.sha1, `${at(0).slice(0, 3)} ${at(0).slice(3)}`, now)).toBe(current);
    expect(matchTotp(SEED.sha1, '12345', now)).toBeNull();
    expect(matchTotp(SEED.sha1, 'abcdef', now)).toBeNull();
  });

  it('refuses a step already used, and any step before it', () => {
    const now = new Date('2026-03-01T09:00:10Z');
    const current = timeStep(now);
    expect(matchTotp(SEED.sha1, totp(SEED.sha1, now), now, { afterStep: current })).toBeNull();
    expect(matchTotp(SEED.sha1, totp(SEED.sha1, new Date(now.getTime() - 30_000)), now, { afterStep: current })).toBeNull();
    expect(matchTotp(SEED.sha1, totp(SEED.sha1, new Date(now.getTime() + 30_000)), now, { afterStep: current })).toBe(current + 1);
  });

  it('writes the otpauth:// URI authenticator apps read', () => {
    const uri = otpauthUri({ secret: 'JBSWY3DPEHPK3PXP', account: 'ada@example.org', issuer: 'news.example.org' });
    expect(uri).toBe('otpauth://totp/news.example.org:ada%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=news.example.org&algorithm=SHA1&digits=6&period=30');
  });
});

describe('unit: recovery codes', () => {
  it('makes ten distinct 80-bit codes in groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
    }
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });

  it('hashes a code the same however it is typed, and differently from any other', () => {
    const [a, b] = newRecoveryCodes(2) as [string, string];
    expect(hashRecoveryCode(a.toUpperCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(a));
    expect(hashRecoveryCode(a)).not.toBe(hashRecoveryCode(b));
    expect(hashRecoveryCode(a)).not.toContain(normalizeRecoveryCode(a));
  });
});
