import type { FastifyInstance } from 'fastify';
import { registerAccountRoutes } from './account.routes.js';
import { registerAuditRoutes } from './audit.routes.js';
import type { AccountsAdminDeps } from './accounts-deps.js';
import { registerTwoFactorRequirement } from './require-two-factor.hook.js';
import { registerSetPasswordRoutes } from './set-password.routes.js';
import { registerSettingsRoutes } from './settings.routes.js';
import { registerEnrolmentRoutes, registerSignInCodeRoutes } from './two-factor.routes.js';
import { registerUserAccountRoutes, registerUserRoutes } from './users.routes.js';

export type { AccountsAdminDeps };

/**
 * Accounts in the admin: the second factor, one's own account, one-time set-password
 * links, the users admin, the audit log and the settings, and the hook that holds
 * staff of a role requiring two-step sign-in at enrolment. Call right after registerAuth.
 */
export function registerAccountsAdmin(app: FastifyInstance, deps: AccountsAdminDeps): void {
  registerTwoFactorRequirement(app, deps);
  registerSignInCodeRoutes(app, deps);
  registerEnrolmentRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerSetPasswordRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerUserAccountRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerSettingsRoutes(app, deps);
}
