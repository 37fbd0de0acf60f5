import type { Kysely } from 'kysely';
import type { Clock } from '../../../services/shared/clock.js';
import { createRateLimit, type RateLimit } from '../../../services/shared/rate-limit.js';
import type { DB } from '../../../store/db/schema.js';

/**
 * Requests to data links per address (IPv6 grouped by /64) and window. A supporter
 * looking at their page, withdrawing a consent or two, downloading and erasing makes
 * about ten; guessing a 256-bit token at 30 per 10 minutes is hopeless, and the limit
 * also stops a leaked link from being hammered.
 */
export const TOKEN_LIMIT = { requests: 30, windowMinutes: 10 } as const;

/** The data links' limit: counts a request, and says how many seconds to wait when over it (else 0). */
export type TokenRateLimit = RateLimit;

/**
 * Creates the limiter, counted in the database (services/shared/rate-limit.ts): with
 * several nodes an address has the limit once for all of them, not once per node.
 */
export function createTokenRateLimit(options: { db: Kysely<DB>; secret: Buffer; clock: Clock; requests?: number; windowMinutes?: number }): TokenRateLimit {
  return createRateLimit({
    db: options.db,
    clock: options.clock,
    secret: options.secret,
    name: 'data-links',
    requests: options.requests ?? TOKEN_LIMIT.requests,
    windowMinutes: options.windowMinutes ?? TOKEN_LIMIT.windowMinutes,
  });
}
