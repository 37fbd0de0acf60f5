import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import { allows } from '../../domain/accounts/staff.js';
import { resolveSession, type SessionLimits } from '../../services/accounts/sessions.js';
import type { Clock } from '../../services/shared/clock.js';
import type { DB } from '../../store/db/schema.js';
import { renderDocument } from '../views/render.js';
import type { RoutePolicy } from './admin-context.js';
import { AdminLayout } from './admin-layout.view.js';
import { createCsrf } from './csrf.js';
import { registerFormBody } from '../http/form-body.js';
import { sendPrivateHtml } from '../http/private-html.js';

/** What the admin's authentication needs. */
export interface AuthDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly limits: SessionLimits;
  readonly publicUrl: string;
  readonly stylesheet: string;
}

/** Cookie names: `__Host-` (Secure, Path=/, no Domain) whenever the site is served over https. */
export function cookieNames(publicUrl: string): { session: string; csrf: string; secure: boolean } {
  const secure = publicUrl.startsWith('https:');
  return secure ? { session: '__Host-placard-session', csrf: '__Host-placard-csrf', secure } : { session: 'placard-session', csrf: 'placard-csrf', secure };
}

/** Renders an admin page for this request (with its staff member and CSRF token). */
export function renderAdmin(request: FastifyRequest, stylesheet: string, title: string, body: VNode, options: { script?: string } = {}): string {
  return renderDocument(
    <AdminLayout title={title} stylesheet={stylesheet} staff={request.staff} csrfToken={request.csrfToken} script={options.script}>
      {body}
    </AdminLayout>,
  );
}

/**
 * Cookies, forms, sessions, CSRF and policies for the admin: registered inside the
 * admin's encapsulated plugin (admin.plugin.ts), so that its hooks run for admin routes
 * only. Public pages never reach them: reading the site costs no session lookup.
 */
export async function registerAuth(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  const names = cookieNames(deps.publicUrl);
  await app.register(cookie);
  await registerFormBody(app);
  const csrf = createCsrf({ cookieName: names.csrf, secure: names.secure, origins: [new URL(deps.publicUrl).origin] });
  app.decorateRequest('staff', null);
  app.decorateRequest('pendingSession', null);
  app.decorateRequest('sessionHash', null);
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (request, reply) => {
    csrf.setToken(request, reply);
    const token = request.cookies[names.session];
    const session = token ? await resolveSession(deps, token) : undefined;
    if (!session) return;
    request.sessionHash = session.tokenHash;
    if (session.secondFactorDone) request.staff = session.user;
    else request.pendingSession = { userId: session.user.id, tokenHash: session.tokenHash };
  });

  /** Sends the refusal and returns true when the request may not go on. */
  const refuse = (request: FastifyRequest, reply: FastifyReply, policy: RoutePolicy): boolean => {
    const refused = csrf.check(request);
    if (refused)
      return !!sendPrivateHtml(
        reply,
        403,
        renderAdmin(
          request,
          deps.stylesheet,
          'Form expired',
          <>
            <h1>The form could not be accepted</h1>
            <p>{refused}</p>
          </>,
        ),
      );
    if (policy === 'public') return false;
    if (!request.staff) {
      if (request.method === 'GET') return !!reply.redirect(`/admin/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      return !!sendPrivateHtml(
        reply,
        401,
        renderAdmin(
          request,
          deps.stylesheet,
          'Signed out',
          <>
            <h1>You are signed out</h1>
            <p>
              <a href="/admin/sign-in">Sign in</a> and try again.
            </p>
          </>,
        ),
      );
    }
    if (!allows(request.staff, policy)) {
      return !!sendPrivateHtml(
        reply,
        403,
        renderAdmin(
          request,
          deps.stylesheet,
          'Not allowed',
          <>
            <h1>Not allowed</h1>
            <p>Your role does not include this part of the admin.</p>
          </>,
        ),
      );
    }
    return false;
  };
  app.addHook('preHandler', (request, reply, done) => {
    // Every admin route declares a policy: admin.plugin.ts refuses to register one without.
    const policy = request.routeOptions.config.policy ?? 'signed-in';
    // A refusal has replied: the chain must stop there, so `done` is not called.
    if (!refuse(request, reply, policy)) done();
  });
}

/** Sets the session cookie after sign-in: HttpOnly, SameSite=Lax, Secure over https. */
export function setSessionCookie(reply: FastifyReply, publicUrl: string, token: string): void {
  const names = cookieNames(publicUrl);
  reply.setCookie(names.session, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: names.secure });
}

/** Removes the session cookie. */
export function clearSessionCookie(reply: FastifyReply, publicUrl: string): void {
  const names = cookieNames(publicUrl);
  reply.clearCookie(names.session, { path: '/', httpOnly: true, sameSite: 'lax', secure: names.secure });
}
