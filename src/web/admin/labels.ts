import type { Role } from '../../domain/accounts/staff.js';
import type { Messages } from '../../i18n/messages.js';

/*
 * Names the admin shows for the domain's codes (roles, article statuses), from the
 * catalogues: the codes stay English in the database and in addresses, the words follow
 * the reader's language.
 */

/** A role's name ("Section editor", "Редактор секции"). */
export function roleName(m: Messages, role: Role): string {
  return m.t(`admin.role.${role}`);
}

const STATUSES = new Set(['draft', 'in_review', 'scheduled', 'published', 'withdrawn']);

/** An article status's name; an unknown code is shown as stored. */
export function statusName(m: Messages, status: string): string {
  return STATUSES.has(status) ? m.t(`admin.status.${status}`) : status;
}
