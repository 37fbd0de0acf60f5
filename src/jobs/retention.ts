import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../services/shared/clock.js';
import type { ContentChanges } from '../services/shared/content-changes.js';
import { applyRetention, type RetentionResult } from '../services/supporters/retention.js';
import { CLUSTER_LOCKS, oncePerCluster } from '../services/shared/once-per-cluster.js';
import type { Dialect } from '../store/db/database.js';
import type { DB } from '../store/db/schema.js';
import { createJob } from './job-runner.js';

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
 * data_erased_at), not from the timer, so a restart loses nothing. With several nodes
 * a run happens on one node at a time (an advisory lock; a node that finds it taken
 * skips its run), and runs that met would erase nothing twice anyway. `changes` tells
 * the page cache; without it nothing is announced. Without `dialect` no lock is taken.
 */
export function createRetentionJob(
  deps: { db: Kysely<DB>; dialect?: Dialect; clock: Clock; retentionDays: number; logger?: Logger | false; changes?: ContentChanges },
  options: { intervalMs?: number } = {},
): RetentionJob {
  const log = deps.logger ? deps.logger.child({ module: 'retention' }) : null;
  const changes: ContentChanges = deps.changes ?? { announce: () => undefined, subscribe: () => () => undefined, onReset: () => () => undefined };
  return createJob({
    name: 'retention',
    intervalMs: options.intervalMs ?? RETENTION_INTERVAL_MS,
    logger: log,
    async run() {
      const apply = () => applyRetention({ db: deps.db, clock: deps.clock, changes, retentionDays: deps.retentionDays });
      const run = deps.dialect
        ? await oncePerCluster({ db: deps.db, dialect: deps.dialect }, CLUSTER_LOCKS.retention, apply)
        : { ran: true as const, value: await apply() };
      if (!run.ran) {
        log?.debug('another node is applying retention; skipped');
        return { campaigns: [], erased: 0 };
      }
      const result = run.value;
      // Counts and campaign ids only: never who was erased.
      if (result.campaigns.length > 0) log?.info({ campaigns: result.campaigns, erased: result.erased }, 'erased supporters of campaigns past retention');
      return result;
    },
  });
}
