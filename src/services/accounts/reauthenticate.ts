import { findUserById } from '../../store/accounts/user.store.js';
import { audit } from '../audit/audit.js';
import { attemptSucceeded, reserve, type ThrottleDeps } from './attempt-throttle.js';
import { DUMMY_HASH, verifyPassword } from './password-hash.js';
import type { AccountDeps } from './users.js';

/** The outcome of asking a signed-in person for their password again. */
export type PasswordCheck = 'ok' | 'wrong' | 'throttled';

/** What asking for the password again needs. */
export type ReauthDeps = AccountDeps & ThrottleDeps;

/**
 * Checks the password of a signed-in account before a sensitive change (new password,
 * turning two-step sign-in off). A stolen session must not become a way to guess the
 * password, so each answer is reserved against the sign-in throttle before it is
 * checked, and wrong ones are audited. `device` is the browser's device cookie, if any.
 */
export async function confirmOwnPassword(deps: ReauthDeps, userId: number, input: { password: string; ip: string; device?: string }): Promise<PasswordCheck> {
  const user = await findUserById(deps.db, userId);
  if (!user) return 'wrong';
  const reservation = await reserve(deps, { email: user.email, ip: input.ip, device: input.device });
  if (!reservation) return 'throttled';
  const ok = await verifyPassword(input.password, user.passwordHash ?? DUMMY_HASH);
  if (!ok) {
    await audit(deps, {
      actor: user,
      action: 'sign-in-failed',
      subject: { type: 'user', id: user.id },
      summary: 'Wrong password when confirming a change to the account',
    });
    return 'wrong';
  }
  await attemptSucceeded(deps, reservation);
  return 'ok';
}
