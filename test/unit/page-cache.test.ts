import { describe, expect, it } from 'vitest';
import { tags, type CacheTag } from '../../src/domain/cache/cache-tags.js';
import { entryBytes, PageCache, preparePage } from '../../src/web/cache/page-cache.js';

/** A page whose HTML does not compress much, so its size is known to within a few hundred bytes. */
function pageOf(kb: number, pageTags: readonly CacheTag[] = [tags.front]) {
  let html = '';
  for (let i = 0; html.length < kb * 1024; i++) html += `${(i * 2654435761) % 1000003} `;
  return preparePage(html, pageTags);
}

describe('unit: the page cache keeps within its byte budget', () => {
  it('counts every body, the key and the tags of what it holds', () => {
    const cache = new PageCache(1024 * 1024);
    const page = pageOf(10, [tags.front, tags.country('KZ')]);
    cache.store('/a', page, cache.generation);
    expect(cache.bytes).toBe(entryBytes('/a', page));
    expect(cache.bytes).toBeGreaterThan(page.html.length + page.gzip.length + page.brotli.length);
    cache.store('/a', page, cache.generation);
    expect(cache.bytes).toBe(entryBytes('/a', page));
  });

  it('evicts the least recently used pages first when the budget is reached', () => {
    const one = pageOf(20);
    const budget = entryBytes('/p0', one) * 3 + 100;
    const cache = new PageCache(budget);
    for (const key of ['/p0', '/p1', '/p2']) cache.store(key, pageOf(20), cache.generation);
    expect(cache.size).toBe(3);
    cache.get('/p0');
    cache.store('/p3', pageOf(20), cache.generation);
    expect(cache.has('/p1')).toBe(false);
    expect(['/p0', '/p2', '/p3'].every((k) => cache.has(k))).toBe(true);
    expect(cache.bytes).toBeLessThanOrEqual(budget);
  });

  it('never holds more than its budget, whatever is stored', () => {
    const budget = 100 * 1024;
    const cache = new PageCache(budget);
    for (let i = 0; i < 60; i++) {
      cache.store(`/p${i}?page=${i}`, pageOf(1 + (i % 17)), cache.generation);
      expect(cache.bytes).toBeLessThanOrEqual(budget);
    }
    expect(cache.size).toBeGreaterThan(5);
  });

  it('serves but does not keep a page larger than the whole budget', () => {
    const cache = new PageCache(16 * 1024);
    cache.store('/small', pageOf(1), cache.generation);
    expect(cache.store('/huge', pageOf(64), cache.generation)).toBe(false);
    expect(cache.has('/huge')).toBe(false);
    expect(cache.has('/small')).toBe(true);
  });

  it('gives back the bytes of pages dropped by invalidation', () => {
    const cache = new PageCache(1024 * 1024);
    cache.store('/kz', pageOf(10, [tags.country('KZ')]), cache.generation);
    cache.store('/ie', pageOf(10, [tags.country('IE')]), cache.generation);
    const ireland = cache.bytes - entryBytes('/kz', pageOf(10, [tags.country('KZ')]));
    expect(cache.invalidate([tags.country('KZ')])).toBe(1);
    expect(cache.bytes).toBe(ireland);
    cache.clear();
    expect(cache.bytes).toBe(0);
  });

  it('refuses a page rendered before an invalidation', () => {
    const cache = new PageCache(1024 * 1024);
    const generation = cache.generation;
    cache.invalidate([tags.front]);
    expect(cache.store('/', pageOf(1), generation)).toBe(false);
    expect(cache.bytes).toBe(0);
  });
});
