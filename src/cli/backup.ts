import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { english } from '../i18n/messages.js';
import { BackupRefused, createBackup } from '../services/backup/backup.js';
import { restoreBackup } from '../services/backup/restore.js';
import { systemClock } from '../services/shared/clock.js';
import { openMediaFiles } from '../store/media/open-media-files.js';
import type { CommandResult } from './user.js';

/** Usage of `placard backup` and `placard restore`, part of `placard help`. */
export const BACKUP_USAGE = `  backup DIR
            back up while the site is serving: the database (SQLite's online backup,
            or pg_dump for PostgreSQL), the media and the outbox files, into a new
            folder in DIR with a manifest of checksums; prints that folder
  restore BACKUP --data FOLDER
            restore a backup into a new, empty data folder; a PostgreSQL backup goes
            into the empty database DATABASE_URL names. The checksums are checked first`;

/** The version of Placard making a backup, recorded in its manifest. */
function placardVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/** A problem with what was typed: exit code 2 and one line saying what to fix. */
class UsageProblem extends Error {}

function parse(args: readonly string[], withData: boolean) {
  try {
    return parseArgs({ args: [...args], strict: true, allowPositionals: true, options: withData ? { data: { type: 'string' } } : {} });
  } catch (error) {
    const first = (error as Error).message.split(/\.\s/)[0] ?? 'cannot read the options';
    throw new UsageProblem(english().t('cli.backup.badOptions', { problem: `${first.charAt(0).toLowerCase()}${first.slice(1)}` }));
  }
}

function onePositional(positionals: readonly string[], whichKey: string): string {
  const [first, ...extra] = positionals;
  if (extra.length > 0) throw new UsageProblem(english().t('cli.backup.unexpected', { word: extra[0]! }));
  if (first === undefined || first.trim() === '') throw new UsageProblem(english().t(whichKey));
  return resolve(first);
}

async function answer(command: string, work: () => Promise<CommandResult>): Promise<CommandResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UsageProblem) return { code: 2, out: `placard: ${command}: ${error.message}\n` };
    if (error instanceof BackupRefused) return { code: error.code, out: `placard: ${command}: ${english().t(error.key, error.values)}\n` };
    throw error;
  }
}

/**
 * `placard backup DIR`: a consistent copy of a serving Placard (docs/decisions/0033),
 * made to be run from cron or a systemd timer. Prints the new backup's folder, which
 * `placard restore` takes; bad input exits 2, a failure 1, with one line saying why.
 */
export async function runBackupCommand(args: readonly string[], config: Config): Promise<CommandResult> {
  return answer('backup', async () => {
    const { positionals } = parse(args, false);
    const into = onePositional(positionals, 'cli.backup.which');
    const started = Date.now();
    const media = await openMediaFiles(config.media);
    const { path, manifest } = await createBackup({
      database: config.database,
      dataDir: config.dataDir,
      media,
      placardVersion: placardVersion(),
      clock: systemClock,
      into,
    }).finally(() => media.close());
    const m = english();
    const lines = [
      m.t('cli.backup.done', { path, files: manifest.files.length, seconds: ((Date.now() - started) / 1000).toFixed(1) }),
      m.t('cli.backup.restoreWith', { command: `placard restore ${path} --data NEW_FOLDER` }),
    ];
    return { code: 0, out: `${lines.join('\n')}\n` };
  });
}

/**
 * `placard restore BACKUP --data FOLDER`: the one command that brings a backup back, into
 * a new data folder and (for PostgreSQL) the empty database DATABASE_URL names. It never
 * overwrites, and checks every checksum before it writes anything.
 */
export async function runRestoreCommand(args: readonly string[], config: Config): Promise<CommandResult> {
  return answer('restore', async () => {
    const { values, positionals } = parse(args, true);
    const backup = onePositional(positionals, 'cli.backup.restore.which');
    const data = typeof values.data === 'string' ? values.data : '';
    if (data.trim() === '') throw new UsageProblem(english().t('cli.backup.restore.dataRequired'));
    const dataDir = resolve(data);
    const database = config.database.kind === 'postgres' ? config.database : { kind: 'sqlite' as const, file: join(dataDir, 'placard.sqlite') };
    // With media in a bucket, the backup's media go back into it; otherwise into the new data folder.
    const bucket = config.media.kind === 's3' ? await openMediaFiles(config.media) : undefined;
    const { manifest, database: where } = await restoreBackup({ backup, dataDir, database, bucket }).finally(() => bucket?.close());
    const m = english();
    const done =
      manifest.database.kind === 'sqlite'
        ? m.t('cli.backup.restore.doneSqlite', { time: manifest.startedAt, folder: dataDir })
        : m.t('cli.backup.restore.donePostgres', { time: manifest.startedAt, folder: dataDir, database: where });
    return { code: 0, out: `${done}\n` };
  });
}
