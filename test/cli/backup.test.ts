import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SLUG } from '../support/campaigns.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';
import { newestPgDump, serverMajor, startDebianPostgres, type DebianPostgres } from '../support/pg-client-tools.js';
import { runPlacard, runPlacardAsync, startServe, type Serving } from '../support/serve.js';

/*
 * The backup promise, on the built program as an operator runs it: `placard backup DIR`
 * while supporters are acting on a serving site, then `placard restore BACKUP --data NEW`,
 * and every submission the site acknowledged before the backup began is in the restored
 * database, which SQLite finds whole and Placard serves.
 */

const CONCURRENCY = 8;
/** Submissions acknowledged before the backup is started, so that it runs amid the load. */
const BACKUP_AFTER = 80;
/** Submissions sent after the backup has finished, so that the load outlasts it. */
const AFTER_BACKUP = 40;
/** A bound on the load, whatever happens to the backup. */
const AT_MOST = 3000;

interface Acknowledged {
  readonly key: string;
  readonly email: string;
  /** Date.now() when the 303 arrived. */
  readonly at: number;
}

/** Reads a database, whichever it is. */
async function query<T>(config: ScratchDatabase['config'], text: string): Promise<T[]> {
  if (config.kind === 'sqlite') {
    const db = new DatabaseSync(config.file, { readOnly: true });
    try {
      return db.prepare(text).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The folder a successful `placard backup` printed. */
function backupFolderIn(stdout: string): string {
  const match = /into (\S+) in [\d.]+ s\./.exec(stdout);
  if (!match?.[1]) throw new Error(`no backup folder in: ${stdout}`);
  return match[1];
}

/** A database to serve from or restore into, made for the test, and how to throw it away. */
type TestDatabase = Pick<ScratchDatabase, 'config' | 'dataDir' | 'dispose'>;

describe.each(DATABASES)('cli (%s): placard backup while the site is serving, and placard restore', (kind) => {
  let scratch: TestDatabase;
  let target: TestDatabase;
  let debian: DebianPostgres | null = null;
  let server: Serving | null = null;
  let restored: Serving | null = null;
  const folders: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'placard-backup-'));
    folders.push(dir);
    return dir;
  };
  const envOf = (s: TestDatabase, dataDir = s.dataDir): Record<string, string> => ({
    DATA_DIR: dataDir,
    ...(s.config.kind === 'postgres' ? { DATABASE_URL: s.config.url } : {}),
  });

  /**
   * The databases of the run, or, when the machine's pg_dump is older than the run's
   * PostgreSQL (which it would refuse to dump), databases on Debian's server of the
   * pg_dump's own version, so that the whole round trip is tested all the same.
   */
  async function databases(): Promise<[TestDatabase, TestDatabase]> {
    const first = await scratchDatabase(kind);
    if (first.config.kind === 'sqlite') return [first, await scratchDatabase(kind)];
    const tool = newestPgDump();
    if (tool.major >= (await serverMajor(first.config.url))) return [first, await scratchDatabase(kind)];
    debian = tool.major > 0 ? await startDebianPostgres(tool.major) : null;
    if (!debian) return [first, await scratchDatabase(kind)];
    await first.dispose();
    const on = async (): Promise<TestDatabase> => {
      const dataDir = mkdtempSync(join(tmpdir(), 'placard-test-'));
      folders.push(dataDir);
      return { config: { kind: 'postgres', url: await debian!.database(`t_${randomBytes(6).toString('hex')}`) }, dataDir, dispose: async () => undefined };
    };
    return [await on(), await on()];
  }

  beforeAll(async () => {
    [scratch, target] = await databases();
    // The demo loads a campaign and a lead image (a media file the rows name); with no
    // SMTP server the confirmation emails are written as files into DATA_DIR/outbox.
    server = await startServe({ ...envOf(scratch), PLACARD_DEMO: 'on', TRUST_PROXY: 'loopback' });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await restored?.stop();
    await scratch?.dispose();
    await target?.dispose();
    debian?.stop();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  async function submit(n: number): Promise<Acknowledged | null> {
    const key = crypto.randomUUID();
    const email = `supporter-${n}-${key.slice(0, 6)}@example.net`;
    const res = await fetch(`${server!.origin}/campaigns/${DEMO_SLUG}/act`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        name: `Supporter ${n}`,
        sign_as: 'Supporter',
        email,
        country: 'IE',
        city: '',
        letter: 'Release the activists. {{name}}, {{country}}',
      }),
      headers: { origin: server!.origin, 'idempotency-key': key, 'x-forwarded-for': `10.1.${n >> 8}.${n & 255}` },
    });
    await res.arrayBuffer();
    return res.status === 303 ? { key, email, at: Date.now() } : null;
  }

  it('copies a consistent database, the media and the outbox while supporters act, and restores every acknowledged submission', async () => {
    // Submissions go on from before the backup starts until after it has ended.
    const acknowledged: Acknowledged[] = [];
    /** The submissions acknowledged when the backup command was started. */
    const before: Acknowledged[] = [];
    let backupStarted = 0;
    let backup: Promise<Awaited<ReturnType<typeof runPlacardAsync>>> | null = null;
    const backups = folder();
    const usable = scratch.config.kind === 'sqlite' || newestPgDump().major >= (await serverMajor(scratch.config.url));

    // A long read (an export, say) holds its snapshot open through the load, so SQLite cannot
    // checkpoint: every submission that follows is in the WAL alone, where a copy of the
    // database file would not find it and the online backup must.
    const reader = scratch.config.kind === 'sqlite' ? new DatabaseSync(scratch.config.file, { readOnly: true }) : null;
    reader?.exec('BEGIN');
    reader?.prepare('select count(*) from actions').get();

    const outbox = join(scratch.dataDir, 'outbox');
    const emailsWritten = () => existsSync(outbox) && readdirSync(outbox).some((name) => name.endsWith('.eml'));
    let next = 0;
    /** How many had been sent when the backup command ended. */
    let sentWhenBackupEnded: number | null = null;
    let backupEnded = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < AT_MOST && (sentWhenBackupEnded === null || next < sentWhenBackupEnded + AFTER_BACKUP)) {
          const ack = await submit(next++);
          if (ack) acknowledged.push(ack);
          // The backup starts once the intake has carried some out: confirmation emails are on disk to copy.
          if (!backup && acknowledged.length >= BACKUP_AFTER && emailsWritten()) {
            backupStarted = Date.now();
            before.push(...acknowledged);
            backup = runPlacardAsync(['backup', backups], envOf(scratch)).finally(() => {
              backupEnded = Date.now();
              sentWhenBackupEnded = next;
            });
          }
        }
      }),
    );
    const made = await backup!;
    reader?.exec('COMMIT');
    reader?.close();
    // Every submission was acknowledged, and the load went on past the backup.
    expect(acknowledged.length).toBe(next);
    expect(next).toBeLessThan(AT_MOST);

    if (!usable) {
      // No pg_dump on this machine can read the server: the operator is told which package
      // to install, and no half-made backup is left behind.
      expect(made.code).toBe(1);
      expect(made.stderr).toMatch(/^placard: backup: pg_dump (was not found|[\d.]+ \(\S+\) is older than the server)/);
      expect(made.stderr).toContain(`apt install postgresql-client-${await serverMajor((scratch.config as { url: string }).url)}`);
      expect(readdirSync(backups)).toEqual([]);
      return;
    }

    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const path = backupFolderIn(made.stdout);
    expect(made.stdout).toContain(`placard restore ${path} --data NEW_FOLDER`);
    // The load went on while the backup ran: the server was writing during the snapshot.
    expect(acknowledged.filter((a) => a.at > backupStarted && a.at < backupEnded).length).toBeGreaterThan(0);

    // Supporters' data is in it: nobody but its owner may read it.
    expect(statSync(path).mode & 0o077).toBe(0);
    const manifest = JSON.parse(readFileSync(join(path, 'manifest.json'), 'utf8')) as {
      placardVersion: string;
      startedAt: string;
      database: { kind: string; file: string; schema: { migrations: number; latest: string } };
      files: { path: string; bytes: number; sha256: string }[];
    };
    expect(manifest.placardVersion).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    expect(manifest.database).toMatchObject({ kind, file: kind === 'sqlite' ? 'placard.sqlite' : 'placard.pgdump' });
    expect(manifest.database.schema.migrations).toBeGreaterThanOrEqual(16);
    expect(manifest.files.map((f) => f.path)).toContain(manifest.database.file);
    expect(manifest.files.some((f) => f.path.startsWith('media/'))).toBe(true);
    expect(manifest.files.some((f) => f.path.startsWith('outbox/') && f.path.endsWith('.eml'))).toBe(true);
    expect(Date.parse(manifest.startedAt)).toBeGreaterThanOrEqual(backupStarted - 1000);

    const into = join(folder(), 'restored');
    const restore = runPlacard(['restore', path, '--data', into], envOf(target, into));
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`Restored the backup of ${manifest.startedAt} into`);

    if (kind === 'sqlite') {
      const db = new DatabaseSync(join(into, 'placard.sqlite'), { readOnly: true });
      try {
        expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
      } finally {
        db.close();
      }
    }
    const restoredConfig = kind === 'sqlite' ? ({ kind: 'sqlite', file: join(into, 'placard.sqlite') } as const) : target.config;
    const keys = new Set(
      (
        await query<{ idempotency_key: string }>(
          restoredConfig,
          `select idempotency_key from actions where idempotency_key is not null union select idempotency_key from action_intake where idempotency_key is not null`,
        )
      ).map((r) => r.idempotency_key.replace(/^\d+:/, '')), // stored scoped to the campaign: "<id>:<key>"
    );
    expect(before.length).toBeGreaterThanOrEqual(BACKUP_AFTER);
    expect(before.filter((a) => !keys.has(a.key)).map((a) => a.email)).toEqual([]);
    // The backup is of a moment amid the load, not after it.
    expect(keys.size).toBeLessThan(acknowledged.length);
    // Nothing is in the backup that the site never acknowledged.
    const all = new Set(acknowledged.map((a) => a.key));
    expect([...keys].filter((k) => !all.has(k))).toEqual([]);

    // Every file the restored rows name is in the restored media folder.
    const named = await query<{ path: string }>(restoredConfig, `select path from media union select path from media_variants`);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((m) => !existsSync(join(into, 'media', m.path.replace(/^\/media\//, ''))))).toEqual([]);

    // Placard serves the restored data in place of the old site: the campaign is there, and
    // the submissions waiting in the restored intake (some claimed by the old server's
    // worker at the backup's moment, released as their worker is gone) are carried out.
    await server?.stop();
    restored = await startServe({ ...envOf(target, into), PLACARD_DEMO: 'on' });
    expect((await fetch(`${restored.origin}/campaigns/${DEMO_SLUG}`)).status).toBe(200);
    await expect
      .poll(async () => Number((await query<{ n: number | string }>(restoredConfig, 'select count(*) as n from action_intake'))[0]?.n), { timeout: 30_000 })
      .toBe(0);
  }, 240_000);
});

describe('cli (postgres): placard backup names the PostgreSQL client to install when the machine has none that can read the server', () => {
  let scratch: ScratchDatabase;
  let into: string;

  beforeAll(async () => {
    scratch = await scratchDatabase('postgres');
    into = mkdtempSync(join(tmpdir(), 'placard-backup-'));
  });
  afterAll(async () => {
    await scratch?.dispose();
    rmSync(into, { recursive: true, force: true });
  });

  it('exits 1 with the package to install, and keeps nothing; or backs up when the client is new enough', async () => {
    const env = { DATA_DIR: scratch.dataDir, DATABASE_URL: (scratch.config as { url: string }).url };
    expect(runPlacard(['migrate'], env).code).toBe(0);
    const major = await serverMajor(env.DATABASE_URL);
    const tool = newestPgDump();
    const run = runPlacard(['backup', into], env);
    if (tool.major >= major) {
      expect(run.code).toBe(0);
      expect(readdirSync(into)).toHaveLength(1);
      return;
    }
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const install = `install the PostgreSQL ${major} client programs (Debian and Ubuntu: apt install postgresql-client-${major}) and run the backup again`;
    expect(run.stderr).toEqual(
      tool.major === 0
        ? `placard: backup: pg_dump was not found on PATH or in /usr/lib/postgresql/*/bin; ${install}\n`
        : expect.stringMatching(
            new RegExp(
              `^placard: backup: pg_dump ${tool.major}\\.\\d+ \\(\\S+\\) is older than the server \\(PostgreSQL ${major}\\.\\d+\\) and cannot dump it; `,
            ),
          ),
    );
    expect(run.stderr).toContain(install);
    // The password never appears in what the operator is shown.
    expect(run.stderr).not.toContain('placard-test');
    expect(readdirSync(into)).toEqual([]);
  });
});

describe('cli: placard backup and restore refuse what they cannot do, saying what to fix', () => {
  let scratch: ScratchDatabase;
  let backup: string;
  const folders: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'placard-backup-'));
    folders.push(dir);
    return dir;
  };
  const env = () => ({ DATA_DIR: scratch.dataDir });

  beforeAll(async () => {
    scratch = await scratchDatabase('sqlite');
    expect(runPlacard(['migrate'], env()).code).toBe(0);
    const made = runPlacard(['backup', folder()], env());
    expect(made.code).toBe(0);
    backup = backupFolderIn(made.stdout);
  }, 60_000);

  afterAll(async () => {
    await scratch?.dispose();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('documents backup and restore in the help', () => {
    const help = runPlacard(['help'], env());
    expect(help.stdout).toContain('  backup DIR\n');
    expect(help.stdout).toContain('  restore BACKUP --data FOLDER\n');
  });

  it('exits 2 and names the word to fix when the command is typed wrong', () => {
    const cases: [string[], string][] = [
      [['backup'], 'placard: backup: say which folder to keep backups in: placard backup DIR\n'],
      [['backup', 'one', 'two'], 'placard: backup: unexpected "two"\n'],
      [['backup', '--into', 'x'], `placard: backup: unknown option '--into'; see "placard help"\n`],
      [['restore'], 'placard: restore: say which backup to restore: placard restore BACKUP --data FOLDER\n'],
      [['restore', backup], 'placard: restore: --data is required: the new, empty data folder to restore into\n'],
      [['restore', backup, '--data'], `placard: restore: option '--data <value>' argument missing; see "placard help"\n`],
    ];
    for (const [args, message] of cases) {
      const run = runPlacard(args, env());
      expect({ args, code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({ args, code: 2, stderr: message, stdout: '' });
    }
  });

  it('exits 2 for a backup folder that is a file, a restore into a folder that holds something, or from a folder that is no backup', () => {
    const file = join(folder(), 'a-file');
    writeFileSync(file, 'x');
    expect(runPlacard(['backup', file], env())).toEqual({
      code: 2,
      stdout: '',
      stderr: `placard: backup: ${file} is not a folder; give the folder to keep backups in\n`,
    });

    const occupied = folder();
    writeFileSync(join(occupied, 'placard.sqlite'), 'the live site');
    expect(runPlacard(['restore', backup, '--data', occupied], env())).toEqual({
      code: 2,
      stdout: '',
      stderr: `placard: restore: ${occupied} is not empty; restore into a new, empty folder\n`,
    });
    expect(readFileSync(join(occupied, 'placard.sqlite'), 'utf8')).toBe('the live site');

    const notBackup = folder();
    const run = runPlacard(['restore', notBackup, '--data', join(folder(), 'new')], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `placard: restore: ${notBackup} is not a Placard backup (it has no manifest.json); give the folder that "placard backup" printed\n`,
    );

    const withUrl = runPlacard(['restore', backup, '--data', join(folder(), 'new')], { ...env(), DATABASE_URL: 'postgres://placard@127.0.0.1:1/none' });
    expect(withUrl.code).toBe(2);
    expect(withUrl.stderr).toBe('placard: restore: this backup holds a SQLite database; unset DATABASE_URL to restore it into the data folder\n');
  });

  it('exits 1 when there is no database to back up, and keeps nothing', () => {
    const into = folder();
    const empty = folder();
    const run = runPlacard(['backup', into], { DATA_DIR: empty });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`placard: backup: the backup failed: there is no database at ${join(empty, 'placard.sqlite')}; nothing was kept\n`);
    expect(readdirSync(into)).toEqual([]);
  });

  it('refuses a damaged backup before writing anything: a changed byte, a missing file', () => {
    const damaged = join(folder(), 'copy');
    spawnSync('cp', ['-r', backup, damaged]);
    const database = join(damaged, 'placard.sqlite');
    const bytes = readFileSync(database);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100]! + 1) % 256;
    writeFileSync(database, bytes);
    const into = join(folder(), 'new');
    const changed = runPlacard(['restore', damaged, '--data', into], env());
    expect(changed).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'placard: restore: placard.sqlite in the backup does not match its size and SHA-256 in the manifest; the backup is damaged and nothing was restored\n',
    });
    expect(existsSync(into)).toBe(false);

    rmSync(database);
    const missing = runPlacard(['restore', damaged, '--data', into], env());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('placard: restore: placard.sqlite is missing from the backup; the backup is damaged and nothing was restored\n');
    expect(existsSync(into)).toBe(false);

    writeFileSync(join(damaged, 'manifest.json'), '{"format":"placard-backup"');
    const manifest = runPlacard(['restore', damaged, '--data', into], env());
    expect(manifest.code).toBe(1);
    expect(manifest.stderr).toBe(
      `placard: restore: the manifest of ${damaged} cannot be read (it is not JSON); the backup is damaged and nothing was restored\n`,
    );
  });

  it('refuses a manifest that names a file outside the backup', () => {
    const escaping = join(folder(), 'copy');
    spawnSync('cp', ['-r', backup, escaping]);
    const path = join(escaping, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: { path: string; bytes: number; sha256: string }[] };
    manifest.files.push({ path: '../../etc/hostname', bytes: 1, sha256: '0'.repeat(64) });
    writeFileSync(path, JSON.stringify(manifest));
    const into = join(folder(), 'new');
    const run = runPlacard(['restore', escaping, '--data', into], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `placard: restore: the manifest of ${escaping} cannot be read (files: "../../etc/hostname" leaves the backup folder); the backup is damaged and nothing was restored\n`,
    );
    expect(existsSync(into)).toBe(false);
  });

  it('refuses a backup made by a newer Placard, whose schema this one does not know', () => {
    const newer = join(folder(), 'copy');
    spawnSync('cp', ['-r', backup, newer]);
    const path = join(newer, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { placardVersion: string; database: { schema: { names: string[] } } };
    manifest.placardVersion = '9.0.0';
    manifest.database.schema.names.push('9999-from-the-future');
    writeFileSync(path, JSON.stringify(manifest));
    const run = runPlacard(['restore', newer, '--data', join(folder(), 'new')], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'placard: restore: the backup was made by Placard 9.0.0, whose database has changes this Placard does not know (9999-from-the-future); upgrade Placard and restore again\n',
    );
  });
});
