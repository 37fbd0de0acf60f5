import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findUserByEmail } from '../../store/accounts/user.store.js';
import type { DB } from '../../store/db/schema.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../shared/clock.js';
import { ipGroup } from '../shared/ip-group.js';
import { DUMMY_HASH, verifyPassword } from './password-hash.js';
import { startSession, type SessionLimits } from './sessions.js';

/** Sign-in limits: 5 failures per 15 minutes per address, 25 per hour per account. */
export const THROTTLE = { perIp: { failures: 5, minutes: 15 }, perAccount: { failures: 25, minutes: 60 } } as const;

/** The outcome of a sign-in; `invalid` never says whether the account exists. */
export type SignInResult = { kind: 'ok'; token: string; needsSecondFactor: boolean; userId: number } | { kind: 'invalid' } | { kind: 'throttled' };

function hashKey(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * The address a limit counts, grouped as services/shared/ip-group.ts explains (IPv6 by
 * /64). Stored hashed: the attempts table never holds a reader's address.
 */
export function ipKey(ip: string): string {
  return hashKey(ipGroup(ip));
}

async function failuresSince(db: Kysely<DB>, column: 'ip_key' | 'account_key', key: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(column, '=', key)
    .where('succeeded', '=', 0)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function isThrottled(deps: { db: Kysely<DB>; clock: Clock }, ip: string, account: string): Promise<boolean> {
  const now = deps.clock().getTime();
  const ipSince = new Date(now - THROTTLE.perIp.minutes * 60_000).toISOString();
  const accountSince = new Date(now - THROTTLE.perAccount.minutes * 60_000).toISOString();
  return (
    (await failuresSince(deps.db, 'ip_key', ip, ipSince)) >= THROTTLE.perIp.failures ||
    (await failuresSince(deps.db, 'account_key', account, accountSince)) >= THROTTLE.perAccount.failures
  );
}

/** Whether attempts from this address or on this account are refused for now. */
export async function attemptsThrottled(deps: { db: Kysely<DB>; clock: Clock }, input: { email: string; ip: string }): Promise<boolean> {
  return isThrottled(deps, ipKey(input.ip), hashKey(input.email.trim().toLowerCase()));
}

/**
 * Counts an attempt for the throttle: a second-factor code, or a password typed again
 * while signed in, is guessed like a password and limited by the same budget.
 */
export async function recordAttempt(deps: { db: Kysely<DB>; clock: Clock }, input: { email: string; ip: string; succeeded: boolean }): Promise<void> {
  await deps.db
    .insertInto('sign_in_attempts')
    .values({ at: deps.clock().toISOString(), ip_key: ipKey(input.ip), account_key: hashKey(input.email.trim().toLowerCase()), succeeded: input.succeeded ? 1 : 0 })
    .execute();
}

/**
 * Checks an email and password. A throttled address or account is refused before the
 * password is looked at; an unknown account costs the same hash as a known one, so
 * neither the answer nor its timing tells whether the account exists.
 */
export async function signIn(
  deps: { db: Kysely<DB>; clock: Clock; limits: SessionLimits },
  input: { email: string; password: string; ip: string },
): Promise<SignInResult> {
  const ip = ipKey(input.ip);
  const account = hashKey(input.email.trim().toLowerCase());
  if (await isThrottled(deps, ip, account)) return { kind: 'throttled' };
  const user = await findUserByEmail(deps.db, input.email);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  const succeeded = ok && user !== undefined && !user.disabled;
  await deps.db.insertInto('sign_in_attempts').values({ at: deps.clock().toISOString(), ip_key: ip, account_key: account, succeeded: succeeded ? 1 : 0 }).execute();
  if (!succeeded || !user) {
    await audit(deps, { actor: 'anonymous', action: 'sign-in-failed', subject: user ? { type: 'user', id: user.id } : undefined, summary: user ? `Failed sign-in to ${user.name}'s account` : 'Failed sign-in to an unknown account' });
    return { kind: 'invalid' };
  }
  const token = await startSession(deps, user.id, { secondFactorDone: !user.totpEnabled });
  await audit(deps, { actor: user, action: 'sign-in', subject: { type: 'user', id: user.id }, summary: user.totpEnabled ? 'Signed in with password; code pending' : 'Signed in' });
  return { kind: 'ok', token, needsSecondFactor: user.totpEnabled, userId: user.id };
}
