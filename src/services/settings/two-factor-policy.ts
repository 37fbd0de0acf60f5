import type { Kysely } from 'kysely';
import { ROLE_LABELS, ROLES, type Role, type StaffUser } from '../../domain/accounts/staff.js';
import { readSetting, writeSetting } from '../../store/settings/settings.store.js';
import type { DB } from '../../store/db/schema.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../shared/clock.js';

/** The settings key: a JSON array of the roles that must sign in with a second factor. */
export const REQUIRE_2FA_ROLES = 'require_2fa_roles';

/**
 * The roles that must use two-step sign-in. A value that is not a JSON array of role
 * names (edited by hand, say) counts as no requirement for the unknown parts rather
 * than locking everyone out.
 */
export async function rolesRequiringTwoFactor(db: Kysely<DB>): Promise<Role[]> {
  const raw = await readSetting(db, REQUIRE_2FA_ROLES);
  if (raw === undefined) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? ROLES.filter((role) => value.includes(role)) : [];
  } catch {
    return [];
  }
}

/** Whether a role must use two-step sign-in. */
export async function twoFactorRequired(db: Kysely<DB>, role: Role): Promise<boolean> {
  return (await rolesRequiringTwoFactor(db)).includes(role);
}

/** Sets which roles must use two-step sign-in (unknown names are ignored) and audits the change. */
export async function setRolesRequiringTwoFactor(
  deps: { db: Kysely<DB>; clock: Clock },
  actor: Pick<StaffUser, 'id' | 'name'>,
  roles: readonly string[],
): Promise<Role[]> {
  const chosen = ROLES.filter((role) => roles.includes(role));
  const before = await rolesRequiringTwoFactor(deps.db);
  const label = (list: readonly Role[]) => (list.length ? list.map((r) => ROLE_LABELS[r]).join(', ') : 'none');
  await deps.db.transaction().execute(async (trx) => {
    await writeSetting(trx, REQUIRE_2FA_ROLES, JSON.stringify(chosen));
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor,
        action: 'settings-changed',
        subject: { type: 'setting', id: REQUIRE_2FA_ROLES },
        summary: `Two-step sign-in required for: ${label(before)} → ${label(chosen)}`,
      },
    );
  });
  return chosen;
}
