import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PreferencesForm } from '../../../domain/accounts/preferences.js';
import { ValidationFailed } from '../../../domain/errors.js';
import { catalogues } from '../../../i18n/messages.js';
import { changeOwnPassword, chooseAdminPreferences, signOutEverywhere } from '../../../services/accounts/own-account.js';
import { clearSessionCookie, messagesOf, renderAdmin } from '../auth.plugin.js';
import { deviceCookieOf } from '../device-cookie.js';
import { AccountPage, PasswordChanged } from './account.view.js';
import { errorsByField, field, formOf, sendPrivateHtml, staffOf } from '../kit.js';
import type { AccountsAdminDeps } from './accounts-deps.js';

/** One's own account: the admin's language and one's time zone, the password, sign out everywhere. */
export function registerAccountRoutes(app: FastifyInstance, deps: AccountsAdminDeps): void {
  const storedPreferences = (request: FastifyRequest): PreferencesForm => ({
    language: request.adminPreferences?.language ?? '',
    timeZone: request.adminPreferences?.timeZone ?? '',
  });
  const accountPage = (
    request: FastifyRequest,
    state: { errors?: Record<string, string>; notice?: string; preferences?: PreferencesForm; saved?: boolean } = {},
  ) =>
    renderAdmin(
      request,
      deps.stylesheet,
      messagesOf(request).t('admin.account.heading'),
      <AccountPage
        siteLanguage={request.siteLanguage}
        csrf={request.csrfToken}
        staff={staffOf(request)}
        preferences={state.preferences ?? storedPreferences(request)}
        errors={state.errors ?? {}}
        notice={state.notice}
        saved={state.saved}
      />,
    );

  app.get('/account', { config: { policy: 'signed-in' } }, async (request, reply) =>
    sendPrivateHtml(reply, 200, accountPage(request, { saved: (request.query as Record<string, unknown>).saved === '1' })),
  );

  app.post('/account/preferences', { config: { policy: 'signed-in' } }, async (request, reply) => {
    const form = formOf(request);
    const typed: PreferencesForm = { language: field(form, 'language'), timeZone: field(form, 'timeZone') };
    try {
      await chooseAdminPreferences(deps, staffOf(request), typed, catalogues().languages());
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendPrivateHtml(reply, 422, accountPage(request, { errors: errorsByField(error.errors, messagesOf(request)), preferences: typed }));
    }
    // The next page reads the choice back from the account, so it is drawn in the new language.
    return reply.redirect('/admin/account?saved=1', 303);
  });

  app.post('/account/password', { config: { policy: 'signed-in' } }, async (request, reply) => {
    const form = formOf(request);
    const m = messagesOf(request);
    try {
      const result = await changeOwnPassword(deps, staffOf(request), {
        current: field(form, 'current'),
        password: field(form, 'password'),
        ip: request.ip,
        device: deviceCookieOf(request, deps.publicUrl),
      });
      if (result === 'throttled') return sendPrivateHtml(reply, 429, accountPage(request, { notice: m.t('admin.account.password.throttled') }));
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendPrivateHtml(reply, 422, accountPage(request, { errors: errorsByField(error.errors, m) }));
    }
    clearSessionCookie(reply, deps.publicUrl);
    // The session is gone: the page is drawn as for a signed-out visitor.
    request.staff = null;
    return sendPrivateHtml(reply, 200, renderAdmin(request, deps.stylesheet, m.t('admin.account.password.changed'), <PasswordChanged />));
  });

  app.post('/account/sign-out-everywhere', { config: { policy: 'signed-in' } }, async (request, reply) => {
    await signOutEverywhere(deps, staffOf(request));
    clearSessionCookie(reply, deps.publicUrl);
    return reply.redirect('/admin/sign-in', 303);
  });
}
