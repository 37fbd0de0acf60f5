import { findUserByEmail } from '../../store/accounts/user.store.js';
import { audit } from '../audit/audit.js';
import { accountKey, attemptSucceeded, reserve, type ThrottleDeps } from './attempt-throttle.js';
import { issueDeviceCookie } from './device-cookie.js';
import { DUMMY_HASH, verifyPassword } from './password-hash.js';
import { startSession, type SessionLimits } from './sessions.js';

/** What sign-in needs: the throttle's parts and the session limits. */
export interface SignInDeps extends ThrottleDeps {
  readonly limits: SessionLimits;
}

/**
 * The outcome of a sign-in; `invalid` never says whether the account exists. `device`
 * is a new device cookie once the sign-in is complete (null while a code is owed).
 */
export type SignInResult =
  { kind: 'ok'; token: string; needsSecondFactor: boolean; userId: number; device: string | null } | { kind: 'invalid' } | { kind: 'throttled' };

/**
 * Checks an email and password. The attempt is reserved against the throttle first, so
 * an address or account over its budget is refused before the password is looked at,
 * also when many attempts arrive at once; an unknown account costs the same hash as a
 * known one, so neither the answer nor its timing tells whether the account exists.
 * `device` is the browser's device cookie, if any.
 */
export async function signIn(deps: SignInDeps, input: { email: string; password: string; ip: string; device?: string }): Promise<SignInResult> {
  const reservation = await reserve(deps, input);
  if (!reservation) return { kind: 'throttled' };
  const user = await findUserByEmail(deps.db, input.email);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!ok || !user || user.disabled) {
    await audit(deps, {
      actor: 'anonymous',
      action: 'sign-in-failed',
      subject: user ? { type: 'user', id: user.id } : undefined,
      summary: user ? `Failed sign-in to ${user.name}'s account` : 'Failed sign-in to an unknown account',
    });
    return { kind: 'invalid' };
  }
  await attemptSucceeded(deps, reservation);
  const token = await startSession(deps, user.id, { secondFactorDone: !user.totpEnabled });
  await audit(deps, {
    actor: user,
    action: 'sign-in',
    subject: { type: 'user', id: user.id },
    summary: user.totpEnabled ? 'Signed in with password; code pending' : 'Signed in',
  });
  // A device cookie only after the whole sign-in: handed out after the password alone,
  // it would give whoever knows the password fresh budgets for guessing the code.
  const device = user.totpEnabled ? null : issueDeviceCookie(deps.secret, accountKey(deps.secret, user.email));
  return { kind: 'ok', token, needsSecondFactor: user.totpEnabled, userId: user.id, device };
}
