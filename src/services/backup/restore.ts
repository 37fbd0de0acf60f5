import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DatabaseConfig } from '../../config/config.js';
import { describeDatabase } from '../../store/db/database.js';
import { choosePgTool, inspectPostgres, PgToolError, restorePostgres, type PgTool } from '../../store/db/postgres-tools.js';
import { inspectSqlite } from '../../store/db/sqlite-backup.js';
import { isSafeMediaName, type MediaFiles } from '../../store/media/media-files.js';
import { migrations } from '../../store/migrations/migrate.js';
import { BackupRefused } from './backup.js';
import { MANIFEST_FILE, MEDIA_FOLDER, parseManifest, sha256Of, SQLITE_FILE, type Manifest } from './manifest.js';

/** What a restore needs: the backup folder, the new data folder, and the database configured (DATABASE_URL for PostgreSQL). */
export interface RestoreInput {
  readonly backup: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  /**
   * The bucket media are kept in, when the installation keeps them in one: the backup's
   * media files go there (each one not already there) instead of the data folder.
   */
  readonly bucket?: MediaFiles;
}

/** A finished restore: the manifest of the backup that was restored and where the database went. */
export interface RestoreResult {
  readonly manifest: Manifest;
  readonly database: string;
}

/** Reads and checks a backup without changing anything: every file there, of its size and checksum. */
export async function verifyBackup(folder: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(folder, MANIFEST_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new BackupRefused('cli.backup.restore.notBackup', { path: folder }, 2);
    throw error;
  }
  let manifest: Manifest;
  try {
    manifest = parseManifest(text);
  } catch (error) {
    throw new BackupRefused('cli.backup.restore.badManifest', { path: folder, problem: (error as Error).message }, 1);
  }
  if (!manifest.files.some((f) => f.path === manifest.database.file)) {
    throw new BackupRefused('cli.backup.restore.badManifest', { path: folder, problem: `the database file ${manifest.database.file} is not listed` }, 1);
  }
  for (const file of manifest.files) {
    const path = join(folder, file.path);
    const size = await stat(path).then(
      (s) => (s.isFile() ? s.size : undefined),
      () => undefined,
    );
    if (size === undefined) throw new BackupRefused('cli.backup.restore.missingFile', { file: file.path }, 1);
    if (size !== file.bytes || (await sha256Of(path)) !== file.sha256) throw new BackupRefused('cli.backup.restore.checksum', { file: file.path }, 1);
  }
  const unknown = manifest.database.schema.names.find((name) => !migrations.some((m) => m.name === name));
  if (unknown) throw new BackupRefused('cli.backup.restore.newer', { migration: unknown, version: manifest.placardVersion }, 1);
  return manifest;
}

/** The media file's name for a path of the backup's media folder; undefined for any other path. */
function mediaName(path: string): string | undefined {
  const [folder, name, ...rest] = path.split('/');
  return folder === MEDIA_FOLDER && name !== undefined && rest.length === 0 && isSafeMediaName(name) ? name : undefined;
}

/** Whether a data folder may be restored into: absent, or an empty folder. */
async function emptyOrAbsent(folder: string): Promise<'absent' | 'empty' | 'not-empty'> {
  try {
    return (await readdir(folder)).length === 0 ? 'empty' : 'not-empty';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'absent';
    if (code === 'ENOTDIR') return 'not-empty';
    throw error;
  }
}

async function pgRestoreFor(manifest: Manifest, serverMajor: number): Promise<PgTool> {
  // pg_restore reads archives of its own version and older; the server it writes to may be any it supports.
  const major = Math.max(manifest.database.tool?.major ?? 0, serverMajor);
  const choice = await choosePgTool('pg_restore', major);
  if (choice.found === 'usable') return choice.tool;
  if (choice.found === 'none') throw new BackupRefused('cli.backup.restore.pgRestoreMissing', { major }, 1);
  throw new BackupRefused('cli.backup.restore.pgRestoreOld', { version: choice.newest.version, path: choice.newest.path, major }, 1);
}

/**
 * Restores a backup into a new data folder (and, for PostgreSQL, a new empty database),
 * refusing any target that holds something: a restore never overwrites. The backup is
 * checked whole before anything is written; a restore that fails part-way removes what
 * it wrote, leaving the folder as it found it.
 */
export async function restoreBackup(input: RestoreInput): Promise<RestoreResult> {
  const manifest = await verifyBackup(input.backup);
  if (manifest.database.kind === 'sqlite' && input.database.kind === 'postgres') throw new BackupRefused('cli.backup.restore.sqliteWithUrl', {}, 2);
  if (manifest.database.kind === 'postgres' && input.database.kind === 'sqlite') throw new BackupRefused('cli.backup.restore.postgresWithoutUrl', {}, 2);
  const target = await emptyOrAbsent(input.dataDir);
  if (target === 'not-empty') throw new BackupRefused('cli.backup.restore.notEmpty', { path: input.dataDir }, 2);

  let tool: PgTool | undefined;
  if (input.database.kind === 'postgres') {
    const where = describeDatabase(input.database);
    const facts = await inspectPostgres(input.database.url).catch((error: unknown) => {
      throw new BackupRefused('cli.backup.restore.failed', { problem: `cannot reach ${where}: ${(error as Error).message}` }, 1);
    });
    if (facts.relations > 0) throw new BackupRefused('cli.backup.restore.databaseNotEmpty', { database: where }, 2);
    tool = await pgRestoreFor(manifest, facts.serverMajor);
  }

  await mkdir(input.dataDir, { recursive: true });
  // Names are content hashes: a file already in the bucket has the backup's bytes and stays;
  // those the restore adds are taken back if it fails.
  const added: string[] = [];
  try {
    for (const file of manifest.files) {
      if (file.path === manifest.database.file) continue;
      const name = mediaName(file.path);
      if (input.bucket && name !== undefined) {
        if (await input.bucket.exists(name)) continue;
        added.push(name);
        await input.bucket.put(name, await readFile(join(input.backup, file.path)));
        continue;
      }
      await mkdir(dirname(join(input.dataDir, file.path)), { recursive: true });
      await copyFile(join(input.backup, file.path), join(input.dataDir, file.path));
    }
    if (input.database.kind === 'sqlite') {
      // Checked under a hidden name and renamed: a data folder never holds half a database.
      const temporary = join(input.dataDir, `.${SQLITE_FILE}.restoring`);
      await copyFile(join(input.backup, manifest.database.file), temporary);
      const facts = inspectSqlite(temporary);
      if (facts.integrity !== 'ok') throw new BackupRefused('cli.backup.integrity', { problem: facts.integrity }, 1);
      await rename(temporary, input.database.file);
    } else {
      await restorePostgres(tool!, input.database.url, join(input.backup, manifest.database.file)).catch((error: unknown) => {
        if (error instanceof PgToolError) throw new BackupRefused('cli.backup.restore.failed', { problem: error.message }, 1);
        throw error;
      });
    }
  } catch (error) {
    for (const name of added) await input.bucket?.delete(name).catch(() => undefined);
    if (target === 'absent') await rm(input.dataDir, { recursive: true, force: true }).catch(() => undefined);
    else
      for (const entry of await readdir(input.dataDir).catch(() => []))
        await rm(join(input.dataDir, entry), { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  return { manifest, database: describeDatabase(input.database) };
}
