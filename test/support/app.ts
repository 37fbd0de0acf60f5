import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.js';
import { ASSETS_DIR, COMMON_PASSWORDS, DEMO_IMAGE, DEMO_PAGE } from '../../src/cli/serve.js';
import { loadCommonPasswords } from '../../src/services/accounts/users.js';
import type { Clock } from '../../src/services/shared/clock.js';
import { join } from 'node:path';
import { localMediaFiles } from '../../src/store/media/media-files.js';
import { loadDemo } from '../../src/services/demo/load-demo.js';
import { createContentChanges, type ContentChanges } from '../../src/services/shared/content-changes.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { migrate } from '../../src/store/migrations/migrate.js';
import { loadAssets } from '../../src/web/assets/asset-manifest.js';
import { buildApp, type PlacardApp } from '../../src/web/app.js';
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
  close(): Promise<void>;
}

/** Builds the real app on a new database of the given kind, with the demo content unless told otherwise. */
export async function startTestApp(kind: DatabaseKind, options: { demo?: boolean; clock?: Clock } = {}): Promise<TestApp> {
  const scratch = await scratchDatabase(kind);
  const config: Config = { ...loadConfig({ DATA_DIR: scratch.dataDir, PUBLIC_URL: 'https://news.example.org' }), database: scratch.config };
  const database = openDatabase(config.database);
  await migrate(database);
  const changes = createContentChanges();
  const media = localMediaFiles(join(scratch.dataDir, 'media'));
  if (options.demo !== false) await loadDemo({ db: database.db, changes, media }, readFileSync(DEMO_PAGE, 'utf8'), { leadImageSvg: readFileSync(DEMO_IMAGE) });
  const commonPasswords = () => loadCommonPasswords(COMMON_PASSWORDS);
  const { app, cache, routes, allRoutes } = await buildApp({ config, database, changes, media, assets: loadAssets(ASSETS_DIR), clock: options.clock, commonPasswords });
  await app.ready();
  return {
    app,
    cache,
    routes,
    allRoutes,
    database,
    changes,
    config,
    async close() {
      await app.close();
      await database.close();
      await scratch.dispose();
    },
  };
}
