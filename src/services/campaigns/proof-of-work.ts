import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { secretKey } from '../shared/secret-key.js';

/*
 * A self-hosted proof of work (docs/decisions/0004-proof-of-work-and-held-actions.md).
 * The page's script asks for a challenge and searches for a nonce such that
 * SHA-256(challenge + nonce) starts with DIFFICULTY zero bits; a form that carries one
 * gets the looser rate limit. Challenges are stateless: a timestamp, randomness and an
 * HMAC under the installation's secret, so any node can check any challenge with one
 * HMAC and one hash, and nothing is stored.
 */

/**
 * Leading zero bits asked for. 15 bits is 32,768 hashes on average: about one second for
 * a mid-range phone hashing with crypto.subtle in batches (~30,000 a second), a quarter
 * to half a second on a laptop; the server checks an answer with one hash.
 */
export const DIFFICULTY = 15;

/** How long a challenge stays valid. */
export const CHALLENGE_TTL_MS = 60 * 60_000;

// A clock a little ahead on another node must not make a fresh challenge look future.
const SKEW_MS = 60_000;

/** What GET /campaigns/:slug/challenge answers. */
export interface Challenge {
  readonly challenge: string;
  readonly difficulty: number;
}

function mac(secret: Buffer, campaignId: number, payload: string): string {
  return createHmac('sha256', secretKey(secret)).update(`pow:${campaignId}:${payload}`).digest('base64url').slice(0, 22);
}

/** A fresh challenge for a campaign's forms, valid for an hour. */
export function issueChallenge(secret: Buffer, campaignId: number, now: Date, difficulty = DIFFICULTY): Challenge {
  const payload = `${now.getTime()}.${randomBytes(12).toString('base64url')}`;
  return { challenge: `${payload}.${mac(secret, campaignId, payload)}`, difficulty };
}

/** How many zero bits a hash starts with. */
export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** SHA-256 of the challenge followed by the nonce, as the browser computes it. */
export function proofHash(challenge: string, nonce: string): Buffer {
  return createHash('sha256')
    .update(challenge + nonce)
    .digest();
}

/**
 * Whether a nonce solves a challenge this installation issued for this campaign in the
 * last hour. A solved challenge can be sent again within its hour: it buys only the
 * looser per-address limit, which still counts every submission.
 */
export function verifyProof(secret: Buffer, campaignId: number, proof: { challenge: string; nonce: string }, now: Date, difficulty = DIFFICULTY): boolean {
  const { challenge, nonce } = proof;
  if (challenge.length > 128 || !/^[0-9]{1,16}$/.test(nonce)) return false;
  const match = /^([0-9]{1,15})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$/.exec(challenge);
  if (!match) return false;
  const issuedAt = Number(match[1]);
  const age = now.getTime() - issuedAt;
  if (age > CHALLENGE_TTL_MS || age < -SKEW_MS) return false;
  const expected = Buffer.from(mac(secret, campaignId, `${match[1]}.${match[2]}`));
  const given = Buffer.from(match[3] ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return leadingZeroBits(proofHash(challenge, nonce)) >= difficulty;
}

/** Finds a nonce for a challenge (what the page's script does); for tests and benchmarks. */
export function solveChallenge(challenge: Challenge): string {
  for (let nonce = 0; ; nonce++) {
    if (leadingZeroBits(proofHash(challenge.challenge, String(nonce))) >= challenge.difficulty) return String(nonce);
  }
}
