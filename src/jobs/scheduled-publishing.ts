import type { Logger } from 'pino';
import { publishDueArticles } from '../services/articles/workflow.js';
import type { ArticleEditDeps } from '../services/articles/save-article.js';
import { CLUSTER_LOCKS, oncePerCluster } from '../services/shared/once-per-cluster.js';
import type { Dialect } from '../store/db/database.js';
import { createJob } from './job-runner.js';

/**
 * Every 15 seconds: a scheduled article appears at most that long after its time, and
 * the check is one indexed query (articles_status_published), so it costs nothing.
 */
export const SCHEDULE_INTERVAL_MS = 15_000;

/** The scheduler that publishes scheduled articles when their time comes. */
export interface ScheduledPublishing {
  /** Publishes everything due now (by the injected clock); returns the ids published. Tests call it directly. */
  runDue(): Promise<number[]>;
  /** Runs once at once (what fell due while Placard was stopped is published at start), then every interval. */
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Creates the scheduler. The schedule lives in the database (status `scheduled` and the
 * time), not in the timer, so a restart loses nothing. With several nodes each runs one,
 * but a run happens on one node at a time (an advisory lock; a node that finds it taken
 * skips its run), and the status check in the UPDATE would let only one publish each
 * article anyway. Without `dialect` (a test's single node) no lock is taken.
 */
export function createScheduledPublishing(
  deps: ArticleEditDeps & { dialect?: Dialect; logger?: Logger | false },
  options: { intervalMs?: number } = {},
): ScheduledPublishing {
  const log = deps.logger ? deps.logger.child({ module: 'scheduled-publishing' }) : null;
  const job = createJob({
    name: 'scheduled publishing',
    intervalMs: options.intervalMs ?? SCHEDULE_INTERVAL_MS,
    logger: log,
    async run() {
      const run = deps.dialect
        ? await oncePerCluster({ db: deps.db, dialect: deps.dialect }, CLUSTER_LOCKS.scheduledPublishing, () => publishDueArticles(deps))
        : { ran: true as const, value: await publishDueArticles(deps) };
      if (!run.ran) {
        log?.debug('another node is publishing scheduled articles; skipped');
        return [];
      }
      const published = run.value;
      if (published.length > 0) log?.info({ articles: published }, 'published scheduled articles');
      return published;
    },
  });
  return { runDue: job.runOnce, start: job.start, stop: job.stop };
}
