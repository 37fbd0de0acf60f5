// Part of `npm run bench`, and runnable alone (`npm run build && node scripts/bench-crawl.ts`):
// the memory of a real Placard process on SQLite while a crawler asks for 10,000 distinct
// addresses it made up. Before the page cache was bounded, 2,000 such requests grew the
// server from 406 MB to 2.7 GB. Erasable TypeScript only (Node runs it by type stripping).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPlacard, stopChild, type Placard } from './bench-support.ts';

const ARTICLE = '/articles/stop-state-brutality-in-kazakhstan';
const URLS = 10_000;
const CONCURRENCY = 16;
const SETTLE_MS = 5_000;
const MIB = 1024 * 1024;
/** The budget of the page cache by default (PAGE_CACHE_MB): growth beyond it would be a leak. */
const TARGET_GROWTH = 64 * MIB;

/** What the crawl found, as Markdown for the report and rows for the summary. */
export interface CrawlBench {
  readonly markdown: string;
  readonly summaryRows: string[][];
}

/** VmRSS of a process, in bytes. */
function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/**
 * 10,000 distinct addresses, as a crawler or an attacker would invent them: page numbers
 * valid, past the end, malformed and zero-padded; unknown query parameters on every kind
 * of page; feeds with parameters; paths that do not exist.
 */
function crawlUrls(): string[] {
  const shapes = [
    (i: number) => `/?page=${i}`,
    (i: number) => `/types/news?page=${i % 4}${'0'.repeat(i % 3)}`,
    (i: number) => `/types/news?page=abc${i}`,
    (i: number) => `/types/news?page=${String(2).padStart(2 + (i % 5), '0')}&n=${i}`,
    (i: number) => `${ARTICLE}?utm_source=crawl&n=${i}`,
    (i: number) => `/countries/kazakhstan?sort=${i}`,
    (i: number) => `/feed.xml?n=${i}`,
    (i: number) => `/articles/no-such-article-${i}`,
    (i: number) => `/countries/nowhere-${i}`,
    (i: number) => `/nothing/here/${i}`,
  ];
  const urls = new Set<string>();
  for (let i = 0; urls.size < URLS; i++) urls.add((shapes[i % shapes.length] as (n: number) => string)(Math.floor(i / shapes.length)));
  return [...urls];
}

/** GETs every address over a few kept-alive connections, as browsers that accept brotli; returns the count of each status. */
async function crawl(base: string, urls: readonly string[]): Promise<Map<number, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const statuses = new Map<number, number>();
  let next = 0;
  const one = (path: string) =>
    new Promise<number>((resolve, reject) => {
      get(base + path, { agent, headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      }).on('error', reject);
    });
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < urls.length) {
        const status = await one(urls[next++] as string);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  agent.destroy();
  return statuses;
}

/** Starts the built server, reads its idle RSS, crawls, settles and reads it again. */
export async function benchCrawl(log: (message: string) => void): Promise<CrawlBench> {
  const dir = mkdtempSync(join(tmpdir(), 'placard-bench-crawl-'));
  let placard: Placard | null = null;
  try {
    log('crawl: starting Placard (SQLite, demo content)');
    // Ready once the article answers: it has been rendered once before the idle RSS is read.
    placard = await startPlacard({ dataDir: dir, readyPath: ARTICLE });
    const pid = placard.pid;
    await sleep(SETTLE_MS);
    const idle = rssOf(pid);
    const urls = crawlUrls();
    log(`crawl: ${urls.length.toLocaleString('en-US')} distinct addresses`);
    const started = performance.now();
    const statuses = await crawl(placard.base, urls);
    const seconds = (performance.now() - started) / 1000;
    const peak = rssOf(pid);
    await sleep(SETTLE_MS);
    const after = rssOf(pid);
    const growth = after - idle;
    const pass = growth <= TARGET_GROWTH;
    const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${count.toLocaleString('en-US')} × ${status}`)
      .join(', ');
    const markdown = `## Memory under a crawl of invented addresses (SQLite)

A third Placard process on a fresh data folder (demo content, default \`PAGE_CACHE_MB\` of
64). Its VmRSS is read ${SETTLE_MS / 1000} s after start (idle), then ${urls.length.toLocaleString('en-US')} distinct addresses are
requested over ${CONCURRENCY} kept-alive connections, accepting brotli: \`?page=\` values
valid, past the end, malformed and zero-padded; unknown query parameters on the front
page, an article, a listing and a feed; paths that do not exist. Only canonical addresses
are cached, within the byte budget, so the process may grow by at most the budget.

| measure | result |
| --- | --- |
| idle VmRSS | ${mib(idle)} |
| VmRSS right after the crawl | ${mib(peak)} |
| VmRSS ${SETTLE_MS / 1000} s after the crawl | ${mib(after)} |
| growth | ${mib(growth)} (target ≤ ${mib(TARGET_GROWTH)}: ${pass ? 'pass' : '**FAIL**'}) |
| answers | ${byStatus} |
| crawl time | ${seconds.toFixed(1)} s (${Math.round(urls.length / seconds).toLocaleString('en-US')} requests per second) |
`;
    const summaryRows = [
      [
        `RSS growth after a crawl of ${urls.length.toLocaleString('en-US')} distinct addresses`,
        `${mib(growth)} (${mib(idle)} → ${mib(after)})`,
        `≤ ${mib(TARGET_GROWTH)}`,
        pass ? 'pass' : '**FAIL**',
      ],
    ];
    return { markdown, summaryRows };
  } finally {
    if (placard) await stopChild(placard.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const result = await benchCrawl((message) => process.stderr.write(`bench: ${message}\n`));
  process.stdout.write(`${result.markdown}\n`);
}
