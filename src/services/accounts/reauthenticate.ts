import { findUserById } from '../../store/accounts/user.store.js';
import { audit } from '../audit/audit.js';
import { DUMMY_HASH, verifyPassword } from './password-hash.js';
import { attemptsThrottled, recordAttempt } from './sign-in.js';
import type { AccountDeps } from './users.js';

/** The outcome of asking a signed-in person for their password again. */
export type PasswordCheck = 'ok' | 'wrong' | 'throttled';

/**
 * Checks the password of a signed-in account before a sensitive change (new password,
 * turning two-step sign-in off). A stolen session must not become a way to guess the
 * password, so wrong answers count against the sign-in throttle and are audited.
 */
export async function confirmOwnPassword(deps: AccountDeps, userId: number, input: { password: string; ip: string }): Promise<PasswordCheck> {
  const user = await findUserById(deps.db, userId);
  if (!user) return 'wrong';
  if (await attemptsThrottled(deps, { email: user.email, ip: input.ip })) return 'throttled';
  const ok = await verifyPassword(input.password, user.passwordHash ?? DUMMY_HASH);
  await recordAttempt(deps, { email: user.email, ip: input.ip, succeeded: ok });
  if (!ok) await audit(deps, { actor: user, action: 'sign-in-failed', subject: { type: 'user', id: user.id }, summary: 'Wrong password when confirming a change to the account' });
  return ok ? 'ok' : 'wrong';
}
