// `npm run bench`: cold start, memory, page weight and throughput of a real Placard
// process, measured against a minimal node:http server (the ceiling), written to
// docs/benchmarks.md and printed. Runs on Node 24 by type stripping: erasable TypeScript only.
//
// Exit code 0 whether or not a target is met (the report says which); 1 when the
// measurement itself failed (a server did not start, a request failed under load).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
// @ts-expect-error -- autocannon 9 ships no type declarations (and @types/autocannon is not installed); typed below.
import autocannonUntyped from 'autocannon';
import { benchActions } from './bench-actions.ts';
import { benchOracle } from './bench-oracle.ts';
import { benchCrawl } from './bench-crawl.ts';
import { benchSearch } from './bench-search.ts';
import { benchImport } from './bench-import.ts';
import {
  freePort,
  hasExited,
  killTrackedChildren,
  MeasurementFailed,
  median,
  pollUntil,
  ROOT,
  START_POLL_MS,
  START_TIMEOUT_MS,
  startPlacard,
  stopChild,
  track,
  trackedChildren,
} from './bench-support.ts';

// ---------------------------------------------------------------------------------
// What is measured, and the targets.

const ARTICLE = '/articles/stop-state-brutality-in-kazakhstan';
const FRONT = '/';
const COUNTRY = '/countries/kazakhstan';

const CONNECTIONS = 50;
const DURATION_S = 10;
const WARMUP_S = 2;
const IDLE_MS = 5_000;
const RESTARTS = 3;
const POLL_MS = START_POLL_MS;
/**
 * A ceiling/article bracket is "noisy" when other processes used more CPU than this during
 * one of its runs, or when its two ceiling runs differ by more than NOISY_SPREAD of their mean.
 */
const NOISY_CORES = 0.25;
const NOISY_SPREAD = 0.25;
/** The noisy bracket is repeated only if the run has taken less than this so far (a repeat takes ~40 s). */
const REPEAT_BUDGET_S = 90;

const MIB = 1024 * 1024;
const TARGET_COLD_START_MS = 1_500;
const TARGET_IDLE_RSS = 150 * MIB;
const TARGET_PAGE_WEIGHT = 20 * 1024;
const TARGET_RATIO = 0.5;

const BASELINE = join(ROOT, 'scripts', 'bench-baseline.ts');
const REPORT = join(ROOT, 'docs', 'benchmarks.md');

// ---------------------------------------------------------------------------------
// autocannon, typed as far as this script uses it.

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}
interface AutocannonResult {
  requests: { mean: number; total: number; sent: number };
  latency: { mean: number; p50: number; p99: number; max: number };
  throughput: { mean: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}
const autocannon = autocannonUntyped as (options: AutocannonOptions) => Promise<AutocannonResult>;

// ---------------------------------------------------------------------------------
// Child processes and the temporary folder are cleaned up on every way out. Every child is
// tracked (scripts/bench-support.ts): the Placard servers of this script and of the action,
// oracle and crawl benchmarks, and the ceiling server.

let tempDir: string | null = null;

function cleanUpNow(): void {
  killTrackedChildren();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = null;
}

process.once('exit', cleanUpNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: stopped by ${signal}\n`);
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------
// Small helpers.

interface Fetched {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as transferred (still compressed when the server compressed it). */
  readonly body: Buffer;
}

/** A GET on a fresh connection that does not decompress anything. */
function get(url: string, headers: Record<string, string> = {}, timeoutMs = 5_000): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms: GET ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

function decode(fetched: Fetched): string {
  const encoding = String(fetched.headers['content-encoding'] ?? 'identity');
  if (encoding === 'gzip') return gunzipSync(fetched.body).toString('utf8');
  if (encoding === 'br') return brotliDecompressSync(fetched.body).toString('utf8');
  return fetched.body.toString('utf8');
}

/** VmRSS, its anonymous part (heap, not mapped files) and VmHWM (peak) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; anon: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match?.[1]) throw new MeasurementFailed(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), peak: kb('VmHWM') };
}

/** Busy CPU time of the whole machine and of some processes, in clock ticks (USER_HZ, 100 a second). */
function cpuTicks(pids: readonly number[]): { machine: number; processes: number[]; at: number } {
  const fields = (/^cpu\s+(.*)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? '').split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
  const machine = [0, 1, 2, 5, 6, 7].reduce((sum, i) => sum + (fields[i] ?? 0), 0);
  const processes = pids.map((pid) => {
    try {
      // Fields after "(comm)": state is the 1st, utime the 12th and stime the 13th.
      const after = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\)\s+/s, '')
        .split(' ');
      return Number(after[11] ?? 0) + Number(after[12] ?? 0);
    } catch {
      return 0;
    }
  });
  return { machine, processes, at: performance.now() };
}

const USER_HZ = 100;

/** Cores used between two snapshots: by each process, and by everything else on the machine. */
function coresUsed(before: ReturnType<typeof cpuTicks>, after: ReturnType<typeof cpuTicks>): { processes: number[]; others: number } {
  const seconds = (after.at - before.at) / 1000;
  const processes = after.processes.map((t, i) => (t - (before.processes[i] ?? 0)) / USER_HZ / seconds);
  const ours = processes.reduce((sum, c) => sum + c, 0);
  return { processes, others: Math.max(0, (after.machine - before.machine) / USER_HZ / seconds - ours) };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
const verdict = (ok: boolean) => (ok ? 'pass' : '**FAIL**');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

// ---------------------------------------------------------------------------------
// Starting Placard and measuring its cold start.

interface Started {
  readonly child: ChildProcess;
  readonly base: string;
  /** Spawn to the first 200 of the article page, as a client sees it. */
  readonly coldMs: number;
  /** What Placard prints: from main() to listening (excludes Node's own start and module loading). */
  readonly reportedMs: number | null;
  readonly readyLine: string;
}

/**
 * Starts Placard on a free port with this process's environment (less DATABASE_URL and
 * PUBLIC_URL: SQLite in `dataDir`) and times it to the first 200 on the article page.
 */
async function coldStart(dataDir: string, label: string): Promise<Started> {
  const placard = await startPlacard({ dataDir, readyPath: ARTICLE, inheritEnv: true, capture: true, label });
  // The ready line is written just after listening; give it a moment to arrive.
  await pollUntil(() => /ready in/.test(placard.output().stdout), { everyMs: 10, timeoutMs: 1_000 });
  const readyLine =
    placard
      .output()
      .stdout.split('\n')
      .find((l) => l.includes('ready in'))
      ?.trim() ?? '';
  const reported = /ready in (\d+) ms/.exec(readyLine)?.[1];
  return { child: placard.child, base: placard.base, coldMs: placard.readyMs, reportedMs: reported ? Number(reported) : null, readyLine };
}

/** How long `node -e 0` takes here: the floor under any cold start. */
async function bareNodeStart(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    if (result.status !== 0) throw new MeasurementFailed('node -e 0 failed');
    times.push(performance.now() - started);
  }
  return median(times);
}

// ---------------------------------------------------------------------------------
// Page weight.

interface Part {
  readonly kind: 'HTML' | 'CSS' | 'JS';
  readonly path: string;
  /** Bytes as transferred. */
  readonly bytes: number;
  readonly contentEncoding: string;
}

function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of tag.matchAll(/([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g)) {
    const name = m[1];
    if (name) attrs.set(name.toLowerCase(), (m[2] ?? m[3] ?? m[4] ?? '').replace(/&amp;/g, '&'));
  }
  return attrs;
}

/** The same-origin stylesheets and scripts an HTML page loads; other origins are listed apart. */
function subresources(html: string, base: string): { css: string[]; js: string[]; foreign: string[] } {
  const css: string[] = [];
  const js: string[] = [];
  const foreign: string[] = [];
  const origin = new URL(base).origin;
  const add = (list: string[], href: string | undefined) => {
    if (!href) return;
    const url = new URL(href, base + '/');
    if (url.origin !== origin) foreign.push(url.href);
    else if (!list.includes(url.pathname + url.search)) list.push(url.pathname + url.search);
  };
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const attrs = attributes(m[0]);
    if ((attrs.get('rel') ?? '').toLowerCase().split(/\s+/).includes('stylesheet')) add(css, attrs.get('href'));
  }
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) add(js, attributes(m[0]).get('src'));
  return { css, js, foreign };
}

async function pageWeight(base: string, path: string, encoding: 'gzip' | 'br' | null): Promise<{ parts: Part[]; total: number; foreign: string[] }> {
  const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {};
  const fetchPart = async (kind: Part['kind'], partPath: string): Promise<{ part: Part; fetched: Fetched }> => {
    const fetched = await get(base + partPath, headers);
    if (fetched.status !== 200) throw new MeasurementFailed(`GET ${partPath} (accept-encoding: ${encoding ?? 'none'}) answered ${fetched.status}`);
    const declared = fetched.headers['content-length'];
    if (declared !== undefined && Number(declared) !== fetched.body.length) {
      throw new MeasurementFailed(`GET ${partPath}: content-length ${declared} but ${fetched.body.length} bytes received`);
    }
    return { part: { kind, path: partPath, bytes: fetched.body.length, contentEncoding: String(fetched.headers['content-encoding'] ?? 'identity') }, fetched };
  };
  const page = await fetchPart('HTML', path);
  const { css, js, foreign } = subresources(decode(page.fetched), base);
  const parts = [page.part];
  for (const p of css) parts.push((await fetchPart('CSS', p)).part);
  for (const p of js) parts.push((await fetchPart('JS', p)).part);
  return { parts, total: parts.reduce((sum, p) => sum + p.bytes, 0), foreign };
}

// ---------------------------------------------------------------------------------
// Throughput.

interface Load {
  readonly label: string;
  readonly path: string;
  readonly reqPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly total: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly bytesPerResponse: number;
  /** Cores used during the measured 10 s by the server, by this script (autocannon) and by every other process. */
  readonly serverCores: number;
  readonly benchCores: number;
  readonly otherCores: number;
  /** The server's VmRSS right after the measured run. */
  readonly serverRss: number;
}

async function load(label: string, base: string, path: string, serverPid: number): Promise<Load> {
  const url = base + path;
  log(`load: ${label} ${path} (warm-up ${WARMUP_S} s, then ${CONNECTIONS} connections × ${DURATION_S} s)`);
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S });
  const before = cpuTicks([serverPid, process.pid]);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  const cpu = coresUsed(before, cpuTicks([serverPid, process.pid]));
  const result: Load = {
    label,
    path,
    reqPerSec: r.requests.mean,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    bytesPerResponse: r.requests.total ? r.throughput.total / r.requests.total : 0,
    serverCores: cpu.processes[0] ?? 0,
    benchCores: cpu.processes[1] ?? 0,
    otherCores: cpu.others,
    serverRss: memoryOf(serverPid).rss,
  };
  log(
    `      ${int(result.reqPerSec)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors; cores: server ${result.serverCores.toFixed(2)}, autocannon ${result.benchCores.toFixed(2)}, others ${result.otherCores.toFixed(2)}; server RSS ${mib(result.serverRss)}`,
  );
  return result;
}

/** Placard's article page between two ceiling runs. */
interface Bracket {
  readonly before: Load;
  readonly placard: Load;
  readonly after: Load;
  /** Mean req/s of the two ceiling runs. */
  readonly ceiling: number;
  /** Placard's article req/s over `ceiling`: the judged figure. */
  readonly ratio: number;
  /** The same per core-second of server CPU: less sensitive to other processes taking CPU. */
  readonly perCoreRatio: number;
  /** The most CPU other processes took during any of the three runs. */
  readonly noise: number;
  /** How far apart the two ceiling runs are, as a share of their mean. */
  readonly spread: number;
  /** Above 1 when the bracket is noisy by either measure; the lower, the quieter. */
  readonly badness: number;
}

async function bracket(ceilingBase: string, ceilingPid: number, placardBase: string, placardPid: number, round: number): Promise<Bracket> {
  const suffix = round > 1 ? `, round ${round}` : '';
  const before = await load(`ceiling (before${suffix})`, ceilingBase, ARTICLE, ceilingPid);
  const placard = await load(`Placard: article${suffix}`, placardBase, ARTICLE, placardPid);
  const after = await load(`ceiling (after${suffix})`, ceilingBase, ARTICLE, ceilingPid);
  const ceiling = (before.reqPerSec + after.reqPerSec) / 2;
  const perCore = (l: Load) => (l.serverCores > 0 ? l.reqPerSec / l.serverCores : 0);
  const ceilingPerCore = (perCore(before) + perCore(after)) / 2;
  return {
    before,
    placard,
    after,
    ceiling,
    ratio: placard.reqPerSec / ceiling,
    perCoreRatio: ceilingPerCore > 0 ? perCore(placard) / ceilingPerCore : 0,
    noise: Math.max(before.otherCores, placard.otherCores, after.otherCores),
    spread: Math.abs(before.reqPerSec - after.reqPerSec) / ceiling,
    badness: Math.max(
      Math.max(before.otherCores, placard.otherCores, after.otherCores) / NOISY_CORES,
      Math.abs(before.reqPerSec - after.reqPerSec) / ceiling / NOISY_SPREAD,
    ),
  };
}

async function startBaseline(file: string, contentType: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = track(spawn(process.execPath, [BASELINE, file, String(port), contentType], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const listening = await pollUntil(
    () => {
      if (hasExited(child)) throw new MeasurementFailed(`the baseline server exited before listening:\n${stderr.trim()}`);
      return stdout.includes('ready');
    },
    { everyMs: POLL_MS, timeoutMs: START_TIMEOUT_MS },
  );
  if (!listening) throw new MeasurementFailed('the baseline server did not start');
  return { child, base: `http://127.0.0.1:${port}` };
}

// ---------------------------------------------------------------------------------
// The run.

function gitDescription(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.stdout.trim() ? ' with uncommitted changes' : ''}`;
}

async function main(): Promise<void> {
  const runStarted = performance.now();
  const cpuList = cpus();
  const machine = {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memory: totalmem(),
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(', '),
    git: gitDescription(),
  };
  tempDir = mkdtempSync(join(tmpdir(), 'placard-bench-'));
  const dataDir = join(tempDir, 'data');

  // 1. Cold start: the first start creates the schema and loads the demo content;
  // the restarts on the same data folder are the ordinary case.
  log('cold start: node -e 0');
  const bareNode = await bareNodeStart();
  log('cold start: first start (new database, demo content)');
  const first = await coldStart(dataDir, 'first start');
  log(`      ${ms(first.coldMs)} (${first.readyLine})`);
  await stopChild(first.child);
  const restarts: Started[] = [];
  for (let i = 1; i <= RESTARTS; i++) {
    log(`cold start: restart ${i} of ${RESTARTS}`);
    const restart = await coldStart(dataDir, `restart ${i}`);
    log(`      ${ms(restart.coldMs)} (${restart.readyLine})`);
    restarts.push(restart);
    if (i < RESTARTS) await stopChild(restart.child);
  }
  const server = restarts[restarts.length - 1];
  if (!server?.child.pid) throw new MeasurementFailed('no running Placard');
  const pid = server.child.pid;
  const restartMedian = median(restarts.map((r) => r.coldMs));
  const memoryAfterStart = memoryOf(pid);

  // 3. Page weight, as transferred, with each encoding; identity for reference.
  log('page weight');
  const weightGzip = await pageWeight(server.base, ARTICLE, 'gzip');
  const weightBrotli = await pageWeight(server.base, ARTICLE, 'br');
  const weightIdentity = await pageWeight(server.base, ARTICLE, null);

  // 5. The ceiling serves Placard's own article bytes with the same content type.
  const article = await get(server.base + ARTICLE);
  if (article.status !== 200) throw new MeasurementFailed(`GET ${ARTICLE} answered ${article.status}`);
  const contentType = String(article.headers['content-type'] ?? 'text/html; charset=utf-8');
  const articleFile = join(tempDir, 'article.html');
  writeFileSync(articleFile, article.body);
  const baseline = await startBaseline(articleFile, contentType);
  const check = await get(baseline.base + ARTICLE);
  if (check.status !== 200 || !check.body.equals(article.body)) throw new MeasurementFailed('the baseline server does not answer with the article bytes');
  const ceilingRssAtStart = memoryOf(baseline.child.pid ?? 0).rss;

  // 4 and 5. Throughput, the ceiling bracketing Placard's article page. When that bracket
  // was noisy, it is repeated once at the end (time permitting) and the quieter of the
  // two is judged (chosen by noise, never by result).
  const baselinePid = baseline.child.pid ?? 0;
  const brackets = [await bracket(baseline.base, baselinePid, server.base, pid, 1)];
  const placardFront = await load('Placard: front page', server.base, FRONT, pid);
  const placardCountry = await load('Placard: country listing', server.base, COUNTRY, pid);
  const elapsedS = (performance.now() - runStarted) / 1000;
  if ((brackets[0]?.badness ?? 0) > 1 && elapsedS > REPEAT_BUDGET_S) {
    log(`noisy ceiling/article runs, but ${elapsedS.toFixed(0)} s have passed: not repeating them (the whole run stays under ~2.5 minutes)`);
  } else if ((brackets[0]?.badness ?? 0) > 1) {
    log(
      `noisy ceiling/article runs (other processes up to ${brackets[0]?.noise.toFixed(2)} cores, ceiling runs ${pct(brackets[0]?.spread ?? 0)} apart): repeating them once`,
    );
    brackets.push(await bracket(baseline.base, baselinePid, server.base, pid, 2));
  }
  await stopChild(baseline.child);
  // In the order of the report's table: first round, front page, country listing, repeated round.
  const loads = [
    ...brackets.slice(0, 1).flatMap((b) => [b.before, b.placard, b.after]),
    placardFront,
    placardCountry,
    ...brackets.slice(1).flatMap((b) => [b.before, b.placard, b.after]),
  ];
  const broken = loads.filter((l) => l.errors > 0 || l.non2xx > 0 || l.total === 0);
  if (broken.length) {
    throw new MeasurementFailed(
      `requests failed under load: ${broken.map((l) => `${l.label} ${l.path}: ${l.errors} errors (${l.timeouts} timeouts), ${l.non2xx} non-2xx, ${l.total} requests`).join('; ')}`,
    );
  }
  const judged = brackets.reduce((quietest, b) => (b.badness < quietest.badness ? b : quietest));
  const { ceiling, ratio } = judged;
  const judgedRound = brackets.indexOf(judged) + 1;
  const ceilingRss = Math.max(...brackets.flatMap((b) => [b.before.serverRss, b.after.serverRss]));

  // 2. Idle memory after the load.
  log(`idle ${IDLE_MS / 1000} s, then memory`);
  await sleep(IDLE_MS);
  if (hasExited(server.child)) throw new MeasurementFailed('Placard exited during the run');
  const memoryIdle = memoryOf(pid);
  await stopChild(server.child);

  // ---------------------------------------------------------------------------------
  // The report.

  const weightRows = (w: Awaited<ReturnType<typeof pageWeight>>, identity: Awaited<ReturnType<typeof pageWeight>>) =>
    w.parts.map((p, i) => [p.kind, `\`${p.path}\``, p.contentEncoding, `${int(p.bytes)} B`, `${int(identity.parts[i]?.bytes ?? 0)} B`]);
  const pageWeightPass = weightGzip.total <= TARGET_PAGE_WEIGHT;
  const coldPass = restartMedian <= TARGET_COLD_START_MS;
  const rssPass = memoryIdle.rss <= TARGET_IDLE_RSS;
  const ratioPass = ratio >= TARGET_RATIO;
  const loadRow = (l: Load, ratioText: string) => [
    l.label,
    `\`${l.path}\``,
    int(l.reqPerSec),
    `${l.p50} ms`,
    `${l.p99} ms`,
    int(l.total),
    String(l.non2xx),
    String(l.errors),
    int(l.bytesPerResponse),
    ratioText,
    l.serverCores.toFixed(2),
    l.benchCores.toFixed(2),
    l.otherCores.toFixed(2),
    mib(l.serverRss),
  ];
  const loadHeader = [
    'server',
    'path',
    'req/s',
    'p50',
    'p99',
    'requests',
    'non-2xx',
    'errors',
    'bytes/resp.',
    'share of ceiling',
    'server cores',
    'autocannon cores',
    'other cores',
    'server RSS after',
  ];
  const bracketRows = (b: Bracket) => [loadRow(b.before, ''), loadRow(b.placard, b === judged ? `**${pct(b.ratio)}**` : pct(b.ratio)), loadRow(b.after, '')];
  const loadRows = [
    ...(brackets[0] ? bracketRows(brackets[0]) : []),
    loadRow(placardFront, pct(placardFront.reqPerSec / ceiling)),
    loadRow(placardCountry, pct(placardCountry.reqPerSec / ceiling)),
    ...brackets.slice(1).flatMap(bracketRows),
  ];
  const placardArticle = judged.placard;
  const bracketNote = brackets
    .map(
      (b, i) =>
        `round ${i + 1}: ${pct(b.ratio)} of ${int(b.ceiling)} req/s (${pct(b.perCoreRatio)} per core-second of server CPU), other processes up to ${b.noise.toFixed(2)} cores, ceiling runs ${pct(b.spread)} apart${b === judged ? ' (judged)' : ''}`,
    )
    .join('; ');
  // The page servers are stopped first: the action benchmark starts its own Placard.
  await Promise.all(trackedChildren().map(stopChild));
  const actions = await benchActions(log);
  const oracle = await benchOracle(log);
  const crawl = await benchCrawl(log);
  const search = await benchSearch(log);
  const imports = await benchImport(log);
  const loadEnd = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  const totalSeconds = (performance.now() - runStarted) / 1000;

  const summary = [
    table(
      ['measure', 'result', 'target', 'verdict'],
      [
        ['cold start, restart (median of ' + RESTARTS + ')', ms(restartMedian), `≤ ${ms(TARGET_COLD_START_MS)}`, verdict(coldPass)],
        [
          'cold start, first start (schema + demo content)',
          ms(first.coldMs),
          `(≤ ${ms(TARGET_COLD_START_MS)}, not judged)`,
          first.coldMs <= TARGET_COLD_START_MS ? 'pass' : 'over',
        ],
        ['idle RSS after load', mib(memoryIdle.rss), `≤ ${mib(TARGET_IDLE_RSS)}`, verdict(rssPass)],
        [
          'article page weight, gzip',
          `${int(weightGzip.total)} B (${kib(weightGzip.total)})`,
          `≤ ${int(TARGET_PAGE_WEIGHT)} B (20 KiB)`,
          verdict(pageWeightPass),
        ],
        [
          'article page weight, brotli',
          `${int(weightBrotli.total)} B (${kib(weightBrotli.total)})`,
          '(gzip is judged)',
          weightBrotli.total <= TARGET_PAGE_WEIGHT ? 'pass' : 'over',
        ],
        [
          'article req/s as share of the ceiling',
          `${pct(ratio)} (${int(placardArticle.reqPerSec)} of ${int(ceiling)} req/s; per core-second of server CPU ${pct(judged.perCoreRatio)})`,
          `≥ ${pct(TARGET_RATIO)}`,
          verdict(ratioPass) +
            (judged.badness > 1 ? ` (noisy: other processes up to ${judged.noise.toFixed(2)} cores, ceiling runs ${pct(judged.spread)} apart)` : ''),
        ],
        ...actions.summaryRows,
        ...oracle.summaryRows,
        ...crawl.summaryRows,
        ...search.summaryRows,
        ...imports.summaryRows,
      ],
    ),
  ].join('\n');

  const markdown = `# Benchmarks

Measured by \`npm run bench\` (\`scripts/bench.ts\`), which builds Placard and measures
the built server (\`node dist/cli/main.js serve\`, SQLite, demo content, \`LOG_LEVEL=warn\`)
in a fresh temporary data folder, on a free port on 127.0.0.1. This file is rewritten by
every run; run it again to reproduce:

\`\`\`sh
npm run bench
\`\`\`

It measures:

- **Cold start**: wall time from spawning the server process to the first \`200\` on
  \`GET ${ARTICLE}\` (polled every ${POLL_MS} ms), so it includes Node's own start,
  module loading, opening and migrating the database and rendering the page once. The
  first start also creates the schema and loads the demo content; the restarts on the
  same, populated data folder are the ordinary case and the one judged (median of ${RESTARTS}).
- **Memory**: VmRSS of the server process from \`/proc/<pid>/status\`, right after
  start and after all load runs plus ${IDLE_MS / 1000} s idle.
- **Page weight** of the article page: the HTML and every same-origin
  \`<link rel=stylesheet>\` and \`<script src>\` it references, fetched with
  \`accept-encoding: gzip\` and with \`br\`, counting the bodies as transferred
  (compressed bytes). Judged on gzip. For comparison, WordPress 6.1's default theme weighs 20.5 KB.
- **Throughput**: [autocannon](https://github.com/mcollina/autocannon) 9, ${CONNECTIONS}
  connections for ${DURATION_S} s per URL after a ${WARMUP_S} s warm-up that is discarded,
  no \`accept-encoding\` (identity bodies).
- **Ceiling**: a minimal \`node:http\` server (\`scripts/bench-baseline.ts\`) answering
  every request with the article page's exact bytes from memory, same content type,
  measured the same way immediately before and after Placard's article page. The article
  page's req/s is reported as a share of the mean of those two ceiling runs. CPU use of
  each server, of the benchmark script and of every other process is read from \`/proc\`
  during each run; when other processes took more than ${NOISY_CORES} cores during these
  three runs, or the two ceiling runs differ by more than ${pct(NOISY_SPREAD)}, the three runs are
  repeated once at the end (if the run has taken less than ${REPEAT_BUDGET_S} s so far) and the
  quieter round is judged.
- **Full-text search** (\`scripts/bench-search.ts\`): the time of a search query over
  generated articles in several languages (100,000 unless \`BENCH_SEARCH_ARTICLES\` says
  otherwise), on SQLite and on a throwaway PostgreSQL; see its section.
- **Import** (\`scripts/bench-import.ts\`): \`placard import wxr\` of a generated WordPress
  export (10,000 posts unless \`BENCH_IMPORT_POSTS\` says otherwise): articles per second
  and the command's peak RSS, on SQLite and on a throwaway PostgreSQL; then the peak RSS
  of a dry run of a 1 GB export beside that of 20 MiB ones (\`BENCH_IMPORT_HUGE=0\` leaves
  it out); see its section.

## Machine and run

| | |
| --- | --- |
| CPU | ${machine.cpu} |
| cores | ${machine.cores} |
| memory | ${(machine.memory / 1024 ** 3).toFixed(1)} GiB |
| Node | ${machine.node} |
| date | ${machine.date} |
| load average at start / end (1, 5, 15 min) | ${machine.load} / ${loadEnd} |
| Placard commit | ${machine.git} |
| run time | ${totalSeconds.toFixed(0)} s |

## Summary

${summary}

Units: 1 KiB = 1,024 bytes, 1 MiB = 1,048,576 bytes.

## Cold start

${table(
  ['start', 'spawn → first 200', 'Placard\'s own "ready in"', 'target', 'verdict'],
  [
    [
      'first start (creates schema, loads demo content)',
      ms(first.coldMs),
      first.reportedMs !== null ? ms(first.reportedMs) : '—',
      'not judged',
      first.coldMs <= TARGET_COLD_START_MS ? 'pass' : 'over',
    ],
    ...restarts.map((r, i) => [`restart ${i + 1} (populated data folder)`, ms(r.coldMs), r.reportedMs !== null ? ms(r.reportedMs) : '—', '', '']),
    [`**restart, median of ${RESTARTS}**`, `**${ms(restartMedian)}**`, '', `≤ ${ms(TARGET_COLD_START_MS)}`, verdict(coldPass)],
  ],
)}

"Ready in" is what Placard prints: from the start of \`main()\` to listening, so it leaves out
Node's own start-up and the loading of Placard's modules; the difference to the spawn → 200
time is that, plus rendering the article once. A bare \`node -e 0\` takes ${ms(bareNode)} on this machine.

## Memory

${table(
  ['when', 'VmRSS', 'of which anonymous (RssAnon)', 'VmHWM (peak so far)', 'target', 'verdict'],
  [
    ['right after start (one article request served)', mib(memoryAfterStart.rss), mib(memoryAfterStart.anon), mib(memoryAfterStart.peak), '—', ''],
    [
      `after warm-up and all load runs, then ${IDLE_MS / 1000} s idle`,
      mib(memoryIdle.rss),
      mib(memoryIdle.anon),
      mib(memoryIdle.peak),
      `≤ ${mib(TARGET_IDLE_RSS)}`,
      verdict(rssPass),
    ],
    [
      `for reference: the ceiling server (bare node:http), at start → after its runs`,
      `${mib(ceilingRssAtStart)} → ${mib(ceilingRss)} (+${mib(ceilingRss - ceilingRssAtStart)})`,
      '',
      '',
      '',
      '',
    ],
  ],
)}

Under load Placard grew by ${mib(memoryIdle.rss - memoryAfterStart.rss)} and the ceiling (no application at all) by
${mib(ceilingRss - ceilingRssAtStart)}. Most of the growth is garbage V8 has not yet collected, not live data: under a sustained
high allocation rate V8 enlarges its young generation in steps and keeps it, and objects
promoted out of it pile up in the old generation until V8 decides to run a full
mark-compact, which it lets the heap grow well past its live size before doing. With
\`--trace-gc\`, the live heap after each full collection stays around 22–25 MB under this
load, while the committed heap between collections reaches 60–100 MB. Whether a run ends
just before or just after such a collection or growth step is chance, so the idle figure
differs between runs of the same code by tens of MiB. The ceiling allocates less than half
as much per request and grows less.
The ceiling starts higher than bare Node because it runs from
\`.ts\` through Node's type stripping, which stays loaded; compare its growth, not its level.

## Page weight of \`${ARTICLE}\`

gzip (judged):

${table(
  ['part', 'path', 'content-encoding', 'transferred', 'uncompressed'],
  [
    ...weightRows(weightGzip, weightIdentity),
    ['**total**', '', '', `**${int(weightGzip.total)} B (${kib(weightGzip.total)})**`, `${int(weightIdentity.total)} B`],
    ['target', '', '', `≤ ${int(TARGET_PAGE_WEIGHT)} B (20 KiB)`, verdict(pageWeightPass)],
  ],
)}

brotli:

${table(
  ['part', 'path', 'content-encoding', 'transferred', 'uncompressed'],
  [
    ...weightRows(weightBrotli, weightIdentity),
    ['**total**', '', '', `**${int(weightBrotli.total)} B (${kib(weightBrotli.total)})**`, `${int(weightIdentity.total)} B`],
  ],
)}

${weightGzip.foreign.length ? `Resources from other origins (not counted; there should be none): ${weightGzip.foreign.map((u) => `\`${u}\``).join(', ')}.` : 'The page references no resource from another origin.'}

## Throughput

${CONNECTIONS} connections, ${DURATION_S} s each after a ${WARMUP_S} s warm-up, identity bodies. req/s is autocannon's
mean of per-second samples; latencies are per request; "bytes/resp." is received bytes
(headers and body) per response. The next three columns are CPU time during the measured
${DURATION_S} s, in cores (${machine.cores} is the whole machine), from \`/proc\`: the server under test, this
script (which runs autocannon), and every other process on the machine; the last column is
the server's VmRSS right after the run.

${table(loadHeader, loadRows)}

Target: the article page at ≥ ${pct(TARGET_RATIO)} of the ceiling (mean of the two ceiling runs
around it, ${int(ceiling)} req/s${brackets.length > 1 ? `, round ${judgedRound}` : ''}): ${verdict(ratioPass)} at ${pct(ratio)}.
${brackets.length > 1 ? `The first ceiling/article runs were noisy (other processes above ${NOISY_CORES} cores, or the two ceiling runs more than ${pct(NOISY_SPREAD)} apart), so they were repeated once at the end and the quieter round is judged: ` : 'Ceiling/article runs: '}${bracketNote}.
"Per core-second" divides each server's req/s by the CPU it used, which removes most of
the effect of other processes taking CPU; it is a cross-check, not the judged figure. The
front page and the country listing are compared with the same ceiling for orientation
only (their pages differ in size).

${actions.markdown}
${oracle.markdown}
${crawl.markdown}
${search.markdown}
${imports.markdown}
## Noise

These figures come from one run on a shared machine with ${machine.cores} cores, and should be read as
such. autocannon runs inside the benchmark script's own process, so the load generator and
the server share the same ${machine.cores} cores: absolute req/s is lower than the server alone could
do and moves from run to run. The ceiling is measured under the same constraint, right
before and right after Placard's article page, which is why the share of the ceiling is
the figure judged. This run's noise: the two judged ceiling runs gave ${int(judged.before.reqPerSec)} and
${int(judged.after.reqPerSec)} req/s (${pct(Math.abs(judged.before.reqPerSec - judged.after.reqPerSec) / ceiling)} apart), and other processes used
${loads.map((l) => l.otherCores.toFixed(2)).join(', ')} cores during the ${loads.length} measured runs (the "other cores" column);
anything well above 0 means the figures of that row are low. When the ceiling runs differ
a lot while "other cores" stays near 0, the noise comes from below the operating system (the
virtual machine's share of the host, CPU placement) and is not measured here; the per
core-second figure is less affected by it. Cold start times move by tens
of milliseconds, more when the machine is busy; page weight is deterministic; idle memory
depends on how much load the run served (see Memory).
`;

  writeFileSync(REPORT, markdown);
  process.stdout.write(`\nPlacard benchmarks, ${machine.date}, ${machine.cpu} × ${machine.cores}, Node ${machine.node}\n\n${summary}\n\n`);
  process.stdout.write(`${table(loadHeader, loadRows)}\n\n`);
  process.stdout.write(
    `Cold start: first ${ms(first.coldMs)}, restarts ${restarts.map((r) => ms(r.coldMs)).join(', ')} (bare node ${ms(bareNode)}). RSS after start ${mib(memoryAfterStart.rss)}, idle ${mib(memoryIdle.rss)}.\n`,
  );
  process.stdout.write(`Written to docs/benchmarks.md in ${totalSeconds.toFixed(0)} s.\n`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: measurement failed: ${error instanceof MeasurementFailed ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exitCode = 1;
} finally {
  await Promise.all(trackedChildren().map(stopChild));
  cleanUpNow();
}
