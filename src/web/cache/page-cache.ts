import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { CacheTag } from '../../domain/cache/cache-tags.js';

/** A rendered page kept in memory with its compressed forms, so a hit costs no work. */
export interface CachedPage {
  readonly html: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
  readonly etag: string;
  readonly type: string;
  readonly tags: ReadonlySet<CacheTag>;
  /** An HTTP date (RFC 9110 §5.6.7) for pages that send Last-Modified (feeds). */
  readonly lastModified?: string;
}

/** What a page is stored with besides its body and tags. */
export interface PageOptions {
  /** Content type; HTML unless said otherwise. */
  readonly type?: string;
  /** When the page was rendered, for Last-Modified; none for pages that send only an ETag. */
  readonly lastModified?: Date;
}

/** Compresses once at store time; a page is read thousands of times for each render. */
export function preparePage(html: string, tags: readonly CacheTag[], options: PageOptions = {}): CachedPage {
  const body = Buffer.from(html, 'utf8');
  return {
    html: body,
    gzip: gzipSync(body, { level: 9 }),
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    type: options.type ?? 'text/html; charset=utf-8',
    tags: new Set(tags),
    ...(options.lastModified ? { lastModified: options.lastModified.toUTCString() } : {}),
  };
}

/**
 * What an entry costs beyond its bodies: the Map slot, the page object, its Set of tags
 * and the strings' headers. Measured near 400 bytes on Node 24 for a page with three tags;
 * rounded up so the budget errs on the side of holding less.
 */
const ENTRY_OVERHEAD = 512;

/** The bytes an entry holds: its three bodies, key, ETag, type and tags (strings at two bytes a character). */
export function entryBytes(key: string, page: CachedPage): number {
  let strings = key.length + page.etag.length + page.type.length + (page.lastModified?.length ?? 0);
  for (const tag of page.tags) strings += tag.length;
  return page.html.length + page.gzip.length + page.brotli.length + 2 * strings + ENTRY_OVERHEAD;
}

/**
 * Public pages by canonical address, dropped precisely when a change announces one of
 * their tags, and least-recently-used first when they would exceed a byte budget (a
 * crawler asking for every address it can think of must not grow the process without
 * bound). A render that began before an invalidation is not stored (its data may be
 * stale): `generation` counts invalidations, and `store` refuses a page rendered in an
 * older one.
 */
export class PageCache {
  // Map order is least-recently-used first: a hit re-inserts its entry at the end.
  private readonly pages = new Map<string, { page: CachedPage; bytes: number }>();
  private generationCount = 0;
  private bytesHeld = 0;

  /**
   * `maxBytes`: the budget for everything held (PAGE_CACHE_MB). `onLookup` hears whether
   * each page a reader asked for was held (the metrics' hits and misses).
   */
  constructor(
    private readonly maxBytes: number,
    private readonly onLookup: (hit: boolean) => void = () => undefined,
  ) {}

  get generation(): number {
    return this.generationCount;
  }

  /** How many pages are held. */
  get size(): number {
    return this.pages.size;
  }

  /** How many bytes the held pages count for (see `entryBytes`); never more than the budget. */
  get bytes(): number {
    return this.bytesHeld;
  }

  /** Whether a page is cached, without counting as a use. */
  has(key: string): boolean {
    return this.pages.has(key);
  }

  /** A page for a reader: counts as a use, and as a hit or a miss. */
  lookup(key: string): CachedPage | undefined {
    const page = this.get(key);
    this.onLookup(page !== undefined);
    return page;
  }

  get(key: string): CachedPage | undefined {
    const entry = this.pages.get(key);
    if (!entry) return undefined;
    this.pages.delete(key);
    this.pages.set(key, entry);
    return entry.page;
  }

  /**
   * Stores a page rendered during `generation`, evicting the least recently used pages
   * to stay within the budget. Returns false when the page was stale, or larger than
   * the whole budget (it is then served but not kept).
   */
  store(key: string, page: CachedPage, generation: number): boolean {
    if (generation !== this.generationCount) return false;
    const bytes = entryBytes(key, page);
    this.drop(key);
    if (bytes > this.maxBytes) return false;
    this.pages.set(key, { page, bytes });
    this.bytesHeld += bytes;
    for (const oldest of this.pages.keys()) {
      if (this.bytesHeld <= this.maxBytes) break;
      this.drop(oldest);
    }
    return true;
  }

  /** Drops every page that carries one of the tags. */
  invalidate(tags: readonly CacheTag[]): number {
    this.generationCount++;
    let dropped = 0;
    for (const [key, entry] of this.pages) {
      if (tags.some((t) => entry.page.tags.has(t))) {
        this.drop(key);
        dropped++;
      }
    }
    return dropped;
  }

  /**
   * Drops one page whose content expired with time rather than with a change (the news
   * sitemap, whose oldest article turned 48 hours old): no tag names that moment.
   */
  forget(key: string): void {
    this.drop(key);
  }

  clear(): void {
    this.generationCount++;
    this.pages.clear();
    this.bytesHeld = 0;
  }

  private drop(key: string): void {
    const entry = this.pages.get(key);
    if (!entry) return;
    this.pages.delete(key);
    this.bytesHeld -= entry.bytes;
  }
}
