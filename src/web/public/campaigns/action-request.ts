import type { FastifyRequest } from 'fastify';

/*
 * What a public campaign form carries beyond the supporter's own fields: the honeypot,
 * the proof of work and the idempotency key. Each is optional; anything malformed is
 * treated as absent, never as an error a person would have to understand.
 */

/** The form body as text fields; anything else (or no body) is an empty form. */
export function formBody(request: FastifyRequest): Readonly<Record<string, unknown>> {
  const body = request.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

function text(body: Readonly<Record<string, unknown>>, key: string): string {
  const value = body[key];
  return typeof value === 'string' ? value : '';
}

/** True when the field that people never see (it is hidden by CSS) was filled in. */
export function honeypotFilled(body: Readonly<Record<string, unknown>>): boolean {
  return text(body, 'website').trim() !== '';
}

/** The proof of work assets/action.js found, if it ran. */
export function proofOf(body: Readonly<Record<string, unknown>>): { challenge: string; nonce: string } | null {
  const challenge = text(body, 'pow_challenge');
  const nonce = text(body, 'pow_nonce');
  return challenge && nonce ? { challenge, nonce } : null;
}

// A UUID, or any other key a client makes: short, and safe to store and compare.
const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The idempotency key: the `Idempotency-Key` header, else the form's field; null when absent or malformed. */
export function idempotencyKeyOf(request: FastifyRequest, body: Readonly<Record<string, unknown>>): string | null {
  const header = request.headers['idempotency-key'];
  const key = typeof header === 'string' && header !== '' ? header : text(body, 'idempotency_key');
  return KEY.test(key) ? key : null;
}
