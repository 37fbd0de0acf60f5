import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ROLES, type Role } from '../../../domain/accounts/staff.js';
import { useMessages } from '../../views/messages-context.js';
import { roleName } from '../labels.js';
import { rolesRequiringTwoFactor, setRolesRequiringTwoFactor } from '../../../services/settings/two-factor-policy.js';
import { CsrfField } from '../admin-layout.view.js';
import { messagesOf, renderAdmin } from '../auth.plugin.js';
import { fields, formOf, sendPrivateHtml, staffOf } from '../kit.js';
import type { AccountsAdminDeps } from './accounts-deps.js';

function SettingsPage(props: { csrf: string; required: readonly Role[]; saved: boolean }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.nav.settings')}</h1>
      {props.saved ? (
        <p class="notice" role="status">
          {m.t('admin.dashboard.notice.saved')}
        </p>
      ) : null}
      <p>{m.rich('admin.settings.high-risk', { link: (chunks) => <a href="/admin/campaigns/settings">{chunks}</a> })}</p>
      <form method="post" action="/admin/settings" class="stack">
        <CsrfField token={props.csrf} />
        <fieldset aria-describedby="require-2fa-hint">
          <legend>{m.t('admin.settings.require-two-factor')}</legend>
          <p class="hint" id="require-2fa-hint">
            {m.t('admin.settings.require-two-factor-hint')}
          </p>
          <ul class="checks">
            {ROLES.map((role) => (
              <li>
                <label>
                  <input type="checkbox" name="require_2fa_roles" value={role} checked={props.required.includes(role)} /> {roleName(m, role)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit">{m.t('admin.settings.save')}</button>
      </form>
    </>
  );
}

/** Site-wide settings an administrator changes (for now, which roles need two-step sign-in). */
export function registerSettingsRoutes(app: FastifyInstance, deps: AccountsAdminDeps): void {
  const page = async (request: FastifyRequest, saved: boolean) =>
    renderAdmin(
      request,
      deps.stylesheet,
      messagesOf(request).t('admin.nav.settings'),
      <SettingsPage csrf={request.csrfToken} required={await rolesRequiringTwoFactor(deps.db)} saved={saved} />,
    );

  app.get('/settings', { config: { policy: 'settings.manage' } }, async (request, reply) => {
    return sendPrivateHtml(reply, 200, await page(request, (request.query as Record<string, string>).saved === '1'));
  });

  app.post('/settings', { config: { policy: 'settings.manage' } }, async (request, reply) => {
    await setRolesRequiringTwoFactor(deps, staffOf(request), fields(formOf(request), 'require_2fa_roles'));
    return reply.redirect('/admin/settings?saved=1', 303);
  });
}
