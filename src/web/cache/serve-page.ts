import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickEncoding } from '../http/accept-encoding.js';
import { preparePage, type CachedPage, type PageCache } from './page-cache.js';

/**
 * Browsers and shared caches may keep a page for a minute and serve it stale for ten
 * while they revalidate; the ETag makes revalidation a 304 without a body. A minute
 * bounds how long a reader behind a proxy can see a page from before a publish.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/** Sends a cached page: 304 on a matching ETag, else the best compressed form the client takes. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  reply.header('etag', page.etag).header('cache-control', PUBLIC_CACHE_CONTROL).header('vary', 'Accept-Encoding');
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === page.etag)) {
    return reply.code(304).send();
  }
  reply.type(page.type);
  const encoding = pickEncoding(request.headers['accept-encoding']);
  if (encoding === 'br') return reply.header('content-encoding', 'br').send(page.brotli);
  if (encoding === 'gzip') return reply.header('content-encoding', 'gzip').send(page.gzip);
  return reply.send(page.html);
}

/** A page to render on a cache miss: its HTML and the tags that invalidate it. */
export interface Rendered {
  readonly html: string;
  readonly tags: readonly string[];
  /** Content type; HTML unless said otherwise (feeds). */
  readonly type?: string;
}

/**
 * The cache key of a public URL: its path, plus the page number past the first. Other
 * query parameters do not change a public page, so they must not multiply its copies
 * (`/?utm=1`, `/?utm=2`… would otherwise each take a place in the cache).
 */
export function pageCacheKey(url: string): string {
  const [path = '/', query] = url.split('?', 2);
  const page = query ? new URLSearchParams(query).get('page') : null;
  return page && page !== '1' ? `${path}?page=${page}` : path;
}

/** Serves a public page from the cache, rendering it on a miss. */
export async function servePublicPage(
  cache: PageCache,
  request: FastifyRequest,
  reply: FastifyReply,
  render: () => Promise<Rendered>,
): Promise<FastifyReply> {
  const key = pageCacheKey(request.url);
  const hit = cache.get(key);
  if (hit) return sendPage(request, reply, hit);
  const generation = cache.generation;
  const rendered = await render();
  const page = preparePage(rendered.html, rendered.tags, rendered.type);
  cache.store(key, page, generation);
  return sendPage(request, reply, page);
}
