import { describe, expect, it } from 'vitest';
import { createPromiseCache } from '../../src/services/shared/promise-cache.js';

/** A promise settled by hand, so a test can hold a load open while others ask. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A loader that counts its calls and answers with the call's number. */
function counting() {
  let calls = 0;
  return {
    load: () => Promise.resolve(++calls),
    get calls() {
      return calls;
    },
  };
}

describe('unit: the short-lived promise cache', () => {
  it('gives concurrent reads of one key one load, and other keys their own', async () => {
    const cache = createPromiseCache<string, number>({ ttlMs: 1000, now: () => 0 });
    const pending = deferred<number>();
    let calls = 0;
    const load = () => {
      calls++;
      return pending.promise;
    };
    const reads = [cache.get('a', load), cache.get('a', load), cache.get('a', load)];
    expect(calls).toBe(1);
    expect(reads[1]).toBe(reads[0]);
    pending.resolve(7);
    expect(await Promise.all(reads)).toEqual([7, 7, 7]);
    expect(await cache.get('b', () => Promise.resolve(8))).toBe(8);
    expect(await cache.get('a', () => Promise.resolve(9))).toBe(7);
  });

  it('loads again once the value is as old as the TTL, by the clock it is given', async () => {
    let now = 1000;
    const cache = createPromiseCache<string, number>({ ttlMs: 500, now: () => now });
    const loader = counting();
    expect(await cache.get('a', loader.load)).toBe(1);
    now += 499;
    expect(await cache.get('a', loader.load)).toBe(1);
    now += 1;
    expect(await cache.get('a', loader.load)).toBe(2);
    // The TTL counts from the new load, not from the first.
    now += 499;
    expect(await cache.get('a', loader.load)).toBe(2);
    expect(loader.calls).toBe(2);
  });

  it('does not keep a rejected promise: the next read loads again', async () => {
    const cache = createPromiseCache<string, number>({ ttlMs: 60_000, now: () => 0 });
    const failing = deferred<number>();
    const first = cache.get('a', () => failing.promise);
    const alongside = cache.get('a', () => Promise.resolve(2));
    failing.reject(new Error('the database went away'));
    await expect(first).rejects.toThrow('the database went away');
    // A read made while the load was pending shares its fate: it was the same load.
    await expect(alongside).rejects.toThrow('the database went away');
    expect(cache.size).toBe(0);
    expect(await cache.get('a', () => Promise.resolve(3))).toBe(3);
    expect(await cache.get('a', () => Promise.resolve(4))).toBe(3);
  });

  it('forgets on delete and clear; a failure of a load forgotten that way does not drop its successor', async () => {
    const cache = createPromiseCache<string, number>({ ttlMs: 60_000, now: () => 0 });
    const stale = deferred<number>();
    const old = cache.get('a', () => stale.promise);
    cache.delete('a');
    expect(await cache.get('a', () => Promise.resolve(2))).toBe(2);
    stale.reject(new Error('too late'));
    await expect(old).rejects.toThrow('too late');
    expect(await cache.get('a', () => Promise.resolve(3))).toBe(2);
    await cache.get('b', () => Promise.resolve(4));
    cache.clear();
    expect(cache.size).toBe(0);
    expect(await cache.get('a', () => Promise.resolve(5))).toBe(5);
  });

  it('keeps at most maxEntries keys, forgetting the oldest first', async () => {
    const cache = createPromiseCache<number, number>({ ttlMs: 60_000, maxEntries: 3, now: () => 0 });
    for (let key = 1; key <= 5; key++) await cache.get(key, () => Promise.resolve(key * 10));
    expect(cache.size).toBe(3);
    expect(await cache.get(1, () => Promise.resolve(-1))).toBe(-1);
    expect(await cache.get(5, () => Promise.resolve(-5))).toBe(50);
  });
});
