import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { comesFromThisSite } from '../http/same-site.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The CSRF field name in every form. */
export const CSRF_FIELD = '_csrf';

/**
 * Cross-site request forgery is refused twice over: the Origin (or, failing that, the
 * Referer) must be this site, and the form must carry the token from the HttpOnly
 * cookie (double submit: another site can make the browser send the cookie but can
 * neither read it nor write it into the form).
 */
export function createCsrf(options: { cookieName: string; secure: boolean; origins: readonly string[] }) {
  const setToken = (request: FastifyRequest, reply: FastifyReply) => {
    let token = request.cookies[options.cookieName];
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
      token = randomBytes(32).toString('base64url');
      reply.setCookie(options.cookieName, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secure });
    }
    request.csrfToken = token;
  };

  const sameOrigin = (request: FastifyRequest): boolean => comesFromThisSite(request, options.origins);

  /** Returns a reason when an unsafe request must be refused, or null. */
  const check = (request: FastifyRequest): string | null => {
    if (!UNSAFE.has(request.method)) return null;
    if (!sameOrigin(request)) return 'The request did not come from this site.';
    const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] ?? multipartQueryToken(request);
    const expected = request.cookies[options.cookieName];
    if (typeof sent !== 'string' || !expected || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
      return 'The form has expired. Go back, reload the page and send it again.';
    }
    return null;
  };

  return { setToken, check };
}

/**
 * A multipart upload is read by its route, after this check; reading it first would
 * take in a 20 MB file from anyone before knowing who sent it. So such forms also carry
 * the token in their action's query string, and only for a multipart body is it taken
 * from there. It is no weaker: the cookie must still match and the Origin be this site;
 * the URL is not logged (request logging is off) nor sent on (Referrer-Policy: no-referrer).
 */
function multipartQueryToken(request: FastifyRequest): unknown {
  if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) return undefined;
  return (request.query as Record<string, unknown> | undefined)?.[CSRF_FIELD];
}
