#!/usr/bin/env node
import { ConfigError, loadConfig } from '../config/config.js';
import { DatabaseOpenError, describeDatabase, openDatabase } from '../store/db/database.js';
import { MigrationError, migrate } from '../store/migrations/migrate.js';
import { startPlacard } from './serve.js';
import { IMPORT_USAGE, runImportCommand } from './import.js';
import { runSectionCommand, SECTION_USAGE } from './section.js';
import { localMediaFiles } from '../store/media/media-files.js';
import { join } from 'node:path';
import { readAllStdin, runUserCommand, USER_USAGE } from './user.js';

const USAGE = `Usage: placard <command>

Commands:
  serve     migrate the database and serve the site (the default)
  migrate   apply pending database migrations and exit
${USER_USAGE}
${SECTION_USAGE}
${IMPORT_USAGE}
  help      show this text

Configuration comes from the environment: PORT, HOST, DATA_DIR, DATABASE_URL,
PUBLIC_URL, PLACARD_DEMO (on|off), LOG_LEVEL. See README.md.
`;

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
    process.stdout.write(USAGE);
    return;
  }
  if (command !== 'serve' && command !== 'migrate' && command !== 'user' && command !== 'section' && command !== 'import')
    fail(`unknown command "${command}"\n\n${USAGE}`, 2);
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
  if (command === 'import') return runImport(argv.slice(1), config, where);
  const started = Date.now();
  const running = await startPlacard(config).catch((error: unknown) => fail(explain(error, where), 1));
  process.stdout.write(
    `Placard is serving ${where}${running.demoLoaded ? ' (demo content loaded)' : ''} at ${running.url}/ — ready in ${Date.now() - started} ms\n`,
  );
  if (running.setupUrl) process.stdout.write(`No account exists yet. Create the first administrator within 24 hours at:\n  ${running.setupUrl}\n`);
  const stop = () => void running.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** `placard user …`: migrates first, so that accounts can be made before the first start. */
async function runUser(args: readonly string[], config: ReturnType<typeof loadConfig>, where: string): Promise<void> {
  const database = openDatabaseOrFail(config.database, where);
  try {
    await migrate(database);
    const result = await runUserCommand(args, { config, database, readStdin: readAllStdin });
    (result.code === 0 ? process.stdout : process.stderr).write(result.out);
    process.exitCode = result.code;
  } catch (error) {
    await database.close().catch(() => undefined);
    fail(explain(error, where), 1);
  }
  await database.close().catch(() => undefined);
}

/** `placard section …`: migrates first, so that sections can be made before the first start. */
async function runSection(args: readonly string[], config: ReturnType<typeof loadConfig>, where: string): Promise<void> {
  const database = openDatabaseOrFail(config.database, where);
  try {
    await migrate(database);
    const result = await runSectionCommand(args, { database });
    (result.code === 0 ? process.stdout : process.stderr).write(result.out);
    process.exitCode = result.code;
  } catch (error) {
    await database.close().catch(() => undefined);
    fail(explain(error, where), 1);
  }
  await database.close().catch(() => undefined);
}

/** `placard import …`: migrates first, so a site can be moved in before its first start. */
async function runImport(args: readonly string[], config: ReturnType<typeof loadConfig>, where: string): Promise<void> {
  const database = openDatabaseOrFail(config.database, where);
  try {
    await migrate(database);
    const result = await runImportCommand(args, { database, media: localMediaFiles(join(config.dataDir, 'media')), progress: process.stderr });
    (result.code === 0 ? process.stdout : process.stderr).write(result.out);
    process.exitCode = result.code;
  } catch (error) {
    await database.close().catch(() => undefined);
    fail(explain(error, where), 1);
  }
  await database.close().catch(() => undefined);
}

function openDatabaseOrFail(config: Parameters<typeof openDatabase>[0], where: string) {
  try {
    return openDatabase(config);
  } catch (error) {
    return fail(explain(error, where), 1);
  }
}

await main(process.argv.slice(2));
