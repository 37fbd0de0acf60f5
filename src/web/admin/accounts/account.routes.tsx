import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationFailed } from '../../../domain/errors.js';
import { changeOwnPassword, signOutEverywhere } from '../../../services/accounts/own-account.js';
import { clearSessionCookie, renderAdmin } from '../auth.plugin.js';
import { deviceCookieOf } from '../device-cookie.js';
import { AccountPage, PasswordChanged } from './account.view.js';
import { errorsByField, field, formOf, sendPrivateHtml, staffOf } from '../kit.js';
import type { AccountsAdminDeps } from './accounts-deps.js';

/** One's own account: change the password, sign out everywhere. */
export function registerAccountRoutes(app: FastifyInstance, deps: AccountsAdminDeps): void {
  const accountPage = (request: FastifyRequest, errors: Record<string, string>, notice?: string) =>
    renderAdmin(request, deps.stylesheet, 'Your account', <AccountPage csrf={request.csrfToken} staff={staffOf(request)} errors={errors} notice={notice} />);

  app.get('/account', { config: { policy: 'signed-in' } }, async (request, reply) => sendPrivateHtml(reply, 200, accountPage(request, {})));

  app.post('/account/password', { config: { policy: 'signed-in' } }, async (request, reply) => {
    const form = formOf(request);
    try {
      const result = await changeOwnPassword(deps, staffOf(request), {
        current: field(form, 'current'),
        password: field(form, 'password'),
        ip: request.ip,
        device: deviceCookieOf(request, deps.publicUrl),
      });
      if (result === 'throttled') return sendPrivateHtml(reply, 429, accountPage(request, {}, 'Too many wrong passwords. Wait 15 minutes and try again.'));
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendPrivateHtml(reply, 422, accountPage(request, errorsByField(error.errors)));
    }
    clearSessionCookie(reply, deps.publicUrl);
    // The session is gone: the page is drawn as for a signed-out visitor.
    request.staff = null;
    return sendPrivateHtml(reply, 200, renderAdmin(request, deps.stylesheet, 'Password changed', <PasswordChanged />));
  });

  app.post('/account/sign-out-everywhere', { config: { policy: 'signed-in' } }, async (request, reply) => {
    await signOutEverywhere(deps, staffOf(request));
    clearSessionCookie(reply, deps.publicUrl);
    return reply.redirect('/admin/sign-in', 303);
  });
}
