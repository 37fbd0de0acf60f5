import type { Logger } from 'pino';
import { publishDueArticles } from '../services/articles/workflow.js';
import type { ArticleEditDeps } from '../services/articles/save-article.js';

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
 * time), not in the timer, so a restart loses nothing; with several nodes each runs one
 * and the status check in the UPDATE lets only one publish each article.
 */
export function createScheduledPublishing(deps: ArticleEditDeps & { logger?: Logger | false }, options: { intervalMs?: number } = {}): ScheduledPublishing {
  const log = deps.logger ? deps.logger.child({ module: 'scheduled-publishing' }) : null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number[]> | null = null;

  const runDue = async (): Promise<number[]> => {
    // Runs never overlap: a slow database must not have two runs race each other here.
    running ??= publishDueArticles(deps).finally(() => {
      running = null;
    });
    const published = await running;
    if (published.length > 0) log?.info({ articles: published }, 'published scheduled articles');
    return published;
  };

  const tick = () => {
    runDue().catch((error: unknown) => log?.error({ err: error }, 'scheduled publishing failed; retrying at the next interval'));
  };

  return {
    runDue,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, options.intervalMs ?? SCHEDULE_INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
