import { randomBytes } from 'node:crypto';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from '../../domain/accounts/recovery-codes.js';
import type { StaffUser } from '../../domain/accounts/staff.js';
import { base32Decode, base32Encode, matchTotp, otpauthUri, TOTP_SECRET_BYTES } from '../../domain/accounts/totp.js';
import { ValidationFailed } from '../../domain/errors.js';
import { deleteOtherSessions, deleteSession, markSecondFactor } from '../../store/accounts/session.store.js';
import { claimTotpStep, disableTotp, enableTotp, lastTotpStep, setPendingTotpSecret, swapRecoveryCodes } from '../../store/accounts/two-factor.store.js';
import { findUserById, type UserRecord } from '../../store/accounts/user.store.js';
import { twoFactorRequired } from '../settings/two-factor-policy.js';
import { audit } from '../audit/audit.js';
import { accountKey, attemptSucceeded, reserve, type ThrottleDeps } from './attempt-throttle.js';
import { issueDeviceCookie } from './device-cookie.js';
import { confirmOwnPassword } from './reauthenticate.js';
import { startSession, type SessionLimits } from './sessions.js';
import type { AccountDeps } from './users.js';

/** What the second-factor services need: accounts, the throttle, and session limits for the new session. */
export interface TwoFactorDeps extends AccountDeps, ThrottleDeps {
  readonly limits: SessionLimits;
}

/** Where an account stands with two-step sign-in. */
export type TwoFactorState =
  { readonly enabled: true; readonly recoveryCodesLeft: number } | { readonly enabled: false; readonly secret: string; readonly uri: string };

function secretBytes(user: UserRecord): Buffer | null {
  return user.totpSecret ? base32Decode(user.totpSecret) : null;
}

/**
 * The account's state; for an account without TOTP, the secret to enrol with (made on
 * first visit and kept until confirmed, so reloading the page does not change it).
 */
export async function twoFactorState(deps: AccountDeps, userId: number, issuer: string): Promise<TwoFactorState> {
  let user = await findUserById(deps.db, userId);
  if (user?.totpEnabled) return { enabled: true, recoveryCodesLeft: user.recoveryCodes.length };
  if (user && !user.totpSecret) {
    await setPendingTotpSecret(deps.db, userId, base32Encode(randomBytes(TOTP_SECRET_BYTES)));
    user = await findUserById(deps.db, userId);
  }
  if (!user?.totpSecret) throw new Error(`account ${userId} vanished during enrolment`);
  return { enabled: false, secret: user.totpSecret, uri: otpauthUri({ secret: user.totpSecret, account: user.email, issuer }) };
}

/**
 * Confirms enrolment with a code from the app and returns ten recovery codes, which
 * are shown once: only their hashes are kept. The current session counts as having
 * passed the second factor (the code just proved it); every other session of the
 * account ends, since it was opened with the password alone (which may be why the
 * person is turning this on).
 */
export async function confirmEnrolment(
  deps: AccountDeps,
  user: Pick<StaffUser, 'id' | 'name'>,
  input: { sessionHash: string; code: string },
): Promise<string[]> {
  const record = await findUserById(deps.db, user.id);
  if (record?.totpEnabled) throw new ValidationFailed([{ field: 'code', message: 'Two-step sign-in is already on.', key: 'domain.two-factor.already-on' }]);
  const secret = record ? secretBytes(record) : null;
  const now = deps.clock();
  const step = secret ? matchTotp(secret, input.code, now) : null;
  if (step === null) {
    throw new ValidationFailed([
      {
        field: 'code',
        message: 'That code does not match. Enter the 6-digit code your app shows now; if it keeps failing, check the time on your phone.',
        key: 'domain.two-factor.code-wrong',
      },
    ]);
  }
  const codes = newRecoveryCodes();
  await deps.db.transaction().execute(async (trx) => {
    // Two tabs confirming at once: the second finds it on and shows no codes that were never stored.
    if (!(await enableTotp(trx, user.id, { at: now.toISOString(), step, recoveryHashes: codes.map(hashRecoveryCode) }))) {
      throw new ValidationFailed([{ field: 'code', message: 'Two-step sign-in is already on.', key: 'domain.two-factor.already-on' }]);
    }
    await markSecondFactor(trx, input.sessionHash, now.toISOString());
    await deleteOtherSessions(trx, user.id, input.sessionHash);
    await audit(
      { db: trx, clock: deps.clock },
      { actor: user, action: 'two-factor-enabled', subject: { type: 'user', id: user.id }, summary: 'Turned on two-step sign-in; other sessions ended' },
    );
  });
  return codes;
}

/**
 * Turns two-step sign-in off after the password is given again. Refused while the
 * account's role requires it. Returns 'throttled' when too many wrong passwords came first.
 */
export async function turnOffTwoFactor(
  deps: AccountDeps & ThrottleDeps,
  user: StaffUser,
  input: { password: string; ip: string; device?: string },
): Promise<'ok' | 'throttled'> {
  if (await twoFactorRequired(deps.db, user.role)) {
    throw new ValidationFailed([
      { field: 'password', message: 'Your role requires two-step sign-in, so it cannot be turned off.', key: 'domain.two-factor.required-by-role' },
    ]);
  }
  const check = await confirmOwnPassword(deps, user.id, input);
  if (check === 'throttled') return 'throttled';
  if (check === 'wrong') throw new ValidationFailed([{ field: 'password', message: 'That is not your password.', key: 'domain.password.wrong' }]);
  await deps.db.transaction().execute(async (trx) => {
    await disableTotp(trx, user.id);
    await audit(
      { db: trx, clock: deps.clock },
      { actor: user, action: 'two-factor-disabled', subject: { type: 'user', id: user.id }, summary: 'Turned off two-step sign-in' },
    );
  });
  return 'ok';
}

/** The outcome of the code step of sign-in; `token` is the new session's, `device` a new device cookie. */
export type SecondFactorResult = { kind: 'ok'; token: string; device: string; recoveryCodesLeft: number | null } | { kind: 'invalid' } | { kind: 'throttled' };

async function spendCode(deps: AccountDeps, user: UserRecord, typed: string): Promise<{ method: string; left: number | null } | null> {
  if (looksLikeRecoveryCode(typed)) {
    const hash = hashRecoveryCode(typed);
    if (!user.recoveryCodes.includes(hash)) return null;
    const after = user.recoveryCodes.filter((h) => h !== hash);
    return (await swapRecoveryCodes(deps.db, user.id, user.recoveryCodes, after)) ? { method: 'a recovery code', left: after.length } : null;
  }
  const secret = secretBytes(user);
  const step = secret ? matchTotp(secret, typed, deps.clock(), { afterStep: await lastTotpStep(deps.db, user.id) }) : null;
  return step !== null && (await claimTotpStep(deps.db, user.id, step)) ? { method: 'an authenticator code', left: null } : null;
}

/**
 * The second step of sign-in: an authenticator code (each usable once) or a recovery
 * code (spent). Each code is reserved against the sign-in throttle before it is checked
 * (so a thousand codes sent at once are not a thousand guesses), and spending it is one
 * conditional write (so the same code sent at once is accepted once). Wrong codes stay
 * counted as failed sign-ins and are audited.
 * On success the half-signed-in session is replaced by a new one with a new token, so
 * a token planted or seen before the second factor is worth nothing after it.
 */
export async function passSecondFactor(
  deps: TwoFactorDeps,
  pending: { userId: number; tokenHash: string },
  input: { code: string; ip: string; device?: string },
): Promise<SecondFactorResult> {
  const user = await findUserById(deps.db, pending.userId);
  if (!user || user.disabled || !user.totpEnabled) return { kind: 'invalid' };
  const reservation = await reserve(deps, { email: user.email, ip: input.ip, device: input.device });
  if (!reservation) return { kind: 'throttled' };
  const spent = await spendCode(deps, user, input.code.slice(0, 64));
  if (!spent) {
    await audit(deps, {
      actor: 'anonymous',
      action: 'sign-in-failed',
      subject: { type: 'user', id: user.id },
      summary: `Wrong second-factor code for ${user.name}'s account`,
    });
    return { kind: 'invalid' };
  }
  await attemptSucceeded(deps, reservation);
  const token = await deps.db.transaction().execute(async (trx) => {
    const fresh = await startSession({ ...deps, db: trx }, user.id, { secondFactorDone: true });
    await deleteSession(trx, pending.tokenHash);
    const left = spent.left === null ? '' : ` (${spent.left} left)`;
    await audit(
      { db: trx, clock: deps.clock },
      { actor: user, action: 'sign-in', subject: { type: 'user', id: user.id }, summary: `Completed sign-in with ${spent.method}${left}` },
    );
    return fresh;
  });
  return { kind: 'ok', token, device: issueDeviceCookie(deps.secret, accountKey(deps.secret, user.email)), recoveryCodesLeft: spent.left };
}
