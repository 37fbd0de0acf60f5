import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Kysely } from 'kysely';
import * as tar from 'tar';
import type { Database } from '../../store/db/database.js';
import type { DB } from '../../store/db/schema.js';
import {
  appliedMigrations,
  clearTable,
  countTableRows,
  deleteSettingRows,
  existingTables,
  insertTableRows,
  readTableRows,
  resetIdSequence,
  settingKeys,
  type Row,
} from '../../store/export/archive-rows.store.js';
import { ACTION_PERSONAL_COLUMNS, ARCHIVE_TABLES, TABLE_ORDER, type TableClass, type TableName } from '../../store/export/archive-tables.js';
import { isSafeMediaName, type MediaFiles } from '../../store/media/media-files.js';
import { migrate, migrations } from '../../store/migrations/migrate.js';
import { reindexEverything } from '../../store/search/search-index.store.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../shared/clock.js';
import { decryptFile, encryptFile, isEncryptedArchive, WrongPassphrase } from './archive-crypto.js';

/*
 * A site archive (docs/decisions/0032-export-and-restore.md): a gzipped tar holding
 * manifest.json, tables/<table>.jsonl (one row a line, in primary-key order, ids kept)
 * and media/<name> (originals and renditions, by their content-addressed names). With
 * supporters' data, the whole .tar.gz is encrypted to a passphrase (archive-crypto.ts).
 */

/** The archive layout this code writes and reads; a reader refuses a newer one. */
export const ARCHIVE_FORMAT_VERSION = 1;
const FORMAT = 'placard-site-archive';

/** What the manifest says of one table. */
export interface ManifestTable {
  readonly name: string;
  readonly class: TableClass;
  readonly rows: number;
  readonly file: string;
  readonly sha256: string;
}

/** The first file of every archive: what it holds, and checksums to trust it by. */
export interface Manifest {
  readonly format: typeof FORMAT;
  readonly formatVersion: number;
  readonly placardVersion: string;
  readonly sourceDatabase: 'sqlite' | 'postgres';
  readonly createdAt: string;
  readonly migrations: readonly string[];
  readonly withSupporters: boolean;
  readonly withSecrets: boolean;
  readonly tables: readonly ManifestTable[];
  readonly media: readonly { readonly name: string; readonly bytes: number; readonly sha256: string }[];
  /** Media files a row names but the source's media folder lacked. */
  readonly missingMedia: readonly string[];
}

/** A refusal the operator can act on; `key` names its sentence in the `cli.export.*` catalogue. */
export class ArchiveRefused extends Error {
  override name = 'ArchiveRefused';
  constructor(
    readonly key: string,
    readonly values: Readonly<Record<string, string | number>> = {},
  ) {
    super(key);
  }
}

/** What export and restore work with. */
export interface ArchiveDeps {
  readonly database: Database;
  readonly media: MediaFiles;
  readonly clock: Clock;
}

/** What to put in an archive. */
export interface ExportOptions {
  /** Supporters, consents, actions with who did them, the intake, the outbox, digests; the archive is then encrypted to `passphrase`. */
  readonly withSupporters: boolean;
  /** Staff password hashes and second-factor secrets, and the installation's secret; the archive is then encrypted to `passphrase`. */
  readonly withSecrets: boolean;
  readonly passphrase?: string;
  readonly placardVersion: string;
  /** Who asked, for the audit log. */
  readonly actor: string;
}

const MEDIA_PREFIX = '/media/';
const SEARCH_MIGRATION = '0016-full-text-search';

/**
 * JSON for one value of a row, the same from both databases: every column is integer or
 * text today; a binary value is kept as `{"$base64": …}`, a bigint as a number, a date as
 * ISO text, a boolean as 0/1 (docs/decisions/0002), should a column ever hold one.
 */
export function encodeValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  return value;
}

/** The value {@link encodeValue} wrote, as the database takes it back. */
export function decodeValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '$base64' in value) return Buffer.from(String((value as { $base64: unknown }).$base64), 'base64');
  return value;
}

function exportedRow(table: TableName, row: Row, options: Pick<ExportOptions, 'withSupporters' | 'withSecrets'>): Row | null {
  const spec = ARCHIVE_TABLES[table];
  if (spec.secretRows && !options.withSecrets && !options.withSupporters && spec.secretRows.includes(String(row.key))) return null;
  let out: Row = row;
  if (spec.secret && !options.withSecrets) out = { ...out, ...spec.secret };
  if (table === 'actions' && !options.withSupporters) out = { ...out, ...ACTION_PERSONAL_COLUMNS };
  return Object.fromEntries(Object.entries(out).map(([column, value]) => [column, encodeValue(value)]));
}

/** Which tables an archive holds, given what it was asked to include. */
function tablesToExport(withSupporters: boolean): TableName[] {
  return TABLE_ORDER.filter((table) => {
    const kind = ARCHIVE_TABLES[table].class;
    if (kind === 'runtime') return false;
    // Without supporters, actions come as anonymous counted rows: the public counts are made of them.
    if (kind === 'personal') return withSupporters || table === 'actions';
    return true;
  });
}

function mediaNames(table: TableName, row: Row): string[] {
  if (table !== 'media' && table !== 'media_variants') return [];
  const path = typeof row.path === 'string' ? row.path : '';
  const name = path.startsWith(MEDIA_PREFIX) ? path.slice(MEDIA_PREFIX.length) : '';
  return isSafeMediaName(name) ? [name] : [];
}

async function writeLine(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(line)) await once(out, 'drain');
}

async function closeStream(out: ReturnType<typeof createWriteStream>): Promise<void> {
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Writes the whole site into one archive file. Every table is read in one transaction, so
 * the archive is one consistent moment of the site; the export is written to the audit
 * log first (with whether supporters' data went with it), so the archive carries its own
 * record. With supporters or secrets the file is encrypted and unreadable without the
 * passphrase: a second-factor secret or the installation's secret is as good as a password.
 */
export async function exportSite(deps: ArchiveDeps, file: string, options: ExportOptions): Promise<Manifest> {
  const encrypted = options.withSupporters || options.withSecrets;
  if (encrypted && !options.passphrase) throw new ArchiveRefused('cli.export.passphraseRequired');
  const work = await mkdtemp(join(tmpdir(), 'placard-export-'));
  try {
    const { db, dialect } = deps.database;
    await audit(
      { db, clock: deps.clock },
      {
        actor: options.actor,
        action: 'site-exported',
        summary: options.withSupporters
          ? `Exported the whole site with supporters' personal data (encrypted)${options.withSecrets ? ' and staff secrets' : ''}`
          : `Exported the whole site without supporters' personal data${options.withSecrets ? ', with staff secrets (encrypted)' : ''}`,
      },
    );
    await mkdir(join(work, 'tables'));
    await mkdir(join(work, 'media'));
    const tables: ManifestTable[] = [];
    const wanted = new Set<string>();
    const read = async (trx: Kysely<DB>) => {
      const migrations = await appliedMigrations(trx);
      for (const table of tablesToExport(options.withSupporters)) {
        const name = `tables/${table}.jsonl`;
        const out = createWriteStream(join(work, name));
        // A write error (a full disk) surfaces when the file is closed, not as an uncaught event.
        out.on('error', () => undefined);
        const hash = createHash('sha256');
        let rows = 0;
        for await (const batch of readTableRows(trx, dialect, table, { countedActionsOnly: !options.withSupporters })) {
          for (const row of batch) {
            const exported = exportedRow(table, row, options);
            if (!exported) continue;
            for (const media of mediaNames(table, row)) wanted.add(media);
            const line = `${JSON.stringify(exported)}\n`;
            hash.update(line);
            await writeLine(out, line);
            rows += 1;
          }
        }
        await closeStream(out);
        tables.push({ name: table, class: ARCHIVE_TABLES[table].class, rows, file: name, sha256: hash.digest('hex') });
      }
      return migrations;
    };
    const migrations =
      dialect === 'postgres' ? await db.transaction().setIsolationLevel('repeatable read').execute(read) : await db.transaction().execute(read);

    const media: { name: string; bytes: number; sha256: string }[] = [];
    const missingMedia: string[] = [];
    for (const name of [...wanted].sort()) {
      const bytes = await deps.media.read(name);
      if (!bytes) {
        missingMedia.push(name);
        continue;
      }
      await writeFile(join(work, 'media', name), bytes);
      media.push({ name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      placardVersion: options.placardVersion,
      sourceDatabase: dialect,
      createdAt: deps.clock().toISOString(),
      migrations,
      withSupporters: options.withSupporters,
      withSecrets: options.withSecrets,
      tables,
      media,
      missingMedia,
    };
    await writeFile(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const packed = join(work, 'archive.tar.gz');
    await tar.c({ gzip: true, file: packed, cwd: work, portable: true }, ['manifest.json', 'tables', 'media']);
    await mkdir(dirname(file), { recursive: true });
    const partial = `${file}.partial`;
    if (encrypted) await encryptFile(packed, partial, options.passphrase!);
    else await copyFile(packed, partial);
    await rename(partial, file);
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
    // A failed export leaves no half-written archive behind.
    await rm(`${file}.partial`, { force: true });
  }
}

/** What restore needs besides the archive. */
export interface ImportOptions {
  /** Asked for only when the archive is encrypted. */
  readonly passphrase: () => Promise<string>;
}

/** What a restore did, for the operator. */
export interface ImportResult {
  readonly manifest: Manifest;
  readonly rows: number;
}

async function readManifest(dir: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    throw new ArchiveRefused('cli.export.notArchive');
  }
  if (manifest.format !== FORMAT || !Array.isArray(manifest.tables) || !Array.isArray(manifest.media)) throw new ArchiveRefused('cli.export.notArchive');
  if (manifest.formatVersion > ARCHIVE_FORMAT_VERSION) throw new ArchiveRefused('cli.export.newerFormat', { version: manifest.placardVersion });
  return manifest;
}

/** Every file is checked against the manifest before anything is written. */
async function verify(dir: string, manifest: Manifest): Promise<void> {
  const known = migrations.map((m) => m.name);
  const unknown = manifest.migrations.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new ArchiveRefused('cli.export.newerSchema', { version: manifest.placardVersion, migration: unknown[0]! });
  for (const table of manifest.tables) {
    if (!(table.name in ARCHIVE_TABLES) || ARCHIVE_TABLES[table.name as TableName].class === 'runtime' || table.file !== `tables/${table.name}.jsonl`) {
      throw new ArchiveRefused('cli.export.badFile', { file: table.file });
    }
    const sum = await sha256File(join(dir, table.file)).catch(() => '');
    if (sum !== table.sha256) throw new ArchiveRefused('cli.export.badFile', { file: table.file });
  }
  for (const media of manifest.media) {
    if (!isSafeMediaName(media.name)) throw new ArchiveRefused('cli.export.badFile', { file: `media/${media.name}` });
    const sum = await sha256File(join(dir, 'media', media.name)).catch(() => '');
    if (sum !== media.sha256) throw new ArchiveRefused('cli.export.badFile', { file: `media/${media.name}` });
  }
}

/**
 * Refuses an installation that already has content: a restore never merges two sites.
 * Runtime state does not count (a first start leaves a set-up link in account_tokens); the
 * restore clears it.
 */
async function requireEmpty(db: Kysely<DB>): Promise<void> {
  const present = await existingTables(db);
  for (const table of TABLE_ORDER) {
    if (table === 'settings' || ARCHIVE_TABLES[table].class === 'runtime' || !present.has(table)) continue;
    const rows = await countTableRows(db, table);
    if (rows > 0) throw new ArchiveRefused('cli.export.notEmpty', { table, rows });
  }
  const keys = (await settingKeys(db)).filter((key) => !ARCHIVE_TABLES.settings.secretRows?.includes(key));
  if (keys.length > 0) throw new ArchiveRefused('cli.export.notEmpty', { table: 'settings', rows: keys.length });
}

async function* readJsonLines(file: string): AsyncGenerator<Row[]> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let batch: Row[] = [];
  for await (const line of lines) {
    if (line === '') continue;
    const row = JSON.parse(line) as Row;
    batch.push(Object.fromEntries(Object.entries(row).map(([column, value]) => [column, decodeValue(value)])));
    if (batch.length >= 500) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The database is brought to the schema the archive was made at, and refused if it is
 * past it or holds content.
 */
async function prepareSchema(database: Database, manifest: Manifest): Promise<void> {
  await migrate(database, { until: manifest.migrations.at(-1) });
  const later = (await appliedMigrations(database.db)).filter((name) => !manifest.migrations.includes(name));
  if (later.length > 0) throw new ArchiveRefused('cli.export.laterSchema', { version: manifest.placardVersion, migration: later[0]! });
  await requireEmpty(database.db);
}

/**
 * Restores an archive into an empty installation: checks it whole (passphrase, checksums,
 * schema) before writing anything, brings the database to the archive's schema, puts the
 * media files in place, then inserts every table in dependency order, moves PostgreSQL's
 * id sequences past the restored ids and rebuilds the search index, all in one
 * transaction: a failure leaves the database as empty as it was, and the restore can
 * simply be run again. Last, the migrations Placard has beyond the archive's convert
 * the rows, as they would have on the source.
 */
export async function importSite(deps: Pick<ArchiveDeps, 'database' | 'media'>, file: string, options: ImportOptions): Promise<ImportResult> {
  const { db, dialect } = deps.database;
  try {
    if (!(await stat(file)).isFile()) throw new ArchiveRefused('cli.export.noFile', { file });
  } catch (error) {
    if (error instanceof ArchiveRefused) throw error;
    throw new ArchiveRefused('cli.export.noFile', { file });
  }
  const work = await mkdtemp(join(tmpdir(), 'placard-import-'));
  try {
    let packed = file;
    if (await isEncryptedArchive(file)) {
      packed = join(work, 'archive.tar.gz');
      try {
        await decryptFile(file, packed, await options.passphrase());
      } catch (error) {
        if (error instanceof WrongPassphrase) throw new ArchiveRefused('cli.export.wrongPassphrase');
        throw error;
      }
    }
    const dir = join(work, 'archive');
    await mkdir(dir);
    try {
      await tar.x({ file: packed, cwd: dir, strict: true, filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory') });
    } catch {
      throw new ArchiveRefused('cli.export.notArchive');
    }
    const manifest = await readManifest(dir);
    await verify(dir, manifest);
    await prepareSchema(deps.database, manifest);

    // Content-addressed names: a file written by a restore that then fails is harmless.
    for (const media of manifest.media) await deps.media.put(media.name, await readFile(join(dir, 'media', media.name)));

    const byName = new Map(manifest.tables.map((t) => [t.name, t]));
    let total = 0;
    const present = await existingTables(db);
    await db.transaction().execute(async (trx) => {
      for (const table of TABLE_ORDER) if (ARCHIVE_TABLES[table].class === 'runtime' && present.has(table)) await clearTable(trx, table);
      // The archive's installation secret replaces the one this installation made for itself.
      if (byName.has('settings')) await deleteSettingRows(trx, ARCHIVE_TABLES.settings.secretRows ?? []);
      for (const table of TABLE_ORDER) {
        const entry = byName.get(table);
        if (!entry) continue;
        let rows = 0;
        for await (const batch of readJsonLines(join(dir, entry.file))) {
          await insertTableRows(trx, table, batch);
          rows += batch.length;
        }
        if (rows !== entry.rows) throw new ArchiveRefused('cli.export.badFile', { file: entry.file });
        await resetIdSequence(trx, dialect, table);
        total += rows;
      }
      // The search index arrived with 0016, which indexes whatever exists when it runs.
      if (manifest.migrations.includes(SEARCH_MIGRATION)) await reindexEverything(trx);
    });
    await migrate(deps.database);
    return { manifest, rows: total };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
