import type { FastifyInstance } from 'fastify';
import { TwoFactorRequired } from '../../../domain/errors.js';
import { twoFactorRequired } from '../../../services/settings/two-factor-policy.js';
import type { AccountsAdminDeps } from './accounts-deps.js';
import { ENROLMENT_PATH } from './two-factor.routes.js';

/**
 * The one place that enforces "this role must use two-step sign-in": a signed-in member
 * of staff of such a role without TOTP reaches only the enrolment page (and public
 * routes such as sign-out) until enrolled; anything else throws TwoFactorRequired, which
 * sends a browser's GET to the enrolment page. It runs after the auth plugin's own
 * checks, and only queries the setting for signed-in staff without TOTP.
 */
export function registerTwoFactorRequirement(app: FastifyInstance, deps: Pick<AccountsAdminDeps, 'db'>): void {
  app.addHook('preHandler', async (request) => {
    const policy = request.routeOptions.config?.policy;
    if (!policy || policy === 'public' || !request.staff || request.staff.totpEnabled) return;
    if (request.routeOptions.url === ENROLMENT_PATH) return;
    if (await twoFactorRequired(deps.db, request.staff.role)) throw new TwoFactorRequired();
  });
}
