import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationFailed } from '../../domain/errors.js';
import { completeSetup, isSetupTokenValid } from '../../services/accounts/setup.js';
import { endSession } from '../../services/accounts/sessions.js';
import { signIn } from '../../services/accounts/sign-in.js';
import type { ThrottleDeps } from '../../services/accounts/attempt-throttle.js';
import type { AccountDeps } from '../../services/accounts/users.js';
import type { SessionLimits } from '../../services/accounts/sessions.js';
import { audit } from '../../services/audit/audit.js';
import { clearSessionCookie, renderAdmin, setSessionCookie, messagesOf } from './auth.plugin.js';
import { CsrfField, FieldError, NewPasswordField } from './admin-layout.view.js';
import { deviceCookieOf, setDeviceCookie } from './device-cookie.js';
import { errorsByField, field, formOf, sendPrivateHtml } from './kit.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../domain/accounts/passwords.js';
import { useMessages } from '../views/messages-context.js';

/** What the sign-in pages need. */
export interface SessionRouteDeps extends AccountDeps, ThrottleDeps {
  readonly limits: SessionLimits;
  readonly publicUrl: string;
  readonly stylesheet: string;
}

/** The sign-in page, where a signed-out visitor to any other admin page is sent. */
export const SIGN_IN_PATH = '/admin/sign-in';

/**
 * Only same-site paths under /admin may be a post-sign-in destination (no open
 * redirect): no backslashes (browsers read "/\\" as "//"), no dot segments, no scheme.
 */
export function safeNext(next: string | undefined): string {
  if (!next || /[\\\s]|\/\.\.?(\/|$)|\/\//.test(next)) return '/admin';
  return /^\/admin(\/|\?|$)/.test(next) ? next : '/admin';
}

function SignInForm(props: { csrf: string; email: string; next: string; message?: string }) {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.sign-in.heading')}</h1>
      {props.message ? (
        <p class="form-error" role="alert" id="sign-in-error">
          {props.message}
        </p>
      ) : null}
      <form method="post" action="/admin/sign-in" class="stack">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label for="email">{m.t('admin.sign-in.email')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={props.email}
          aria-describedby={props.message ? 'sign-in-error' : undefined}
        />
        <label for="password">{m.t('admin.sign-in.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={1024} />
        <button type="submit">{m.t('admin.sign-in.submit')}</button>
      </form>
    </>
  );
}

function SetupForm(props: { csrf: string; token: string; values: Record<string, string>; errors: Record<string, string> }) {
  const { values, errors } = props;
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.setup.heading')}</h1>
      <p>{m.t('admin.setup.intro', { min: PASSWORD_MIN, max: PASSWORD_MAX })}</p>
      <form method="post" action={`/admin/setup/${props.token}`} class="stack">
        <CsrfField token={props.csrf} />
        <label for="name">{m.t('admin.setup.name')}</label>
        <input id="name" name="name" required value={values.name ?? ''} aria-describedby="name-error" />
        <FieldError id="name-error" message={errors.name} />
        <label for="email">{m.t('admin.sign-in.email')}</label>
        <input id="email" name="email" type="email" autoComplete="username" required value={values.email ?? ''} aria-describedby="email-error" />
        <FieldError id="email-error" message={errors.email} />
        <NewPasswordField label={m.t('admin.sign-in.password')} error={errors.password} />
        <button type="submit">{m.t('admin.setup.submit')}</button>
      </form>
    </>
  );
}

/** Sign-in, sign-out, the first-administrator setup link and the admin's home. */
export function registerSessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): void {
  const page = (request: FastifyRequest, title: string, body: preact.VNode) => renderAdmin(request, deps.stylesheet, title, body);

  app.get('/sign-in', { config: { policy: 'public' } }, async (request, reply) => {
    const next = safeNext(field(request.query as Record<string, string>, 'next'));
    if (request.staff) return reply.redirect(next, 303);
    return sendPrivateHtml(
      reply,
      200,
      page(request, messagesOf(request).t('admin.sign-in.heading'), <SignInForm csrf={request.csrfToken} email="" next={next} />),
    );
  });

  app.post('/sign-in', { config: { policy: 'public' } }, async (request, reply) => {
    const form = formOf(request);
    const email = field(form, 'email').slice(0, 320);
    const next = safeNext(field(form, 'next'));
    const m = messagesOf(request);
    const result = await signIn(deps, { email, password: field(form, 'password'), ip: request.ip, device: deviceCookieOf(request, deps.publicUrl) });
    if (result.kind === 'ok') {
      setSessionCookie(reply, deps.publicUrl, result.token);
      if (result.device) setDeviceCookie(reply, deps.publicUrl, result.device);
      return reply.redirect(result.needsSecondFactor ? `/admin/sign-in/code?next=${encodeURIComponent(next)}` : next, 303);
    }
    if (result.kind === 'throttled')
      return sendPrivateHtml(
        reply,
        429,
        page(
          request,
          m.t('admin.sign-in.throttled-title'),
          <SignInForm csrf={request.csrfToken} email={email} next={next} message={m.t('admin.sign-in.throttled')} />,
        ),
      );
    return sendPrivateHtml(
      reply,
      401,
      page(request, m.t('admin.sign-in.heading'), <SignInForm csrf={request.csrfToken} email={email} next={next} message={m.t('admin.sign-in.wrong')} />),
    );
  });

  app.post('/sign-out', { config: { policy: 'public' } }, async (request, reply) => {
    if (request.sessionHash) await endSession(deps.db, request.sessionHash);
    if (request.staff) await audit(deps, { actor: request.staff, action: 'sign-out', subject: { type: 'user', id: request.staff.id }, summary: 'Signed out' });
    clearSessionCookie(reply, deps.publicUrl);
    return reply.redirect('/admin/sign-in', 303);
  });

  app.get<{ Params: { token: string } }>('/setup/:token', { config: { policy: 'public' } }, async (request, reply) => {
    const valid = await isSetupTokenValid(deps, request.params.token);
    const m = messagesOf(request);
    const body = valid ? (
      <SetupForm csrf={request.csrfToken} token={request.params.token} values={{}} errors={{}} />
    ) : (
      <>
        <h1>{m.t('admin.setup.broken')}</h1>
        <p>{m.t('admin.setup.broken-detail')}</p>
      </>
    );
    return sendPrivateHtml(reply, valid ? 200 : 410, page(request, m.t('admin.setup.title'), body));
  });

  app.post<{ Params: { token: string } }>('/setup/:token', { config: { policy: 'public' } }, async (request, reply) => {
    const form = formOf(request);
    const values = { email: field(form, 'email'), name: field(form, 'name') };
    try {
      await completeSetup(deps, request.params.token, { ...values, password: field(form, 'password') });
      return reply.redirect('/admin/sign-in', 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const m = messagesOf(request);
      const errors = errorsByField(error.errors, m);
      if (errors.token)
        return sendPrivateHtml(
          reply,
          410,
          page(
            request,
            m.t('admin.setup.title'),
            <>
              <h1>{m.t('admin.setup.broken')}</h1>
              <p>{errors.token}</p>
            </>,
          ),
        );
      return sendPrivateHtml(
        reply,
        422,
        page(request, m.t('admin.setup.title'), <SetupForm csrf={request.csrfToken} token={request.params.token} values={values} errors={errors} />),
      );
    }
  });

  app.get('', { config: { policy: 'signed-in' } }, async (request, reply) =>
    sendPrivateHtml(
      reply,
      200,
      page(
        request,
        messagesOf(request).t('admin.home.title'),
        <>
          <h1>{messagesOf(request).t('admin.home.welcome', { name: request.staff?.name ?? '' })}</h1>
          <p>{messagesOf(request).t('admin.home.intro')}</p>
        </>,
      ),
    ),
  );
}
