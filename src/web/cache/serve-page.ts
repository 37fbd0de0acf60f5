import type { FastifyReply, FastifyRequest } from 'fastify';
import { tags, type CacheTag } from '../../domain/cache/cache-tags.js';
import { pickEncoding } from '../http/accept-encoding.js';
import { pagePath } from '../../domain/listing/pagination.js';
import { preparePage, type CachedPage, type PageCache } from './page-cache.js';

/**
 * Browsers and shared caches may keep a page for a minute and serve it stale for ten
 * while they revalidate; the ETag makes revalidation a 304 without a body. A minute
 * bounds how long a reader behind a proxy can see a page from before a publish.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/**
 * Whether the client's copy is current (RFC 9110 §13.2.2): If-None-Match decides when
 * sent, as the ETag is exact; If-Modified-Since only without it, as a date has one-second
 * resolution, and only for pages that send Last-Modified.
 */
function notModified(request: FastifyRequest, page: CachedPage): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch) return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '') === page.etag);
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return page.lastModified !== undefined && !Number.isNaN(since) && since >= Date.parse(page.lastModified);
}

/** Sends a cached page: 304 when the client's copy is current, else the best compressed form the client takes. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  reply.header('etag', page.etag).header('cache-control', PUBLIC_CACHE_CONTROL).header('vary', 'Accept-Encoding');
  if (page.lastModified) reply.header('last-modified', page.lastModified);
  if (notModified(request, page)) return reply.code(304).send();
  reply.type(page.type);
  const encoding = pickEncoding(request.headers['accept-encoding']);
  if (encoding === 'br') return reply.header('content-encoding', 'br').send(page.brotli);
  if (encoding === 'gzip') return reply.header('content-encoding', 'gzip').send(page.gzip);
  return reply.send(page.html);
}

/** A page to render on a cache miss: its HTML and the tags that invalidate it. */
export interface Rendered {
  readonly html: string;
  readonly tags: readonly CacheTag[];
  /** Content type; HTML unless said otherwise (feeds). */
  readonly type?: string;
  /** When it was rendered, for pages that send Last-Modified (feeds); taken before reading what it shows. */
  readonly lastModified?: Date;
}

/**
 * The canonical path of a request: its route with each parameter encoded one way. So
 * `/articles/abc/`, `/articles/%61bc` and `/articles/abc?utm_source=x` are one page and
 * one cache entry, not three; an address a crawler makes up cannot add a copy of a page.
 */
export function canonicalPath(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  if (route === undefined) return request.url.split('?', 1)[0] ?? '/';
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  return route.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** The cache key of a public page: its canonical path, plus the page number past the first. */
export function pageCacheKey(path: string, page = 1): string {
  return pagePath(path, page);
}

/** Where a public page is kept: a listing says which page of it; other pages have one copy. */
export interface PublicPageOptions {
  /** The listing's page number, already checked (1 when absent). */
  readonly page?: number;
}

/**
 * Serves a public page from the cache, rendering it on a miss. Only the canonical
 * address is cached: query parameters other than a listing's page number are ignored,
 * so they neither change the page nor add an entry. `render` receives the canonical
 * path, which is what the page's own links and `<link rel="canonical">` should name.
 */
export async function servePublicPage(
  cache: PageCache,
  request: FastifyRequest,
  reply: FastifyReply,
  render: (canonical: { readonly path: string }) => Promise<Rendered>,
  options: PublicPageOptions = {},
): Promise<FastifyReply> {
  const path = canonicalPath(request);
  const key = pageCacheKey(path, options.page);
  const hit = cache.lookup(key);
  if (hit) return sendPage(request, reply, hit);
  const generation = cache.generation;
  const rendered = await render({ path });
  // Every page shows the site's identity, so every page carries its tag.
  const page = preparePage(rendered.html, [...rendered.tags, tags.site], { type: rendered.type, lastModified: rendered.lastModified });
  cache.store(key, page, generation);
  return sendPage(request, reply, page);
}
