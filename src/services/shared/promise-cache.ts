/**
 * A short-lived cache of promises, for reads that a surge repeats (a campaign and its
 * counts, read by every submission and every render). Concurrent reads of one key share
 * one promise, so a thousand requests in the same moment make one query; a value is
 * reused for `ttlMs` and then read again; a rejected promise is forgotten at once, so
 * one failed read is not served to everyone for the rest of the TTL.
 */
export interface PromiseCache<K, V> {
  /** The promise kept for `key` if it is younger than the TTL; else `load()`'s, kept from now on. */
  get(key: K, load: () => Promise<V>): Promise<V>;
  /** Forgets one key: its next read loads again. */
  delete(key: K): void;
  /** Forgets every key. */
  clear(): void;
  /** How many keys are kept, expired ones included until they are read or pushed out. */
  readonly size: number;
}

/** How long a promise is kept, how many at most, and the clock that says how old one is. */
export interface PromiseCacheOptions {
  readonly ttlMs: number;
  /** Past this many keys the oldest is forgotten: made-up keys (unknown addresses) must not grow the map without bound. */
  readonly maxEntries?: number;
  /** Milliseconds from any fixed origin; `performance.now()` unless a test moves it by hand. */
  readonly now?: () => number;
}

/** A PromiseCache (see there) that forgets after `ttlMs`, or sooner on `delete`/`clear`. */
export function createPromiseCache<K, V>(options: PromiseCacheOptions): PromiseCache<K, V> {
  const { ttlMs, maxEntries = Infinity, now = () => performance.now() } = options;
  // Map order is insertion order: the first key is the oldest, which maxEntries pushes out.
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  return {
    get(key, load) {
      const at = now();
      const hit = entries.get(key);
      if (hit && at - hit.at < ttlMs) return hit.value;
      const value = load();
      entries.delete(key);
      for (const oldest of entries.keys()) {
        if (entries.size < maxEntries) break;
        entries.delete(oldest);
      }
      entries.set(key, { at, value });
      // Only this promise is forgotten: a newer one for the same key, loaded after a
      // `delete` while this one was pending, stays.
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
