import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A rendered page kept in memory with its compressed forms, so a hit costs no work. */
export interface CachedPage {
  readonly html: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
  readonly etag: string;
  readonly type: string;
  readonly tags: ReadonlySet<string>;
}

/** Compresses once at store time; a page is read thousands of times for each render. */
export function preparePage(html: string, tags: readonly string[], type = 'text/html; charset=utf-8'): CachedPage {
  const body = Buffer.from(html, 'utf8');
  return {
    html: body,
    gzip: gzipSync(body, { level: 9 }),
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    type,
    tags: new Set(tags),
  };
}

/**
 * Public pages by URL, dropped precisely when a change announces one of their tags.
 * A render that began before an invalidation is not stored (its data may be stale):
 * `generation` counts invalidations, and `store` refuses a page rendered in an older one.
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private generationCount = 0;

  constructor(private readonly maxEntries = 5000) {}

  get generation(): number {
    return this.generationCount;
  }

  get size(): number {
    return this.pages.size;
  }

  /** Whether a page is cached, without counting as a use. */
  has(key: string): boolean {
    return this.pages.has(key);
  }

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (page) {
      // Re-insert so Map order is least-recently-used first.
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  /** Stores a page rendered during `generation`; returns false when it was already stale. */
  store(key: string, page: CachedPage, generation: number): boolean {
    if (generation !== this.generationCount) return false;
    this.pages.set(key, page);
    if (this.pages.size > this.maxEntries) {
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    return true;
  }

  /** Drops every page that carries one of the tags. */
  invalidate(tags: readonly string[]): number {
    this.generationCount++;
    let dropped = 0;
    for (const [key, page] of this.pages) {
      if (tags.some((t) => page.tags.has(t))) {
        this.pages.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.generationCount++;
    this.pages.clear();
  }
}
