import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import { allows } from '../../domain/accounts/staff.js';
import { Forbidden, FormRefused, SignInRequired } from '../../domain/errors.js';
import { resolveSession, type SessionLimits } from '../../services/accounts/sessions.js';
import type { Clock } from '../../services/shared/clock.js';
import type { DB } from '../../store/db/schema.js';
import { english, type Messages } from '../../i18n/messages.js';
import { renderDocument } from '../views/render.js';
import { adminErrorText } from './admin-errors.js';
import { adminMessagesFor } from './admin-language.js';
import { AdminLayout } from './admin-layout.view.js';
import { createCsrf } from './csrf.js';
import { AdminZoneContext, adminZone } from './time-zone.js';
import { registerFormBody } from '../http/form-body.js';
import type { HtmlErrorRenderer } from '../errors/error-handler.js';

/** What the admin's authentication needs. */
export interface AuthDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly limits: SessionLimits;
  readonly publicUrl: string;
  readonly stylesheet: string;
  /** The site's name for the admin's frame. */
  readonly siteName: () => string;
  /** The site's default language: the admin's for staff who chose none. */
  readonly siteLanguage: () => string;
  /** The site's default time zone, for staff who chose none. */
  readonly siteTimeZone: () => string;
}

/** Cookie names: `__Host-` (Secure, Path=/, no Domain) whenever the site is served over https. */
export function cookieNames(publicUrl: string): { session: string; csrf: string; secure: boolean } {
  const secure = publicUrl.startsWith('https:');
  return secure ? { session: '__Host-placard-session', csrf: '__Host-placard-csrf', secure } : { session: 'placard-session', csrf: 'placard-csrf', secure };
}

/** The admin's words for this request (English when a hook has not chosen yet, as for an early error). */
export function messagesOf(request: FastifyRequest): Messages {
  return request.adminMessages ?? english();
}

/**
 * Renders an admin page for this request: its staff member, CSRF token, the language
 * they chose (`<html lang dir>` and every component's `useMessages()`) and the zone they
 * read times in (`useAdminZone()`); `options.zone` is the zone of the section the page is
 * about, used when the person chose none.
 */
export function renderAdmin(
  request: FastifyRequest,
  stylesheet: string,
  title: string,
  body: VNode,
  options: { script?: string; zone?: string | null } = {},
): string {
  return renderDocument(
    <AdminLayout title={title} siteName={request.siteName} stylesheet={stylesheet} staff={request.staff} csrfToken={request.csrfToken} script={options.script}>
      <AdminZoneContext.Provider value={adminZone(request, options.zone)}>{body}</AdminZoneContext.Provider>
    </AdminLayout>,
    messagesOf(request),
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
  app.decorateRequest('siteName', '');
  app.decorateRequest('siteLanguage', 'en');
  app.decorateRequest('siteTimeZone', 'UTC');
  app.decorateRequest('adminMessages', null as unknown as Messages);
  app.decorateRequest('adminPreferences', null);

  app.addHook('onRequest', async (request, reply) => {
    request.siteName = deps.siteName();
    request.siteLanguage = deps.siteLanguage();
    request.siteTimeZone = deps.siteTimeZone();
    csrf.setToken(request, reply);
    const token = request.cookies[names.session];
    const session = token ? await resolveSession(deps, token) : undefined;
    request.adminMessages = adminMessagesFor(request, session?.preferences ?? null, request.siteLanguage);
    if (!session) return;
    request.adminPreferences = session.preferences;
    request.sessionHash = session.tokenHash;
    if (session.secondFactorDone) request.staff = session.user;
    else request.pendingSession = { userId: session.user.id, tokenHash: session.tokenHash };
  });

  // A refusal is thrown: the admin's error handler (admin.plugin.ts) draws it, or sends a
  // signed-out browser to the sign-in page.
  app.addHook('preHandler', async (request) => {
    const refused = csrf.check(request);
    if (refused) throw new FormRefused(refused);
    // Every admin route declares a policy: the policy guard refuses to register one without.
    const policy = request.routeOptions.config.policy ?? 'signed-in';
    if (policy === 'public') return;
    if (!request.staff) throw new SignInRequired();
    if (!allows(request.staff, policy)) throw new Forbidden(request.adminMessages.t('admin.error.role-forbidden'));
  });
}

/**
 * Draws an error inside the admin's frame, with the way on: the sign-in page for a
 * signed-out visitor, the set-up page when two-step sign-in is owed, else the admin's home.
 */
export function adminErrorRenderer(stylesheet: string, links: { readonly signIn: string; readonly twoFactor: string }): HtmlErrorRenderer {
  return (status, heading, message, { request, code }) => {
    const m = messagesOf(request);
    const next =
      code === 'sign_in_required' ? (
        <a href={links.signIn}>{m.t('admin.error.sign-in')}</a>
      ) : code === 'two_factor_required' ? (
        <a href={links.twoFactor}>{m.t('admin.error.set-up-two-factor')}</a>
      ) : (
        <a href="/admin">{m.t('admin.error.home')}</a>
      );
    const { title, detail } = adminErrorText(m, { status, code, heading, message });
    return renderAdmin(
      request,
      stylesheet,
      title,
      <>
        <h1>{title}</h1>
        <p>{detail}</p>
        <p>{next}</p>
      </>,
    );
  };
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
