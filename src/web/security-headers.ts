import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Headers on every response. The Content-Security-Policy allows nothing from another
 * origin: no fonts, scripts, images or frames from third parties can ever load, so a
 * supporter's visit is never reported to anyone else. `no-referrer` keeps a reader's
 * path through the site from leaking to sites they follow a link to.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

/** Sets the security headers on one reply (for answers given before the hooks run). */
export function applySecurityHeaders(reply: FastifyReply): void {
  reply.headers(SECURITY_HEADERS);
}

/** Adds the security headers to every response. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, cached pages included.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
}
