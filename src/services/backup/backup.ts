import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DatabaseConfig } from '../../config/config.js';
import { describeDatabase } from '../../store/db/database.js';
import { choosePgTool, dumpPostgres, inspectPostgres, PgToolError, type PgTool } from '../../store/db/postgres-tools.js';
import { backupSqlite, SqliteCopyError } from '../../store/db/sqlite-backup.js';
import type { MediaFiles } from '../../store/media/media-files.js';
import type { Clock } from '../shared/clock.js';
import {
  finishedFiles,
  MANIFEST_FILE,
  MEDIA_FOLDER,
  OUTBOX_FOLDER,
  POSTGRES_FILE,
  sha256Of,
  SQLITE_FILE,
  type Manifest,
  type ManifestFile,
} from './manifest.js';

/**
 * A backup or restore that cannot go ahead, for the command line to say in the operator's
 * words: a catalogue key (`cli.backup.*`) with its values, and the exit code (2 when what
 * was typed must change, 1 when the machine or the backup is at fault).
 */
export class BackupRefused extends Error {
  override name = 'BackupRefused';
  constructor(
    readonly key: string,
    readonly values: Record<string, string | number>,
    readonly code: 1 | 2,
  ) {
    super(`${key} ${JSON.stringify(values)}`);
  }
}

/** What a backup needs: where the data is, which Placard makes it, the time. */
export interface BackupInput {
  readonly database: DatabaseConfig;
  readonly dataDir: string;
  /** The media storage configured: the data folder's media folder or the bucket; copied into the backup's media folder either way. */
  readonly media: MediaFiles;
  readonly placardVersion: string;
  readonly clock: Clock;
  /** The folder of backups; each backup is a new folder in it. */
  readonly into: string;
}

/** A finished backup: its folder (what `placard restore` takes) and its manifest. */
export interface BackupResult {
  readonly path: string;
  readonly manifest: Manifest;
}

/** 2026-12-03T18:20:05.123Z → placard-2026-12-03T182005Z: sorts by time, and no colon for file systems that refuse one. */
function folderName(at: Date): string {
  return `placard-${at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '')}`;
}

async function isFolder(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Copies a file unless it went away since it was listed (an outbox file replaced by its retry); false then. */
async function copyIfThere(from: string, to: string): Promise<boolean> {
  try {
    await copyFile(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Streams one media file into the backup, from a folder or a bucket alike; false when it went away since it was listed. */
async function copyMedia(media: MediaFiles, name: string, to: string): Promise<boolean> {
  const file = await media.open(name);
  if (!file) return false;
  await pipeline(file.body, createWriteStream(to));
  return true;
}

/** The pg_dump to use for this server, or the refusal that names what to install. */
async function pgDumpFor(serverMajor: number, serverVersion: string): Promise<PgTool> {
  const choice = await choosePgTool('pg_dump', serverMajor);
  if (choice.found === 'usable') return choice.tool;
  if (choice.found === 'none') throw new BackupRefused('cli.backup.pgDumpMissing', { major: serverMajor }, 1);
  throw new BackupRefused('cli.backup.pgDumpOld', { version: choice.newest.version, path: choice.newest.path, server: serverVersion, major: serverMajor }, 1);
}

/**
 * Makes a consistent backup while the site is serving, into a new folder of `into`:
 * first the database's snapshot (SQLite's online backup, or pg_dump), then the media files
 * (from the data folder or the bucket) and the outbox files, then a manifest with each file's size and SHA-256. Media files are
 * written before the rows that name them and never changed or removed, so copied after
 * the snapshot every file the snapshot names is there (a newer one is harmless). The work
 * happens in a hidden folder renamed when whole: a folder with a manifest is a finished
 * backup, and a failed run leaves nothing.
 */
export async function createBackup(input: BackupInput): Promise<BackupResult> {
  const kind = await isFolder(input.into);
  if (kind === false) throw new BackupRefused('cli.backup.notFolder', { path: input.into }, 2);
  let tool: PgTool | undefined;
  let server: string | undefined;
  let names: readonly string[] = [];
  if (input.database.kind === 'postgres') {
    const facts = await inspectPostgres(input.database.url).catch((error: unknown) => {
      throw new BackupRefused('cli.backup.failed', { problem: `cannot reach ${describeDatabase(input.database)}: ${(error as Error).message}` }, 1);
    });
    tool = await pgDumpFor(facts.serverMajor, facts.serverVersion);
    server = facts.serverVersion;
    names = facts.migrations;
  }

  const startedAt = input.clock();
  await mkdir(input.into, { recursive: true });
  let name = folderName(startedAt);
  for (let n = 2; (await isFolder(join(input.into, name))) !== undefined; n++) name = `${folderName(startedAt)}-${n}`;
  const work = join(input.into, `.${name}.partial`);
  await rm(work, { recursive: true, force: true });
  // Supporters' addresses and the installation's secret are in it: for its owner's eyes only.
  await mkdir(work, { mode: 0o700 });
  try {
    let databaseFile: string;
    if (input.database.kind === 'sqlite') {
      databaseFile = SQLITE_FILE;
      const facts = await backupSqlite(input.database.file, join(work, SQLITE_FILE)).catch((error: unknown) => {
        if (error instanceof SqliteCopyError) throw new BackupRefused('cli.backup.failed', { problem: error.message }, 1);
        throw error;
      });
      if (facts.integrity !== 'ok') throw new BackupRefused('cli.backup.integrity', { problem: facts.integrity }, 1);
      names = facts.migrations;
    } else {
      databaseFile = POSTGRES_FILE;
      await dumpPostgres(tool!, input.database.url, join(work, POSTGRES_FILE)).catch((error: unknown) => {
        if (error instanceof PgToolError) throw new BackupRefused('cli.backup.failed', { problem: error.message }, 1);
        throw error;
      });
    }
    const paths = [databaseFile];
    for (const name of await input.media.list()) {
      const path = join(MEDIA_FOLDER, name);
      await mkdir(join(work, MEDIA_FOLDER), { recursive: true });
      if (await copyMedia(input.media, name, join(work, path))) paths.push(path);
    }
    for (const path of await finishedFiles(input.dataDir, OUTBOX_FOLDER)) {
      await mkdir(dirname(join(work, path)), { recursive: true });
      if (await copyIfThere(join(input.dataDir, path), join(work, path))) paths.push(path);
    }
    const files: ManifestFile[] = [];
    for (const path of paths) files.push({ path, bytes: (await stat(join(work, path))).size, sha256: await sha256Of(join(work, path)) });
    const manifest: Manifest = {
      format: 'placard-backup',
      formatVersion: 1,
      placardVersion: input.placardVersion,
      startedAt: startedAt.toISOString(),
      finishedAt: input.clock().toISOString(),
      database: {
        kind: input.database.kind,
        file: databaseFile,
        schema: { migrations: names.length, latest: names.at(-1) ?? null, names: [...names] },
        ...(server ? { server } : {}),
        ...(tool ? { tool: { name: 'pg_dump', version: tool.version, major: tool.major } } : {}),
      },
      files,
    };
    await writeFile(join(work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const path = join(input.into, name);
    await rename(work, path);
    return { path, manifest };
  } catch (error) {
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}
