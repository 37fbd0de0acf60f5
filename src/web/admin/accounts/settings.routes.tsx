import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ROLE_LABELS, ROLES, type Role } from '../../../domain/accounts/staff.js';
import { rolesRequiringTwoFactor, setRolesRequiringTwoFactor } from '../../../services/settings/two-factor-policy.js';
import { CsrfField } from '../admin-layout.view.js';
import { renderAdmin } from '../auth.plugin.js';
import { fields, formOf, sendPrivateHtml, staffOf } from '../kit.js';
import type { AccountsAdminDeps } from './accounts-deps.js';

function SettingsPage(props: { csrf: string; required: readonly Role[]; saved: boolean }): VNode {
  return (
    <>
      <h1>Settings</h1>
      {props.saved ? (
        <p class="notice" role="status">
          Saved.
        </p>
      ) : null}
      <p>
        The countries whose governments supporters need protecting from are set under <a href="/admin/campaigns/settings">High-risk countries</a>.
      </p>
      <form method="post" action="/admin/settings" class="stack">
        <CsrfField token={props.csrf} />
        <fieldset aria-describedby="require-2fa-hint">
          <legend>Require two-step sign-in for</legend>
          <p class="hint" id="require-2fa-hint">
            Staff of a ticked role who have not set up two-step sign-in are sent to set it up at their next request, and can reach nothing else until they have.
          </p>
          <ul class="checks">
            {ROLES.map((role) => (
              <li>
                <label>
                  <input type="checkbox" name="require_2fa_roles" value={role} checked={props.required.includes(role)} /> {ROLE_LABELS[role]}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit">Save settings</button>
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
      'Settings',
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
