/** An in-process nudge: "there is work", from whoever made it to whoever does it. */
export interface WakeSignal {
  /** Tells every listener, `delayMs` later; wakes in the meantime join it. */
  wake(): void;
  /** Listens until the returned function is called. */
  subscribe(listener: () => void): () => void;
}

/**
 * Creates a signal whose listeners run `delayMs` after a wake, never inside the caller's
 * turn of the event loop. The intake worker is woken this way once a submission's answer
 * is out: its work differs with what Placard knows about the address, and must not
 * overlap the answer — not even by taking the CPU while the bytes leave. Measured
 * (docs/benchmarks.md, "No membership oracle"): woken at once, the worker's work showed
 * in the answer's time, 0.3–0.7 ms; 25 ms later, it does not. A confirmation email 25 ms
 * later is no later for the supporter, and wakes that arrive together make one batch.
 */
export function createWakeSignal(options: { delayMs?: number } = {}): WakeSignal {
  const listeners = new Set<() => void>();
  let pending: NodeJS.Timeout | null = null;
  return {
    wake() {
      if (listeners.size === 0 || pending) return;
      pending = setTimeout(() => {
        pending = null;
        for (const listener of listeners) listener();
      }, options.delayMs ?? 25);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
