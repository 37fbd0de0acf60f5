/**
 * Tells whoever caches rendered pages which tags a committed change touched. The web
 * layer subscribes its page cache; with several nodes a PostgreSQL LISTEN/NOTIFY
 * relay subscribes too. Services only announce, after their transaction commits.
 */
export interface ContentChanges {
  announce(tags: readonly string[]): void;
  subscribe(listener: (tags: readonly string[]) => void): () => void;
}

/** An in-process ContentChanges: listeners are called synchronously, in order. */
export function createContentChanges(): ContentChanges {
  const listeners = new Set<(tags: readonly string[]) => void>();
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
