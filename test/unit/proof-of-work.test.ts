import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHALLENGE_TTL_MS,
  DIFFICULTY,
  issueChallenge,
  leadingZeroBits,
  proofHash,
  solveChallenge,
  verifyProof,
} from '../../src/services/campaigns/proof-of-work.js';

const secret = randomBytes(32);
const now = new Date('2026-03-02T10:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('unit: proof of work', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Uint8Array.from([0x01, 0xff]))).toBe(7);
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x00, 0x10]))).toBe(19);
    expect(leadingZeroBits(Uint8Array.from([0, 0]))).toBe(16);
  });

  it('accepts a solved challenge and checks it with one hash', () => {
    const challenge = issueChallenge(secret, 7, now);
    expect(challenge.difficulty).toBe(DIFFICULTY);
    const nonce = solveChallenge(challenge);
    expect(leadingZeroBits(proofHash(challenge.challenge, nonce))).toBeGreaterThanOrEqual(DIFFICULTY);
    expect(verifyProof(secret, 7, { challenge: challenge.challenge, nonce }, later(60_000))).toBe(true);
  });

  it('refuses a wrong nonce, another campaign, another installation and a forged challenge', () => {
    const challenge = issueChallenge(secret, 7, now, 8);
    const nonce = solveChallenge(challenge);
    const wrong = [...Array(50).keys()].map(String).find((n) => leadingZeroBits(proofHash(challenge.challenge, n)) < 8) ?? 'x';
    expect(verifyProof(secret, 7, { challenge: challenge.challenge, nonce }, now, 8)).toBe(true);
    expect(verifyProof(secret, 7, { challenge: challenge.challenge, nonce: wrong }, now, 8)).toBe(false);
    expect(verifyProof(secret, 8, { challenge: challenge.challenge, nonce }, now, 8)).toBe(false);
    expect(verifyProof(randomBytes(32), 7, { challenge: challenge.challenge, nonce }, now, 8)).toBe(false);
    // Choosing one's own timestamp and randomness does not help without the secret.
    const [ts, random] = challenge.challenge.split('.');
    const forged = { challenge: `${ts}.${random}.${'A'.repeat(22)}`, difficulty: 8 };
    expect(verifyProof(secret, 7, { challenge: forged.challenge, nonce: solveChallenge(forged) }, now, 8)).toBe(false);
    for (const junk of ['', 'a.b.c', `${challenge.challenge}.x`, 'x'.repeat(500)])
      expect(verifyProof(secret, 7, { challenge: junk, nonce }, now, 8)).toBe(false);
    expect(verifyProof(secret, 7, { challenge: challenge.challenge, nonce: '1e3' }, now, 8)).toBe(false);
  });

  it('is valid for an hour', () => {
    const challenge = issueChallenge(secret, 7, now, 4);
    const nonce = solveChallenge(challenge);
    expect(verifyProof(secret, 7, { challenge: challenge.challenge, nonce }, later(CHALLENGE_TTL_MS), 4)).toBe(true);
    expect(verifyProof(secret, 7, { challenge: challenge.challenge, nonce }, later(CHALLENGE_TTL_MS + 1), 4)).toBe(false);
    expect(verifyProof(secret, 7, { challenge: challenge.challenge, nonce }, later(-10 * 60_000), 4)).toBe(false);
  });

  it('solves as the page’s script does: SHA-256 of the challenge and the nonce as text', async () => {
    const challenge = issueChallenge(secret, 7, now, 10);
    const nonce = solveChallenge(challenge);
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(challenge.challenge + nonce)));
    expect(leadingZeroBits(hash)).toBeGreaterThanOrEqual(10);
  });
});
