import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.js';
import { compose, type Placard } from '../../src/cli/compose.js';
import type { Clock } from '../../src/services/shared/clock.js';
import type { MarkdownPoolOptions } from '../../src/services/articles/markdown-pool.js';
import type { ContentChanges } from '../../src/services/shared/content-changes.js';
import type { Database } from '../../src/store/db/database.js';
import type { PlacardApp } from '../../src/web/app.js';
import type { ActionDeps } from '../../src/services/campaigns/action-deps.js';
import { drainIntake } from '../../src/services/campaigns/process-intake.js';
import type { PageCache } from '../../src/web/cache/page-cache.js';
import { scratchDatabase, type DatabaseKind, type ScratchDatabase } from './databases.js';

/** A real Placard app on a fresh database, for `inject()` tests. */
export interface TestApp {
  readonly app: FastifyInstance;
  /** The whole composed Placard, as `serve` builds it: jobs, mailer, services. */
  readonly placard: Placard;
  readonly cache: PageCache;
  readonly routes: PlacardApp['routes'];
  readonly allRoutes: PlacardApp['allRoutes'];
  readonly database: Database;
  readonly changes: ContentChanges;
  readonly config: Config;
  /** What the action forms' submissions are carried out with. */
  readonly actions: ActionDeps;
  /**
   * Waits until every submission in the intake has been carried out, as the intake worker
   * does a moment after each one: what a supporter finds in their inbox a second later.
   */
  drainIntake(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Composes the real Placard (cli/compose.ts, as `serve` does) on a new database of the
 * given kind, with the demo content unless told otherwise; `env` adds settings as the
 * environment would give them (PAGE_CACHE_MB, say). Of the jobs, only the intake worker
 * runs, unless `intakeWorker: false`: the others are driven by the tests that watch them.
 * `shared`: a database another app of the test already uses (several nodes of one
 * installation); it is left for its maker to dispose of.
 * `scratch` composes on a database (and data folder) the test prepared, a restored one say,
 * instead of a new one; it is disposed of on close all the same.
 */
export async function startTestApp(
  kind: DatabaseKind,
  options: {
    demo?: boolean;
    clock?: Clock;
    intakeWorker?: boolean;
    env?: Readonly<Record<string, string>>;
    markdown?: MarkdownPoolOptions;
    shared?: ScratchDatabase;
    scratch?: ScratchDatabase;
    /** Lets ActivityPub fetch from 127.0.0.1, for two sites in one test. */
    federationAllowsLoopback?: boolean;
  } = {},
): Promise<TestApp> {
  const shared = options.shared;
  const scratch = shared ?? options.scratch ?? (await scratchDatabase(kind));
  const env = { DATA_DIR: scratch.dataDir, PUBLIC_URL: 'https://news.example.org', PLACARD_DEMO: options.demo === false ? 'off' : 'on', ...options.env };
  const config: Config = { ...loadConfig(env), database: scratch.config };
  let placard: Placard;
  try {
    placard = await compose(config, {
      clock: options.clock,
      markdown: { threads: 1, ...options.markdown },
      federationAllowsLoopback: options.federationAllowsLoopback,
    });
  } catch (error) {
    if (!shared) await scratch.dispose();
    throw error;
  }
  await placard.web.app.ready();
  if (options.intakeWorker !== false) placard.startJobs(['intake']);
  return {
    app: placard.web.app,
    placard,
    cache: placard.cache,
    routes: placard.web.routes,
    allRoutes: placard.web.allRoutes,
    database: placard.database,
    changes: placard.changes,
    config,
    actions: placard.actions,
    drainIntake: () => drainIntake(placard.actions, 'test-drain'),
    async close() {
      await placard.close();
      if (!shared) await scratch.dispose();
    },
  };
}
