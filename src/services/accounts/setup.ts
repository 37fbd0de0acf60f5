import { ValidationFailed } from '../../domain/errors.js';
import { deleteExpiredUnownedAccountTokens, findAccountToken, insertAccountToken, markAccountTokenUsed } from '../../store/accounts/account-token.store.js';
import { countUsers } from '../../store/accounts/user.store.js';
import { audit } from '../audit/audit.js';
import { newToken, tokenHash } from './tokens.js';
import { createUser, type AccountDeps } from './users.js';

/** How long the first-administrator link stays valid. */
export const SETUP_LINK_HOURS = 24;

/**
 * On a database without accounts, makes a one-time link to create the first
 * administrator (valid 24 h) and returns its token. There is no default password
 * anywhere. Returns null once an account exists. Links printed earlier (by this node's
 * last start, or by another node starting on the same database) keep working until they
 * expire or the first administrator exists, whichever comes first: a node's start must
 * not break a link someone is about to open (docs/decisions/0035).
 */
export async function issueSetupToken(deps: Pick<AccountDeps, 'db' | 'clock'>): Promise<string | null> {
  if ((await countUsers(deps.db)) > 0) return null;
  const token = newToken();
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await deleteExpiredUnownedAccountTokens(trx, 'first-admin', now.toISOString());
    await insertAccountToken(trx, {
      token_hash: tokenHash(token),
      purpose: 'first-admin',
      user_id: null,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SETUP_LINK_HOURS * 3_600_000).toISOString(),
      used_at: null,
    });
  });
  return token;
}

/** Whether a setup token is still usable (unused, unexpired, and no account yet). */
export async function isSetupTokenValid(deps: Pick<AccountDeps, 'db' | 'clock'>, token: string): Promise<boolean> {
  const row = await findAccountToken(deps.db, tokenHash(token), 'first-admin');
  return row !== undefined && row.used_at === null && Date.parse(row.expires_at) > deps.clock().getTime() && (await countUsers(deps.db)) === 0;
}

/** Creates the first administrator through a setup link, which then stops working. */
export async function completeSetup(deps: AccountDeps, token: string, input: { email: string; name: string; password: string }): Promise<number> {
  if (!(await isSetupTokenValid(deps, token)))
    throw new ValidationFailed([
      {
        field: 'token',
        message: 'This setup link has expired or was already used. Restart Placard to get a new one.',
        key: 'domain.account.setup-link-expired',
      },
    ]);
  // The link is spent in the transaction that creates the account, first: of two
  // submissions racing with one link, the second finds it used and creates nothing.
  const id = await deps.db.transaction().execute(async (trx) => {
    if (!(await markAccountTokenUsed(trx, tokenHash(token), deps.clock().toISOString())))
      throw new ValidationFailed([{ field: 'token', message: 'This setup link was already used.', key: 'domain.account.setup-link-used' }]);
    return createUser({ ...deps, db: trx }, { ...input, role: 'administrator', sectionSlugs: [] });
  });
  await audit(deps, {
    actor: { id, name: input.name },
    action: 'account-created',
    subject: { type: 'user', id },
    summary: 'First administrator created through the setup link',
  });
  return id;
}
