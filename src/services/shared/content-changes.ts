import type { CacheTag } from '../../domain/cache/cache-tags.js';

/**
 * Tells whoever caches rendered pages which tags a committed change touched. The web
 * layer subscribes its page cache; with several nodes a PostgreSQL LISTEN/NOTIFY
 * relay subscribes too. Services only announce, after their transaction commits.
 * Tags are made by domain/cache/cache-tags.ts, as the pages that depend on them make theirs.
 */
export interface ContentChanges {
  announce(tags: readonly CacheTag[]): void;
  subscribe(listener: (tags: readonly CacheTag[]) => void): () => void;
}

/** An in-process ContentChanges: listeners are called synchronously, in order. */
export function createContentChanges(): ContentChanges {
  const listeners = new Set<(tags: readonly CacheTag[]) => void>();
  return {
    announce(tags) {
      for (const listener of listeners) listener(tags);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
