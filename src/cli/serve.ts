import pino from 'pino';
import { describeMediaStorage } from '../store/media/open-media-files.js';
import type { Config } from '../config/config.js';
import { issueSetupToken } from '../services/accounts/setup.js';
import type { Database } from '../store/db/database.js';
import type { PlacardApp } from '../web/app.js';
import { compose, type Placard } from './compose.js';

export { ASSETS_DIR, COMMON_PASSWORDS, DEMO_IMAGE, DEMO_PAGE } from './compose.js';

/** A running Placard: its app, database and a way to stop both. */
export interface Running extends PlacardApp {
  readonly placard: Placard;
  readonly database: Database;
  readonly url: string;
  readonly demoLoaded: boolean;
  /** The one-time link to create the first administrator, while no account exists. */
  readonly setupUrl: string | null;
  stop(): Promise<void>;
}

/**
 * `placard serve`: composes Placard (cli/compose.ts), listens, then starts every job.
 * Nothing else in Placard connects or listens by itself.
 */
export async function startPlacard(config: Config, options: { log?: boolean } = {}): Promise<Running> {
  // Each part names itself with a child logger ({ module: 'web' }, 'delivery', …); the root
  // carries no module, or a child's line would hold the key twice.
  const logger = options.log === false ? false : pino({ level: config.logLevel, base: {} });
  const placard = await compose(config, { logger });
  try {
    const setupToken = await issueSetupToken({ db: placard.database.db, clock: placard.clock });
    await placard.web.app.listen({ port: config.port, host: config.host });
    // Started after listen: mail that fell due while Placard was stopped goes out now, and
    // the intake worker carries out the submissions a crash left unprocessed.
    placard.startJobs();
    if (logger) logger.child({ module: 'delivery' }).info(`mail goes to ${placard.mailer.description}`);
    if (logger) logger.child({ module: 'media' }).info(`media are kept in ${describeMediaStorage(config.media)}`);
    const address = placard.web.app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      ...placard.web,
      placard,
      database: placard.database,
      demoLoaded: placard.demoLoaded,
      setupUrl: setupToken ? `${config.publicUrl}/admin/setup/${setupToken}` : null,
      url: `http://${host}:${port}`,
      stop: () => placard.close(),
    };
  } catch (error) {
    await placard.close().catch(() => undefined);
    throw error;
  }
}
