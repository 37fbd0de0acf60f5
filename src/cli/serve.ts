import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Config } from '../config/config.js';
import { createDeliveryWorker } from '../jobs/delivery-worker.js';
import { createIntakeWorker } from '../jobs/intake-worker.js';
import { createRetentionJob } from '../jobs/retention.js';
import { createScheduledPublishing } from '../jobs/scheduled-publishing.js';
import { loadDemo } from '../demo/load-demo.js';
import { createMarkdownPool } from '../services/articles/markdown-pool.js';
import { createContentChanges } from '../services/shared/content-changes.js';
import { issueSetupToken } from '../services/accounts/setup.js';
import { loadCommonPasswords } from '../services/accounts/users.js';
import { createMailer, mailIdentity } from '../services/mail/create-mailer.js';
import { systemClock } from '../services/shared/clock.js';
import { openDatabase, type Database } from '../store/db/database.js';
import { localMediaFiles } from '../store/media/media-files.js';
import { migrate } from '../store/migrations/migrate.js';
import { loadAssets } from '../web/assets/asset-manifest.js';
import { buildApp, type PlacardApp } from '../web/app.js';

/** The project's folders, found from this file so `npm start` works from any directory. */
export const ASSETS_DIR = fileURLToPath(new URL('../../assets/', import.meta.url));
export const DEMO_PAGE = fileURLToPath(new URL('../../demo/kazakhstan-protest-page.txt', import.meta.url));
export const DEMO_IMAGE = fileURLToPath(new URL('../../demo/corinthia-protest.svg', import.meta.url));
export const COMMON_PASSWORDS = fileURLToPath(new URL('../../data-files/common-passwords.txt', import.meta.url));

/** A running Placard: its app, database and a way to stop both. */
export interface Running extends PlacardApp {
  readonly database: Database;
  readonly url: string;
  readonly demoLoaded: boolean;
  /** The one-time link to create the first administrator, while no account exists. */
  readonly setupUrl: string | null;
  stop(): Promise<void>;
}

/**
 * The composition root: opens the database, migrates it, loads the demo content into a
 * brand-new database when asked to, builds the app and listens. Nothing else in
 * Placard connects or listens by itself.
 */
export async function startPlacard(config: Config, options: { log?: boolean } = {}): Promise<Running> {
  // Each part names itself with a child logger ({ module: 'web' }, 'delivery', …); the root
  // carries no module, or a child's line would hold the key twice.
  const logger = options.log === false ? false : pino({ level: config.logLevel, base: {} });
  const database = openDatabase(config.database);
  const mailer = createMailer(config.mail);
  const markdown = createMarkdownPool();
  try {
    const applied = await migrate(database);
    const changes = createContentChanges();
    const media = localMediaFiles(join(config.dataDir, 'media'));
    // "First start" is the start that created the schema: demo content never reappears
    // in a database whose articles were deleted on purpose.
    const demoLoaded = config.demo && applied.includes('0001-foundation');
    if (demoLoaded) await loadDemo({ db: database.db, changes, media }, readFileSync(DEMO_PAGE, 'utf8'), { leadImageSvg: readFileSync(DEMO_IMAGE) });
    const commonPasswords = () => loadCommonPasswords(COMMON_PASSWORDS);
    const placard = await buildApp({
      config,
      database,
      changes,
      media,
      assets: loadAssets(ASSETS_DIR),
      logger: logger && logger.child({ module: 'web' }),
      commonPasswords,
      markdown,
    });
    const setupToken = await issueSetupToken({ db: database.db, clock: systemClock });
    await placard.app.listen({ port: config.port, host: config.host });
    // Carries out the forms' submissions, including those a crash left unprocessed.
    const intake = createIntakeWorker({ actions: placard.actions, logger });
    intake.start();
    const scheduler = createScheduledPublishing({ db: database.db, clock: systemClock, changes, logger });
    scheduler.start();
    // Started after listen: mail that fell due while Placard was stopped goes out now.
    const delivery = createDeliveryWorker({ db: database.db, dialect: database.dialect, clock: systemClock, mailer, mail: mailIdentity(config.mail), logger });
    delivery.start();
    const retention = createRetentionJob({ db: database.db, clock: systemClock, retentionDays: config.supporterRetentionDays, logger, changes });
    retention.start();
    if (logger) logger.child({ module: 'delivery' }).info(`mail goes to ${mailer.description}`);
    const address = placard.app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      ...placard,
      database,
      demoLoaded,
      setupUrl: setupToken ? `${config.publicUrl}/admin/setup/${setupToken}` : null,
      url: `http://${host}:${port}`,
      async stop() {
        await scheduler.stop();
        await intake.stop();
        await delivery.stop();
        await retention.stop();
        await placard.app.close();
        await markdown.close();
        await mailer.close();
        await database.close();
      },
    };
  } catch (error) {
    await mailer.close().catch(() => undefined);
    await markdown.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
