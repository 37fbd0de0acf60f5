import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { loadDemo } from '../demo/load-demo.js';
import { tags } from '../domain/cache/cache-tags.js';
import { createDeliveryWorker, type DeliveryWorker } from '../jobs/delivery-worker.js';
import { createFederationWorker, type FederationWorker } from '../jobs/federation-worker.js';
import { createIntakeWorker, type IntakeWorker } from '../jobs/intake-worker.js';
import { createRetentionJob, type RetentionJob } from '../jobs/retention.js';
import { createScheduledPublishing, type ScheduledPublishing } from '../jobs/scheduled-publishing.js';
import { loadCommonPasswords } from '../services/accounts/users.js';
import { createMarkdownPool, type MarkdownPoolOptions, type MarkdownRenderer } from '../services/articles/markdown-pool.js';
import { createActionDeps, type ActionDeps } from '../services/campaigns/action-deps.js';
import { createMailer, mailIdentity } from '../services/mail/create-mailer.js';
import type { Mailer } from '../services/mail/mailer.js';
import { loadServerSecret } from '../services/settings/server-secret.js';
import { systemClock, type Clock } from '../services/shared/clock.js';
import { createMetrics, type Metrics } from '../services/shared/metrics.js';
import { createContentChanges, createSharedContentChanges, type ContentChanges } from '../services/shared/content-changes.js';
import { createSiteIdentity, type SiteIdentityService } from '../services/site/site-identity.js';
import { openDatabase, type Database } from '../store/db/database.js';
import type { MediaFiles } from '../store/media/media-files.js';
import { openMediaFiles } from '../store/media/open-media-files.js';
import { createImportJobs } from '../services/import/import-jobs.js';
import { migrate } from '../store/migrations/migrate.js';
import { loadAssets } from '../web/assets/asset-manifest.js';
import { PageCache } from '../web/cache/page-cache.js';
import { buildApp, type PlacardApp } from '../web/app.js';
import { createTableKvStore } from '../services/federation/kv-store.js';
import { createTableQueue } from '../services/federation/table-queue.js';
import { newLeaseOwner } from '../services/shared/lease-owners.js';
import type { PlacardFederation } from '../web/public/federation/federation.js';
import { queuedFederationMessages } from '../services/federation/federation-data.js';

import { ASSETS_DIR, COMMON_PASSWORDS, DEMO_IMAGE, DEMO_PAGE } from './paths.js';

export { ASSETS_DIR, COMMON_PASSWORDS, DEMO_IMAGE, DEMO_PAGE };

/** The background jobs, built but not started: `serve` starts them all, a test only those it watches. */
export interface Jobs {
  /** Carries out the action forms' submissions (docs/decisions/0007). */
  readonly intake: IntakeWorker;
  /** Sends the outbox. */
  readonly delivery: DeliveryWorker;
  /** Publishes scheduled articles when their time comes. */
  readonly scheduledPublishing: ScheduledPublishing;
  /** Erases supporters' data when its time comes. */
  readonly retention: RetentionJob;
  /** Tells followers on other servers about articles, and delivers ActivityPub (docs/decisions/0036). */
  readonly federation: FederationWorker;
}

/** Every long-lived part of one Placard, each built once, and the one way to close them all. */
export interface Placard {
  readonly config: Config;
  readonly database: Database;
  readonly clock: Clock;
  readonly changes: ContentChanges;
  readonly media: MediaFiles;
  readonly mailer: Mailer;
  /** Renders article bodies in worker threads. */
  readonly markdown: MarkdownRenderer;
  /** The campaign use cases' dependencies, with the write batcher, counter and campaign lookup. */
  readonly actions: ActionDeps;
  /** Rendered public pages, dropped by the tags the services announce. */
  readonly cache: PageCache;
  /** The site's identity (name, logo, default language), read once and followed. */
  readonly site: SiteIdentityService;
  /** The web app, ready to listen or to answer `inject()`. */
  readonly web: PlacardApp;
  /** What `/metrics` reports; the delivery worker counts its messages in it. */
  readonly metrics: Metrics;
  /** The site's and sections' ActivityPub actors (Fedify), built on first use. */
  readonly federation: () => Promise<PlacardFederation>;
  readonly jobs: Jobs;
  /** Whether the demo content was loaded, on the start that created the schema. */
  readonly demoLoaded: boolean;
  /** Starts the named jobs (all of them when none is named). */
  startJobs(which?: readonly (keyof Jobs)[]): void;
  /**
   * The start of a graceful stop: `/ready` answers 503 from now on, the listener stops
   * accepting connections and requests in flight are answered; resolves when the last
   * has been. `close()` then stops the jobs (each finishing the round it is in) and the rest.
   */
  drain(): Promise<void>;
  /** Stops the jobs, closes the app, then the worker threads, the mailer and the database. */
  close(): Promise<void>;
}

/** What differs between the server and a test: the log, the time, the Markdown threads. */
export interface ComposeOptions {
  /** The root logger; each part logs through a child named after it. `false` logs nothing. */
  readonly logger?: Logger | false;
  /** The time; tests move it to expire sessions and publish scheduled articles. */
  readonly clock?: Clock;
  readonly markdown?: MarkdownPoolOptions;
  /**
   * Lets ActivityPub fetch documents from loopback addresses: only for tests that run two
   * sites on 127.0.0.1. Not a setting of the configuration, so no installation can turn it on.
   */
  readonly federationAllowsLoopback?: boolean;
}

/**
 * The composition root: opens and migrates the database, loads the demo content into a
 * brand-new database when the configuration asks for it, and builds every service once,
 * then the web app and the jobs on them. Listens on nothing and starts no job: `serve`
 * does, and the tests use the same object through `inject()`.
 */
export async function compose(config: Config, options: ComposeOptions = {}): Promise<Placard> {
  const logger = options.logger ?? false;
  const clock = options.clock ?? systemClock;
  const database = openDatabase(config.database);
  const mailer = createMailer(config.mail);
  const markdown = createMarkdownPool(options.markdown);
  const closing: (() => Promise<void>)[] = [() => database.close(), () => mailer.close(), () => markdown.close()];
  // Closed in the reverse order of building, every part even when one fails (the first
  // failure is thrown after); a second call waits for the first.
  let closed: Promise<void> | null = null;
  let draining = false;
  const closeAll = () =>
    (closed ??= (async () => {
      const failures: unknown[] = [];
      for (const close of [...closing].reverse()) await close().catch((error: unknown) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    })());
  try {
    const applied = await migrate(database);
    // On PostgreSQL every node hears every other node's changes (docs/decisions/0034).
    const changes =
      config.database.kind === 'postgres'
        ? await createSharedContentChanges({ db: database.db, url: config.database.url, logger: logger ? logger.child({ module: 'changes' }) : null })
        : createContentChanges();
    closing.push(() => changes.close());
    // The data folder's media folder, or the bucket every node shares (docs/decisions/0037).
    const media = await openMediaFiles(config.media);
    closing.push(() => media.close());
    // "First start" is the start that created the schema: demo content never reappears
    // in a database whose articles were deleted on purpose.
    const demoLoaded = config.demo && applied.includes('0001-foundation');
    if (demoLoaded) await loadDemo({ db: database.db, changes, media }, readFileSync(DEMO_PAGE, 'utf8'), { leadImageSvg: readFileSync(DEMO_IMAGE) });

    const site = await createSiteIdentity({ db: database.db, clock, changes });
    closing.push(async () => site.close());
    const mail = mailIdentity(config.mail, { name: () => site.current().name, language: () => site.defaultLanguage() });
    const secret = await loadServerSecret(database.db);
    const actions = createActionDeps({
      db: database.db,
      dialect: database.dialect,
      clock,
      changes,
      publicUrl: config.publicUrl,
      mail,
      secret,
      retentionDays: config.supporterRetentionDays,
    });
    closing.push(() => actions.close());
    const metrics = createMetrics({ db: database.db });
    const cache = new PageCache(config.pageCacheBytes, (hit) => metrics.pageCache.inc({ result: hit ? 'hit' : 'miss' }));
    const unsubscribe = changes.subscribe((tags) => cache.invalidate(tags));
    const unsubscribeReset = changes.onReset(() => cache.clear());
    // Pages rendered while the identity was being read again would show the old one.
    const unsubscribeSite = site.onReloaded(() => cache.invalidate([tags.site]));
    closing.push(async () => {
      unsubscribe();
      unsubscribeReset();
      unsubscribeSite();
    });

    const imports = createImportJobs({
      db: database.db,
      media,
      clock,
      changes,
      dir: join(config.dataDir, 'imports'),
      onError: (error) => logger && logger.error({ err: error }, 'an import stopped on an unexpected error'),
    });
    closing.push(() => imports.idle());

    // Fedify and its vocabulary weigh some 40 MiB: a node loads them on the first ActivityPub
    // request or the first article to announce, not at start (an idle node stays small).
    let federationBuilt: Promise<PlacardFederation> | undefined;
    const federation = (): Promise<PlacardFederation> =>
      (federationBuilt ??= (async () => {
        const [{ createPlacardFederation }, { createActorKeys }, { receiveSyndicated }] = await Promise.all([
          import('../web/public/federation/federation.js'),
          import('../services/federation/actor-keys.js'),
          import('../services/syndication/syndication.js'),
        ]);
        return createPlacardFederation({
          db: database.db,
          clock,
          site,
          publicUrl: config.publicUrl,
          keys: createActorKeys(database.db, clock),
          kv: createTableKvStore(database.db, clock),
          queue: createTableQueue({ db: database.db, dialect: database.dialect, clock, owner: newLeaseOwner() }),
          logger,
          allowPrivateAddress: options.federationAllowsLoopback === true,
          // Articles from the sources the site republishes from (docs/decisions/0042).
          onSyndicated: (event) => receiveSyndicated({ db: database.db, clock, changes, media }, event),
        });
      })().catch((error: unknown) => {
        federationBuilt = undefined;
        throw error;
      }));

    const web = await buildApp({
      federation,
      config,
      imports,
      database,
      changes,
      media,
      assets: loadAssets(ASSETS_DIR),
      logger: logger && logger.child({ module: 'web' }),
      clock,
      commonPasswords: () => loadCommonPasswords(COMMON_PASSWORDS),
      markdown,
      actions,
      cache,
      site,
      metrics,
      draining: () => draining,
    });
    closing.push(() => web.app.close());

    const jobs: Jobs = {
      intake: createIntakeWorker({ actions, logger }),
      delivery: createDeliveryWorker({ db: database.db, dialect: database.dialect, clock, mailer, mail, logger, metrics }),
      scheduledPublishing: createScheduledPublishing({ db: database.db, dialect: database.dialect, clock, changes, logger }),
      retention: createRetentionJob({ db: database.db, dialect: database.dialect, clock, retentionDays: config.supporterRetentionDays, logger, changes }),
      federation: createFederationWorker({
        db: database.db,
        dialect: database.dialect,
        clock,
        logger,
        announce: async (event) => (await federation()).announce(event),
        listen: async (signal) => (await federation()).federation.startQueue(undefined, { signal }),
        queued: async () => (await queuedFederationMessages(database.db)) > 0,
      }),
    };
    // Jobs stop first: a round in flight finishes on an open database.
    closing.push(async () => {
      await Promise.all(Object.values(jobs).map((job: { stop(): Promise<void> }) => job.stop()));
    });

    return {
      config,
      database,
      clock,
      changes,
      media,
      mailer,
      markdown,
      actions,
      cache,
      site,
      web,
      metrics,
      federation,
      jobs,
      demoLoaded,
      startJobs(which = Object.keys(jobs) as (keyof Jobs)[]) {
        for (const name of which) jobs[name].start();
      },
      async drain() {
        draining = true;
        await web.app.close();
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }
}
