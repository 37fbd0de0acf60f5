#!/usr/bin/env node
import { ConfigError, loadConfig } from '../config/config.js';
import { DatabaseOpenError, describeDatabase, openDatabase, type Database } from '../store/db/database.js';
import { MigrationError, migrate } from '../store/migrations/migrate.js';
import { createContentChanges, createSharedContentChanges } from '../services/shared/content-changes.js';
import type { Running } from './serve.js';
import { runSectionCommand, SECTION_USAGE } from './section.js';
import { openMediaFiles } from '../store/media/open-media-files.js';
import { readAllStdin, runUserCommand, USER_USAGE } from './user.js';

/*
 * The commands that move whole sites (backup, export, import) are loaded when they are
 * run: their libraries (tar, the XML parser, HTML to Markdown) have no place in the memory
 * of a serving node.
 */

/** The help text, with each command's own lines. */
async function usage(): Promise<string> {
  const [{ BACKUP_USAGE }, { EXPORT_USAGE }, { IMPORT_USAGE }] = await Promise.all([import('./backup.js'), import('./export.js'), import('./import.js')]);
  return `Usage: placard <command>

Commands:
  serve     migrate the database and serve the site (the default)
  migrate   apply pending database migrations and exit
${USER_USAGE}
${SECTION_USAGE}
${BACKUP_USAGE}
${EXPORT_USAGE}
${IMPORT_USAGE}
  help      show this text

Configuration comes from the environment: PORT, HOST, DATA_DIR, DATABASE_URL,
PUBLIC_URL, PLACARD_DEMO (on|off), LOG_LEVEL, PLACARD_METRICS_ALLOW,
SHUTDOWN_TIMEOUT_SECONDS. See README.md.
`;
}

const COMMANDS: readonly string[] = ['serve', 'migrate', 'user', 'section', 'backup', 'restore', 'export', 'import-archive', 'import'];

function fail(message: string, code: number): never {
  process.stderr.write(`placard: ${message}\n`);
  process.exit(code);
}

/** Turns a start-up failure into one line a person can act on: no stack trace, no password. */
function explain(error: unknown, database: string): string {
  if (error instanceof DatabaseOpenError || error instanceof MigrationError) return error.message;
  const err = error as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE') return `the port is already in use (${err.message.replace(/^listen /, '')}); set PORT to a free port`;
  if (err.code === 'EACCES') return `permission denied: ${err.message}`;
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND') return `cannot reach ${database}: ${err.message}`;
  return `cannot start with ${database}: ${err.message ?? String(error)}`;
}

async function main(argv: readonly string[]): Promise<void> {
  const command = argv[0] ?? 'serve';
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(await usage());
    return;
  }
  if (!COMMANDS.includes(command)) fail(`unknown command "${command}"\n\n${await usage()}`, 2);
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`, 2);
    throw error;
  }
  const where = describeDatabase(config.database);
  if (command === 'migrate') {
    const database = openDatabaseOrFail(config.database, where);
    try {
      const applied = await migrate(database);
      process.stdout.write(applied.length ? `Applied ${applied.join(', ')} to ${where}.\n` : `${where} is up to date.\n`);
    } catch (error) {
      fail(explain(error, where), 1);
    } finally {
      await database.close().catch(() => undefined);
    }
    return;
  }
  if (command === 'user') return runUser(argv.slice(1), config, where);
  if (command === 'section') return runSection(argv.slice(1), config, where);
  if (command === 'backup' || command === 'restore') {
    const { runBackupCommand, runRestoreCommand } = await import('./backup.js');
    // Neither opens Placard's database through the server's code: a backup reads it
    // without migrating, a restore writes into a new folder or an empty database.
    const result = await (command === 'backup' ? runBackupCommand : runRestoreCommand)(argv.slice(1), config).catch((error: unknown) =>
      fail(`${command} failed: ${(error as Error).message}`, 1),
    );
    (result.code === 0 ? process.stdout : process.stderr).write(result.out);
    process.exitCode = result.code;
    return;
  }
  if (command === 'export' || command === 'import-archive') return runArchive(command, argv.slice(1), config, where);
  if (command === 'import') return runImport(argv.slice(1), config, where);
  const started = Date.now();
  // Loaded here, not at the top: the other commands need neither the web app nor its jobs.
  const { startPlacard } = await import('./serve.js');
  const running = await startPlacard(config).catch((error: unknown) => fail(explain(error, where), 1));
  process.stdout.write(
    `Placard is serving ${where}${running.demoLoaded ? ' (demo content loaded)' : ''} at ${running.url}/ — ready in ${Date.now() - started} ms\n`,
  );
  if (running.setupUrl) process.stdout.write(`No account exists yet. Create the first administrator within 24 hours at:\n  ${running.setupUrl}\n`);
  process.once('SIGINT', () => stopGracefully(running, config.shutdownTimeoutSeconds));
  process.once('SIGTERM', () => stopGracefully(running, config.shutdownTimeoutSeconds));
}

/**
 * SIGTERM (or SIGINT): `/ready` answers 503, the listener stops accepting, requests in
 * flight are answered, then the jobs finish the round they are in (a claimed message is
 * sent and marked) and everything closes: exit 0. Past SHUTDOWN_TIMEOUT_SECONDS the
 * process exits 1 all the same; what it had claimed goes back to the others when its
 * leases lapse.
 */
function stopGracefully(running: Running, timeoutSeconds: number): void {
  const limit = setTimeout(() => {
    process.stderr.write(`placard: did not finish stopping within ${timeoutSeconds} s (SHUTDOWN_TIMEOUT_SECONDS); exiting\n`);
    process.exit(1);
  }, timeoutSeconds * 1000);
  limit.unref();
  void running.placard
    .drain()
    .then(() => running.stop())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`placard: stopping failed: ${(error as Error).message ?? String(error)}\n`);
        process.exit(1);
      },
    );
}

/**
 * Runs a command on the configured database, migrated first unless `migrateFirst` is
 * false, and writes its answer: the output on success, the message on stderr with its
 * exit code otherwise. A failure to open or migrate is one line and exit code 1.
 */
async function onDatabase(
  config: ReturnType<typeof loadConfig>,
  where: string,
  command: (database: Database) => Promise<{ code: number; out: string }>,
  migrateFirst = true,
): Promise<void> {
  const database = openDatabaseOrFail(config.database, where);
  try {
    if (migrateFirst) await migrate(database);
    const result = await command(database);
    (result.code === 0 ? process.stdout : process.stderr).write(result.out);
    process.exitCode = result.code;
  } catch (error) {
    await database.close().catch(() => undefined);
    fail(explain(error, where), 1);
  }
  await database.close().catch(() => undefined);
}

/** `placard user …`: migrates first, so that accounts can be made before the first start. */
function runUser(args: readonly string[], config: ReturnType<typeof loadConfig>, where: string): Promise<void> {
  return onDatabase(config, where, (database) => runUserCommand(args, { config, database, readStdin: readAllStdin }));
}

/** `placard section …`: migrates first, so that sections can be made before the first start. */
function runSection(args: readonly string[], config: ReturnType<typeof loadConfig>, where: string): Promise<void> {
  return onDatabase(config, where, async (database) => {
    // On PostgreSQL the running nodes hear of the new section (docs/decisions/0034).
    const changes =
      config.database.kind === 'postgres' ? await createSharedContentChanges({ db: database.db, url: config.database.url }) : createContentChanges();
    try {
      return await runSectionCommand(args, { database, changes });
    } finally {
      await changes.close();
    }
  });
}

/**
 * `placard export …` migrates first, so an archive is always made at the current schema;
 * `placard import-archive …` migrates itself, to the archive's schema and then onwards.
 */
async function runArchive(command: 'export' | 'import-archive', args: readonly string[], config: ReturnType<typeof loadConfig>, where: string): Promise<void> {
  const { readPassphrase, runExportCommand, runImportArchiveCommand } = await import('./export.js');
  const input = (database: Database) => ({ config, database, readStdin: readPassphrase });
  return onDatabase(
    config,
    where,
    (database) => (command === 'export' ? runExportCommand(args, input(database)) : runImportArchiveCommand(args, input(database))),
    command === 'export',
  );
}

/** `placard import …`: migrates first, so a site can be moved in before its first start. */
async function runImport(args: readonly string[], config: ReturnType<typeof loadConfig>, where: string): Promise<void> {
  const { runImportCommand } = await import('./import.js');
  return onDatabase(config, where, async (database) => {
    const media = await openMediaFiles(config.media);
    return runImportCommand(args, { database, media, progress: process.stderr }).finally(() => media.close());
  });
}

function openDatabaseOrFail(config: Parameters<typeof openDatabase>[0], where: string) {
  try {
    return openDatabase(config);
  } catch (error) {
    return fail(explain(error, where), 1);
  }
}

await main(process.argv.slice(2));
