import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ValidationFailed } from '../../../domain/errors.js';
import { confirmEnrolment, passSecondFactor, turnOffTwoFactor, twoFactorState } from '../../../services/accounts/two-factor.js';
import { twoFactorRequired } from '../../../services/settings/two-factor-policy.js';
import { renderAdmin, setSessionCookie, messagesOf } from '../auth.plugin.js';
import { deviceCookieOf, setDeviceCookie } from '../device-cookie.js';
import { ADMIN_PREFIX } from '../admin-context.js';
import { safeNext } from '../session.routes.js';
import { errorsByField, field, formOf, sendPrivateHtml, staffOf } from '../kit.js';
import type { AccountsAdminDeps } from './accounts-deps.js';
import { EnrolForm, RecoveryCodesShown, SignInCodeForm, TwoFactorOn } from './two-factor.view.js';

// Enrolment as the admin plugin's routes see it, below its prefix.
const ENROLMENT_ROUTE = '/account/two-factor';

/** Where enrolment lives; the require-two-factor hook lets these through. */
export const ENROLMENT_PATH = `${ADMIN_PREFIX}${ENROLMENT_ROUTE}`;

/** The code step of sign-in, for a session that has passed the password and owes a code. */
export function registerSignInCodeRoutes(app: FastifyInstance, deps: AccountsAdminDeps): void {
  const page = (request: FastifyRequest, title: string, body: VNode) => renderAdmin(request, deps.stylesheet, title, body);

  app.get('/sign-in/code', { config: { policy: 'public' } }, async (request, reply) => {
    const next = safeNext(field(request.query as Record<string, string>, 'next'));
    if (request.staff) return reply.redirect(next, 303);
    if (!request.pendingSession) return reply.redirect(`/admin/sign-in?next=${encodeURIComponent(next)}`, 303);
    return sendPrivateHtml(
      reply,
      200,
      page(request, messagesOf(request).t('admin.two-factor.enter-code'), <SignInCodeForm csrf={request.csrfToken} next={next} />),
    );
  });

  app.post('/sign-in/code', { config: { policy: 'public' } }, async (request, reply) => {
    const form = formOf(request);
    const next = safeNext(field(form, 'next'));
    if (!request.pendingSession) return reply.redirect(request.staff ? next : '/admin/sign-in', 303);
    const result = await passSecondFactor(deps, request.pendingSession, {
      code: field(form, 'code'),
      ip: request.ip,
      device: deviceCookieOf(request, deps.publicUrl),
    });
    if (result.kind === 'ok') {
      setSessionCookie(reply, deps.publicUrl, result.token);
      setDeviceCookie(reply, deps.publicUrl, result.device);
      return reply.redirect(next, 303);
    }
    const m = messagesOf(request);
    const [status, message] = result.kind === 'throttled' ? [429, m.t('admin.two-factor.throttled')] : [401, m.t('admin.two-factor.wrong-code')];
    return sendPrivateHtml(
      reply,
      status,
      page(request, m.t('admin.two-factor.enter-code'), <SignInCodeForm csrf={request.csrfToken} next={next} message={message} />),
    );
  });
}

/** Enrolling in two-step sign-in, and leaving it. */
export function registerEnrolmentRoutes(app: FastifyInstance, deps: AccountsAdminDeps): void {
  const page = (request: FastifyRequest, title: string, body: VNode) => renderAdmin(request, deps.stylesheet, title, body);
  const issuer = new URL(deps.publicUrl).host;

  const showState = async (request: FastifyRequest, status: number, error?: string) => {
    const staff = staffOf(request);
    const state = await twoFactorState(deps, staff.id, issuer);
    const required = await twoFactorRequired(deps.db, staff.role);
    const body = state.enabled ? (
      <TwoFactorOn csrf={request.csrfToken} recoveryCodesLeft={state.recoveryCodesLeft} required={required} error={error} />
    ) : (
      <EnrolForm csrf={request.csrfToken} secret={state.secret} uri={state.uri} required={required} error={error} />
    );
    return { status, html: page(request, messagesOf(request).t('admin.account.two-factor'), body) };
  };

  app.get(ENROLMENT_ROUTE, { config: { policy: 'signed-in' } }, async (request, reply) => {
    const out = await showState(request, 200);
    return sendPrivateHtml(reply, out.status, out.html);
  });

  app.post(ENROLMENT_ROUTE, { config: { policy: 'signed-in' } }, async (request, reply) => {
    const staff = staffOf(request);
    try {
      const codes = await confirmEnrolment(deps, staff, { sessionHash: request.sessionHash ?? '', code: field(formOf(request), 'code') });
      return sendPrivateHtml(reply, 200, page(request, messagesOf(request).t('admin.two-factor.recovery-title'), <RecoveryCodesShown codes={codes} />));
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const out = await showState(request, 422, errorsByField(error.errors, messagesOf(request)).code);
      return sendPrivateHtml(reply, out.status, out.html);
    }
  });

  app.post(`${ENROLMENT_ROUTE}/disable`, { config: { policy: 'signed-in' } }, async (request, reply) => {
    const staff = staffOf(request);
    try {
      const result = await turnOffTwoFactor(deps, staff, {
        password: field(formOf(request), 'password'),
        ip: request.ip,
        device: deviceCookieOf(request, deps.publicUrl),
      });
      if (result === 'throttled') {
        const out = await showState(request, 429, messagesOf(request).t('admin.account.password.throttled'));
        return sendPrivateHtml(reply, out.status, out.html);
      }
      return reply.redirect(ENROLMENT_PATH, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const out = await showState(request, 422, errorsByField(error.errors, messagesOf(request)).password);
      return sendPrivateHtml(reply, out.status, out.html);
    }
  });
}
