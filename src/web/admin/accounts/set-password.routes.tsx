import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ValidationFailed } from '../../../domain/errors.js';
import { setPasswordLinkAccount, setPasswordWithLink } from '../../../services/accounts/set-password.js';
import { CsrfField, NewPasswordField } from '../admin-layout.view.js';
import { renderAdmin, messagesOf } from '../auth.plugin.js';
import { errorsByField, field, formOf, sendPrivateHtml } from '../kit.js';
import type { AccountsAdminDeps } from './accounts-deps.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../domain/accounts/passwords.js';
import { useMessages } from '../../views/messages-context.js';

function SetPasswordForm(props: { csrf: string; token: string; name: string; email: string; error?: string }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.set-password.heading')}</h1>
      <p>{m.t('admin.set-password.intro', { name: props.name, min: PASSWORD_MIN, max: PASSWORD_MAX })}</p>
      <form method="post" action={`/admin/set-password/${props.token}`} class="stack">
        <CsrfField token={props.csrf} />
        {/* The account's address, so a password manager files the new password under it. */}
        <input type="hidden" name="username" autoComplete="username" value={props.email} />
        <NewPasswordField label={m.t('admin.set-password.new')} error={props.error} />
        <button type="submit">{m.t('admin.set-password.submit')}</button>
      </form>
    </>
  );
}

function Dead(): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.set-password.dead')}</h1>
      <p>{m.t('domain.account.link-expired')}</p>
    </>
  );
}

/** The one-time set-password link an administrator (or the command line) hands out. */
export function registerSetPasswordRoutes(app: FastifyInstance, deps: AccountsAdminDeps): void {
  const page = (request: FastifyRequest, body: VNode) => renderAdmin(request, deps.stylesheet, messagesOf(request).t('admin.set-password.heading'), body);

  app.get<{ Params: { token: string } }>('/set-password/:token', { config: { policy: 'public' } }, async (request, reply) => {
    const account = await setPasswordLinkAccount(deps, request.params.token);
    if (!account) return sendPrivateHtml(reply, 410, page(request, <Dead />));
    return sendPrivateHtml(
      reply,
      200,
      page(request, <SetPasswordForm csrf={request.csrfToken} token={request.params.token} name={account.name} email={account.email} />),
    );
  });

  app.post<{ Params: { token: string } }>('/set-password/:token', { config: { policy: 'public' } }, async (request, reply) => {
    try {
      await setPasswordWithLink(deps, request.params.token, field(formOf(request), 'password'));
      return reply.redirect('/admin/sign-in', 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const errors = errorsByField(error.errors, messagesOf(request));
      const account = errors.token ? undefined : await setPasswordLinkAccount(deps, request.params.token);
      if (!account) return sendPrivateHtml(reply, 410, page(request, <Dead />));
      return sendPrivateHtml(
        reply,
        422,
        page(
          request,
          <SetPasswordForm csrf={request.csrfToken} token={request.params.token} name={account.name} email={account.email} error={errors.password} />,
        ),
      );
    }
  });
}
