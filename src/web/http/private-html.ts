import type { FastifyReply } from 'fastify';

/**
 * Sends an HTML page that no browser, proxy or page cache may keep: admin pages (they
 * hold a CSRF token and staff-only data) and the public pages a secret link opens
 * (confirmation, a supporter's data, an article preview). Public pages that anyone may
 * read go through the page cache instead (cache/serve-page.ts).
 */
export function sendPrivateHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}
