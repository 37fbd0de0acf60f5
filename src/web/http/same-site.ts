import type { FastifyRequest } from 'fastify';

/**
 * Where a request says it comes from. Placard sends `Referrer-Policy: no-referrer`, so
 * browsers post its forms with `Origin: null` and no Referer; they then say
 * `Sec-Fetch-Site: same-origin`, which a page on another site cannot make them say.
 * A browser that sends none of these (text browsers, old ones) is judged by the token
 * alone, which another site can neither read nor set.
 *
 * The admin's CSRF check and the public forms (campaign actions, confirmation, the
 * supporters' data buttons) both ask this.
 */
export function comesFromThisSite(request: FastifyRequest, origins: readonly string[]): boolean {
  const header = request.headers.origin;
  const origin = header && header !== 'null' ? header : request.headers.referer ? safeOrigin(request.headers.referer) : undefined;
  if (origin) return [...origins, `${request.protocol}://${request.host}`].includes(origin);
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  return header === undefined;
}

function safeOrigin(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).origin : undefined;
}
