import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.js';
import { ASSETS_DIR, COMMON_PASSWORDS, DEMO_IMAGE, DEMO_PAGE } from '../../src/cli/serve.js';
import { loadCommonPasswords } from '../../src/services/accounts/users.js';
import type { Clock } from '../../src/services/shared/clock.js';
import { join } from 'node:path';
import { localMediaFiles } from '../../src/store/media/media-files.js';
import { loadDemo } from '../../src/demo/load-demo.js';
import { createMarkdownPool, type MarkdownPoolOptions } from '../../src/services/articles/markdown-pool.js';
import { createContentChanges, type ContentChanges } from '../../src/services/shared/content-changes.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { migrate } from '../../src/store/migrations/migrate.js';
import { loadAssets } from '../../src/web/assets/asset-manifest.js';
import { buildApp, type PlacardApp } from '../../src/web/app.js';
import { createIntakeWorker } from '../../src/jobs/intake-worker.js';
import type { ActionDeps } from '../../src/services/campaigns/action-deps.js';
import { drainIntake } from '../../src/services/campaigns/process-intake.js';
import type { PageCache } from '../../src/web/cache/page-cache.js';
import { scratchDatabase, type DatabaseKind } from './databases.js';

/** A real Placard app on a fresh database, for `inject()` tests. */
export interface TestApp {
  readonly app: FastifyInstance;
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
 * Builds the real app on a new database of the given kind, with the demo content unless
 * told otherwise; `env` adds settings as the environment would give them (PAGE_CACHE_MB, say).
 */
export async function startTestApp(
  kind: DatabaseKind,
  options: { demo?: boolean; clock?: Clock; intakeWorker?: boolean; env?: Readonly<Record<string, string>>; markdown?: MarkdownPoolOptions } = {},
): Promise<TestApp> {
  const scratch = await scratchDatabase(kind);
  const config: Config = { ...loadConfig({ DATA_DIR: scratch.dataDir, PUBLIC_URL: 'https://news.example.org', ...options.env }), database: scratch.config };
  const database = openDatabase(config.database);
  await migrate(database);
  const changes = createContentChanges();
  const media = localMediaFiles(join(scratch.dataDir, 'media'));
  if (options.demo !== false) await loadDemo({ db: database.db, changes, media }, readFileSync(DEMO_PAGE, 'utf8'), { leadImageSvg: readFileSync(DEMO_IMAGE) });
  const commonPasswords = () => loadCommonPasswords(COMMON_PASSWORDS);
  const markdown = createMarkdownPool({ threads: 1, ...options.markdown });
  const { app, cache, routes, actions, allRoutes } = await buildApp({
    config,
    database,
    changes,
    media,
    assets: loadAssets(ASSETS_DIR),
    clock: options.clock,
    commonPasswords,
    markdown,
  });
  await app.ready();
  // As `serve` runs it, unless a test wants to see the intake before it is processed.
  const intake = options.intakeWorker === false ? null : createIntakeWorker({ actions, logger: false });
  intake?.start();
  return {
    app,
    cache,
    routes,
    allRoutes,
    database,
    changes,
    config,
    actions,
    drainIntake: () => drainIntake(actions, 'test-drain'),
    async close() {
      await intake?.stop();
      await app.close();
      await markdown.close();
      await database.close();
      await scratch.dispose();
    },
  };
}
