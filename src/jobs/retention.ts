import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../services/shared/clock.js';
import type { ContentChanges } from '../services/shared/content-changes.js';
import { applyRetention, type RetentionResult } from '../services/supporters/retention.js';
import type { DB } from '../store/db/schema.js';

/**
 * Once a day: retention counts in days, so a daily run erases data at most a day late.
 * The first run is at start, so a node that was down catches up at once.
 */
export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** The daily job that erases non-consenting participants of campaigns closed long enough ago. */
export interface RetentionJob {
  /** One run now (by the injected clock). Tests call it directly. */
  runOnce(): Promise<RetentionResult>;
  /** Runs at once, then every interval. */
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Creates the job. What is due is decided from the database (campaigns' closed_at and
 * data_erased_at), not from the timer, so a restart loses nothing, and several nodes
 * running it at once erase nothing twice. `changes` tells the page cache; without it
 * nothing is announced.
 */
export function createRetentionJob(
  deps: { db: Kysely<DB>; clock: Clock; retentionDays: number; logger?: Logger | false; changes?: ContentChanges },
  options: { intervalMs?: number } = {},
): RetentionJob {
  const log = deps.logger ? deps.logger.child({ module: 'retention' }) : null;
  const changes: ContentChanges = deps.changes ?? { announce: () => undefined, subscribe: () => () => undefined };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<RetentionResult> | null = null;

  const runOnce = async (): Promise<RetentionResult> => {
    // Runs never overlap: a slow run must not race the next one.
    running ??= applyRetention({ db: deps.db, clock: deps.clock, changes, retentionDays: deps.retentionDays }).finally(() => {
      running = null;
    });
    const result = await running;
    // Counts and campaign ids only: never who was erased.
    if (result.campaigns.length > 0) log?.info({ campaigns: result.campaigns, erased: result.erased }, 'erased supporters of campaigns past retention');
    return result;
  };

  const tick = () => {
    runOnce().catch((error: unknown) => log?.error({ err: error }, 'retention failed; retrying at the next interval'));
  };

  return {
    runOnce,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, options.intervalMs ?? RETENTION_INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
