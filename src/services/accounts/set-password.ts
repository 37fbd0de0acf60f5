import type { Kysely } from 'kysely';
import { passwordRule } from '../../domain/accounts/passwords.js';
import { ValidationFailed } from '../../domain/errors.js';
import { deleteUnusedAccountTokens, findAccountToken, insertAccountToken, markAccountTokenUsed } from '../../store/accounts/account-token.store.js';
import { deleteUserSessions } from '../../store/accounts/session.store.js';
import { findUserById, updatePasswordHash } from '../../store/accounts/user.store.js';
import type { DB } from '../../store/db/schema.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../shared/clock.js';
import { hashPassword } from './password-hash.js';
import { newToken, tokenHash } from './tokens.js';
import type { AccountDeps } from './users.js';

/** How long a set-password link works. */
export const SET_PASSWORD_LINK_HOURS = 24;
const PURPOSE = 'set-password';

/** The address of a set-password link. */
export function setPasswordUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/admin/set-password/${token}`;
}

/**
 * Makes a one-time link (valid 24 h) for an account to choose its password; earlier
 * unused links of the account stop working. Runs inside the caller's transaction.
 */
export async function issueSetPasswordToken(db: Kysely<DB>, clock: Clock, userId: number): Promise<string> {
  const token = newToken();
  const now = clock();
  await deleteUnusedAccountTokens(db, userId, PURPOSE);
  await insertAccountToken(db, {
    token_hash: tokenHash(token),
    purpose: PURPOSE,
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SET_PASSWORD_LINK_HOURS * 3_600_000).toISOString(),
    used_at: null,
  });
  return token;
}

/** The account a link is for while it works (unused, unexpired, account enabled), or undefined. */
export async function setPasswordLinkAccount(
  deps: Pick<AccountDeps, 'db' | 'clock'>,
  token: string,
): Promise<{ id: number; name: string; email: string } | undefined> {
  const row = await findAccountToken(deps.db, tokenHash(token), PURPOSE);
  if (!row || row.used_at !== null || row.user_id === null || Date.parse(row.expires_at) <= deps.clock().getTime()) return undefined;
  const user = await findUserById(deps.db, row.user_id);
  return user && !user.disabled ? { id: user.id, name: user.name, email: user.email } : undefined;
}

/**
 * Sets the password through a link, which then stops working; every session of the
 * account ends. Throws ValidationFailed on `token` (link dead) or `password`.
 */
export async function setPasswordWithLink(deps: AccountDeps, token: string, password: string): Promise<void> {
  const account = await setPasswordLinkAccount(deps, token);
  if (!account)
    throw new ValidationFailed([
      { field: 'token', message: 'This link has expired or was already used. Ask an administrator for a new one.', key: 'domain.account.link-expired' },
    ]);
  const problem = passwordRule(password, deps.commonPasswords());
  if (problem) throw new ValidationFailed([{ field: 'password', ...problem }]);
  const hash = await hashPassword(password);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await markAccountTokenUsed(trx, tokenHash(token), deps.clock().toISOString()))) {
      throw new ValidationFailed([{ field: 'token', message: 'This link was already used.', key: 'domain.account.link-used' }]);
    }
    await updatePasswordHash(trx, account.id, hash, deps.clock().toISOString());
    await deleteUserSessions(trx, account.id);
    await audit(
      { db: trx, clock: deps.clock },
      { actor: account, action: 'password-changed', subject: { type: 'user', id: account.id }, summary: 'Set their password through a one-time link' },
    );
  });
}
