import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEVICE_COOKIE_DAYS } from '../../services/accounts/device-cookie.js';

/** The device cookie's name: `__Host-` (Secure, Path=/, no Domain) over https, as the session cookie's. */
function deviceCookieName(publicUrl: string): { name: string; secure: boolean } {
  const secure = publicUrl.startsWith('https:');
  return { name: secure ? '__Host-placard-device' : 'placard-device', secure };
}

/**
 * Sets the device cookie after a complete sign-in: long-lived, HttpOnly, and
 * SameSite=Strict, since only this site's own sign-in forms ever need it.
 */
export function setDeviceCookie(reply: FastifyReply, publicUrl: string, value: string): void {
  const { name, secure } = deviceCookieName(publicUrl);
  reply.setCookie(name, value, { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: DEVICE_COOKIE_DAYS * 24 * 60 * 60 });
}

/** The device cookie the browser sent, if any (checked by the service, not here). */
export function deviceCookieOf(request: FastifyRequest, publicUrl: string): string | undefined {
  return request.cookies[deviceCookieName(publicUrl).name];
}
