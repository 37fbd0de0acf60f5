/** An in-process nudge: "there is work", from whoever made it to whoever does it. */
export interface WakeSignal {
  /** Tells every listener, after the current turn of the event loop (see below). */
  wake(): void;
  /** Listens until the returned function is called. */
  subscribe(listener: () => void): () => void;
}

/**
 * Creates a signal. Listeners run on the next turn of the event loop, never inside the
 * caller's: a request that wakes the intake worker has its answer written first, so the
 * worker's work (which differs with what Placard knows about the address) cannot delay it.
 */
export function createWakeSignal(): WakeSignal {
  const listeners = new Set<() => void>();
  return {
    wake() {
      if (listeners.size === 0) return;
      setImmediate(() => {
        for (const listener of listeners) listener();
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
