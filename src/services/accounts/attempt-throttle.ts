import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { deleteAttemptsBefore, markAttemptSucceeded, reserveAttempt } from '../../store/accounts/sign-in-attempt.store.js';
import type { Dialect } from '../../store/db/database.js';
import type { DB } from '../../store/db/schema.js';
import type { Clock } from '../shared/clock.js';
import { ipGroupKey } from '../shared/ip-group.js';
import { secretKey } from '../shared/secret-key.js';
import { deviceKey } from './device-cookie.js';

/**
 * Guessing budgets, counting failed attempts (and attempts still being checked):
 * - 5 per 15 minutes per address (IPv6 by /64), for everyone;
 * - 25 per hour per account, for browsers without a device cookie for it;
 * - 10 per hour per device cookie, for the browser that holds it.
 * 25 an hour is ~600 guesses a day against an account, hopeless against a password of
 * 8+ characters off the common list; a person mistyping on their own browser needs far
 * fewer than 10. The device budget is OWASP's device-cookie proposal: the account's
 * budget can be used up by anyone, so it must not be what its owner depends on.
 */
export const THROTTLE = {
  perIp: { failures: 5, minutes: 15 },
  perAccount: { failures: 25, minutes: 60 },
  perDevice: { failures: 10, minutes: 60 },
} as const;

/** What counting attempts needs: the database and its dialect, the clock, and the installation secret that keys addresses. */
export interface ThrottleDeps {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly secret: Buffer;
}

/** An attempt that fitted the budgets and is being checked. */
export interface Reservation {
  readonly id: number;
}

/** The key an account's attempts are counted under: an HMAC of its email, never the email. */
export function accountKey(secret: Buffer, email: string): string {
  return createHmac('sha256', secretKey(secret)).update(`account:${email.trim().toLowerCase()}`).digest('base64url');
}

/**
 * Reserves an attempt on an account (a password, a second-factor code, a password typed
 * again while signed in) before anything is checked, or returns null when it is over a
 * budget. The reservation counts as a failure until {@link attemptSucceeded}: however
 * many requests arrive at once, no more are checked than the budget allows.
 */
export async function reserve(deps: ThrottleDeps, input: { email: string; ip: string; device?: string }): Promise<Reservation | null> {
  const account = accountKey(deps.secret, input.email);
  const keys = { ip: ipGroupKey(deps.secret, input.ip), account, device: deviceKey(deps.secret, input.device, account) };
  const now = deps.clock().getTime();
  const since = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  const budgets = {
    ip: { failures: THROTTLE.perIp.failures, since: since(THROTTLE.perIp.minutes) },
    account: { failures: THROTTLE.perAccount.failures, since: since(THROTTLE.perAccount.minutes) },
    device: { failures: THROTTLE.perDevice.failures, since: since(THROTTLE.perDevice.minutes) },
  };
  const id = await deps.db.transaction().execute((trx) => reserveAttempt(trx, deps.dialect, { keys, at: new Date(now).toISOString(), budgets }));
  return id === null ? null : { id };
}

/** Attempts are kept a day, well past the longest budget's hour, then removed. */
const KEEP_ATTEMPTS_MINUTES = 24 * 60;

/**
 * Records that a reserved attempt succeeded: it stops counting against any budget.
 * Attempts older than a day go at the same time; sign-ins are rare enough that this
 * keeps the table small without a job of its own.
 */
export async function attemptSucceeded(deps: Pick<ThrottleDeps, 'db' | 'clock'>, reservation: Reservation): Promise<void> {
  await markAttemptSucceeded(deps.db, reservation.id);
  await deleteAttemptsBefore(deps.db, new Date(deps.clock().getTime() - KEEP_ATTEMPTS_MINUTES * 60_000).toISOString());
}
