import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import pg from 'pg';

/** One of PostgreSQL's own client programs, found on this machine, and its version. */
export interface PgTool {
  readonly path: string;
  /** As the program prints it: "18.1". */
  readonly version: string;
  readonly major: number;
}

/** Which client program to use for a server, or why none will do. */
export type PgToolChoice =
  | { readonly found: 'usable'; readonly tool: PgTool }
  | { readonly found: 'none' }
  /** Every copy found is older than the server, which pg_dump refuses to dump. */
  | { readonly found: 'too-old'; readonly newest: PgTool };

/** A client program or the server failed; the message carries its own words, never the password. */
export class PgToolError extends Error {
  override name = 'PgToolError';
}

/** Where Debian and Ubuntu install each PostgreSQL version's programs, besides PATH. */
const DEBIAN_ROOT = '/usr/lib/postgresql';

function candidates(name: string, path: string): string[] {
  const found: string[] = [];
  try {
    for (const version of readdirSync(DEBIAN_ROOT)) found.push(join(DEBIAN_ROOT, version, 'bin', name));
  } catch {
    // No Debian layout on this machine.
  }
  for (const dir of path.split(delimiter)) if (dir) found.push(join(dir, name));
  return found;
}

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function versionOf(file: string): Promise<PgTool | undefined> {
  const result = await run(file, ['--version'], { PATH: process.env.PATH ?? '' }).catch(() => undefined);
  const match = result?.code === 0 ? /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(result.stdout) : null;
  if (!match) return undefined;
  return { path: file, version: match[2] === undefined ? match[1]! : `${match[1]}.${match[2]}`, major: Number(match[1]) };
}

/**
 * Finds `pg_dump` or `pg_restore` on PATH and in Debian's per-version folders and picks the
 * newest: a newer client reads and writes an older server's data, an older one refuses.
 */
export async function choosePgTool(name: 'pg_dump' | 'pg_restore', atLeastMajor: number, path = process.env.PATH ?? ''): Promise<PgToolChoice> {
  const tools = (await Promise.all(candidates(name, path).map(versionOf))).filter((t): t is PgTool => t !== undefined);
  if (tools.length === 0) return { found: 'none' };
  const newest = tools.reduce((a, b) => (b.major > a.major ? b : a));
  return newest.major >= atLeastMajor ? { found: 'usable', tool: newest } : { found: 'too-old', newest };
}

/** The URL without its password, which goes to the client program in its environment instead (not on a command line anyone can read). */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { PATH: process.env.PATH ?? '', ...(password ? { PGPASSWORD: password } : {}) } };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** What a backup or restore needs to know of a PostgreSQL database before it starts. */
export interface PgFacts {
  /** "18.4" */
  readonly serverVersion: string;
  readonly serverMajor: number;
  /** The names in `placard_migrations` (none in an empty database). */
  readonly migrations: readonly string[];
  /** Tables, views and sequences outside PostgreSQL's own schemas. */
  readonly relations: number;
}

/** Asks the server its version, Placard's migrations and whether anything is in the database. */
export async function inspectPostgres(url: string): Promise<PgFacts> {
  return withClient(url, async (client) => {
    const version = (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '0';
    const number = Number((await client.query<{ server_version_num: string }>('show server_version_num')).rows[0]?.server_version_num ?? 0);
    const relations = Number(
      (
        await client.query<{ n: string }>(
          `select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`,
        )
      ).rows[0]?.n ?? 0,
    );
    const hasMigrations = (await client.query<{ t: string | null }>(`select to_regclass('public.placard_migrations')::text as t`)).rows[0]?.t;
    const migrations = hasMigrations ? (await client.query<{ name: string }>('select name from placard_migrations order by name')).rows.map((r) => r.name) : [];
    return { serverVersion: version.split(' ')[0] ?? version, serverMajor: Math.floor(number / 10000), migrations, relations };
  });
}

/** The first lines of a program's complaint, with any password in a URL it quotes removed. */
function complaint(stderr: string): string {
  return stderr
    .replace(/(postgres(?:ql)?:\/\/[^:@/\s]*:)[^@\s]*@/g, '$1***@')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 3)
    .join(' ');
}

/**
 * Dumps the database with `pg_dump` in its custom format: one consistent snapshot (pg_dump
 * reads in one repeatable-read transaction) that the server goes on writing past.
 */
export async function dumpPostgres(tool: PgTool, url: string, target: string): Promise<void> {
  const { dbname, env } = connection(url);
  const result = await run(tool.path, ['--format=custom', '--no-password', `--file=${target}`, `--dbname=${dbname}`], env);
  if (result.code !== 0) throw new PgToolError(`pg_dump failed: ${complaint(result.stderr) || `exit code ${result.code}`}`);
}

/** Restores a custom-format dump into an empty database, all or nothing (one transaction). */
export async function restorePostgres(tool: PgTool, url: string, dump: string): Promise<void> {
  const { dbname, env } = connection(url);
  const result = await run(
    tool.path,
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${dbname}`, dump],
    env,
  );
  if (result.code !== 0) throw new PgToolError(`pg_restore failed: ${complaint(result.stderr) || `exit code ${result.code}`}`);
}
