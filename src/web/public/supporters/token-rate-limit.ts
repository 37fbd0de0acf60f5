import type { Clock } from '../../../services/shared/clock.js';
import { ipGroupKey } from '../../../services/shared/ip-group.js';

/**
 * Requests to data links per address (IPv6 grouped by /64) and window. A supporter
 * looking at their page, withdrawing a consent or two, downloading and erasing makes
 * about ten; guessing a 256-bit token at 30 per 10 minutes is hopeless, and the limit
 * also stops a leaked link from being hammered.
 */
export const TOKEN_LIMIT = { requests: 30, windowMinutes: 10 } as const;

// Past this many addresses, spent windows are dropped before a new one is added; past
// the cap, the oldest go too (memory stays bounded whatever number of addresses comes).
const PRUNE_AT = 10_000;
const CAP = 100_000;

/** A fixed-window counter per address, kept in memory: nothing about visitors is stored. */
export interface TokenRateLimit {
  /** Counts a request; returns the seconds to wait when the address is over the limit, or 0. */
  hit(ip: string): number;
}

/**
 * Creates the limiter. Addresses are kept as HMACs with the installation's secret, so
 * not even the process's memory holds a list of visitors' addresses. Each node counts
 * on its own; with several nodes an address gets the limit once per node, which is
 * still no help to a guesser.
 */
export function createTokenRateLimit(options: { secret: Buffer; clock: Clock; requests?: number; windowMinutes?: number }): TokenRateLimit {
  const limit = options.requests ?? TOKEN_LIMIT.requests;
  const windowMs = (options.windowMinutes ?? TOKEN_LIMIT.windowMinutes) * 60_000;
  const windows = new Map<string, { count: number; endsAt: number }>();

  const prune = (now: number) => {
    for (const [key, window] of windows) if (window.endsAt <= now) windows.delete(key);
    for (const key of windows.keys()) {
      if (windows.size < CAP) break;
      windows.delete(key);
    }
  };

  return {
    hit(ip) {
      const now = options.clock().getTime();
      const key = ipGroupKey(options.secret, ip);
      let window = windows.get(key);
      if (!window || window.endsAt <= now) {
        if (windows.size >= PRUNE_AT) prune(now);
        window = { count: 0, endsAt: now + windowMs };
        windows.set(key, window);
      }
      window.count++;
      return window.count > limit ? Math.ceil((window.endsAt - now) / 1000) : 0;
    },
  };
}
