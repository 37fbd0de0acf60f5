import type { FastifyInstance } from 'fastify';
import { twoFactorRequired } from '../../../services/settings/two-factor-policy.js';
import { renderAdmin } from '../auth.plugin.js';
import { sendPrivateHtml } from '../kit.js';
import type { AccountsAdminDeps } from './accounts-deps.js';
import { ENROLMENT_PATH } from './two-factor.routes.js';

/**
 * The one place that enforces "this role must use two-step sign-in": a signed-in member
 * of staff of such a role without TOTP reaches only the enrolment page (and public
 * routes such as sign-out) until enrolled. It runs after the auth plugin's own checks,
 * and only queries the setting for signed-in staff without TOTP.
 */
export function registerTwoFactorRequirement(app: FastifyInstance, deps: Pick<AccountsAdminDeps, 'db' | 'stylesheet'>): void {
  app.addHook('preHandler', async (request, reply) => {
    const policy = request.routeOptions.config?.policy;
    if (!policy || policy === 'public' || !request.staff || request.staff.totpEnabled) return;
    if (request.routeOptions.url === ENROLMENT_PATH) return;
    if (!(await twoFactorRequired(deps.db, request.staff.role))) return;
    if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect(ENROLMENT_PATH, 303);
    const body = (
      <>
        <h1>Set up two-step sign-in first</h1>
        <p>
          Your role requires two-step sign-in. <a href={ENROLMENT_PATH}>Set it up</a>, then try again.
        </p>
      </>
    );
    return sendPrivateHtml(reply, 403, renderAdmin(request, deps.stylesheet, 'Two-step sign-in required', body));
  });
}
