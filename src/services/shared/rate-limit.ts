import type { Kysely } from 'kysely';
import { deleteSpentRateWindows, hitRateWindow } from '../../store/shared/rate-limit.store.js';
import type { DB } from '../../store/db/schema.js';
import type { Clock } from './clock.js';
import { ipGroupKey } from './ip-group.js';

/** A fixed-window limit on requests per address group, counted in the database. */
export interface RateLimit {
  /** Counts a request; resolves to the seconds to wait when the address is over the limit, or 0. */
  hit(ip: string): Promise<number>;
}

/** Which limit, how many requests per window, and what it needs to count them. */
export interface RateLimitOptions {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  /** The installation secret, which keys addresses. */
  readonly secret: Buffer;
  /** Names the limit, so two limits never count under one key. */
  readonly name: string;
  readonly requests: number;
  readonly windowMinutes: number;
}

/** Spent windows are removed after this many counted requests of a process, so the table stays small without a job. */
const PRUNE_EVERY = 500;

/**
 * Creates a limit counted in the database (rate_limit_windows): every node behind a load
 * balancer adds to one count per address, and a node that restarts forgets nothing
 * (docs/decisions/0035). Addresses are stored as HMACs of their group (IPv6 by /64)
 * under the installation's secret, never as themselves.
 */
export function createRateLimit(options: RateLimitOptions): RateLimit {
  const windowMs = options.windowMinutes * 60_000;
  let counted = 0;
  return {
    async hit(ip) {
      const now = options.clock();
      const key = `${options.name}:${ipGroupKey(options.secret, ip)}`;
      if (++counted % PRUNE_EVERY === 0) await deleteSpentRateWindows(options.db, now.toISOString());
      const window = await hitRateWindow(options.db, { key, now: now.toISOString(), endsAt: new Date(now.getTime() + windowMs).toISOString() });
      return window.hits > options.requests ? Math.max(1, Math.ceil((Date.parse(window.endsAt) - now.getTime()) / 1000)) : 0;
    },
  };
}
