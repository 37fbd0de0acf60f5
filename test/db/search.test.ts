import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSearchRequest } from '../../src/domain/search/search-request.js';
import { createArticle } from '../../src/services/articles/create-article.js';
import { searchSite, type SearchResults } from '../../src/services/search/search.js';
import { createContentChanges } from '../../src/services/shared/content-changes.js';
import { setWorkflowState } from '../../src/store/articles/article-admin.store.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { migrate } from '../../src/store/migrations/migrate.js';
import { reindexCjk } from '../../src/store/search/search-index.store.js';
import { insertSection } from '../../src/store/sections/section.store.js';
import type { ArticleInput } from '../../src/domain/articles/article-input.js';
import { articleInput } from '../support/articles.js';
import { createCampaign } from '../support/campaigns.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';

/*
 * The search contract: the same articles and campaigns on SQLite and on PostgreSQL, the
 * same queries, the same expected results, in the same order. Folding, ranking, filters,
 * pagination, snippets and what readers may never find are all checked on both.
 */

const NOW = new Date('2026-03-01T12:00:00.000Z');

const ARTICLES: Partial<ArticleInput>[] = [
  {
    title: 'Dockers walk out in Saint Petersburg',
    language: 'ru',
    standfirst: 'Порт стоит.',
    bodyMarkdown: 'В порту началась ЗАБАСТОВКА докеров. Ёлки у ворот.',
    countries: ['RU'],
  },
  {
    title: 'General strike in Athens',
    language: 'el',
    standfirst: 'Η χώρα σταματά.',
    bodyMarkdown: 'Απεργία σε όλη τη χώρα· ΟΔΟΣ Πατησίων κλειστή.',
    countries: ['GR'],
  },
  {
    title: 'Rättvisepartiet i Malmö',
    language: 'sv',
    standfirst: 'Valet närmar sig.',
    bodyMarkdown: 'Kampanjen växer.',
    countries: ['SE'],
    sectionSlugs: ['rattvisepartiet'],
  },
  { title: 'Strajk w Łodzi', language: 'pl', standfirst: 'Pracownicy protestują.', bodyMarkdown: 'Związek ogłosił strajk.', countries: ['PL'] },
  { title: 'İşçiler İstanbul sokaklarında', language: 'tr', standfirst: 'Ilık bir sabah.', bodyMarkdown: 'Grev büyüyor.', countries: ['TR'] },
  { title: 'Streik in der Großstadt', language: 'de', standfirst: 'Die Straße ist voll.', bodyMarkdown: 'Die Gewerkschaft ruft auf.', countries: ['DE'] },
  { title: 'Workers strike in Cairo', language: 'ar', standfirst: 'إضراب العُمَّال مستمر.', bodyMarkdown: 'الإضـراب يتّسع في المـصـانع.', countries: ['EG'] },
  { title: 'Strike in Haifa', language: 'he', standfirst: 'שְׁבִיתָה כְּלָלִית.', bodyMarkdown: 'העובדים יצאו לרחובות.', countries: ['IL'] },
  { title: 'Strike at Peking University', language: 'zh', standfirst: '北京大学的工人罢工。', bodyMarkdown: '工人要求加薪。', countries: ['CN'] },
  { title: 'Strike in Osaka', language: 'ja', standfirst: 'ストライキ中の労働者たち。', bodyMarkdown: '労働組合が声明を出した。', countries: ['JP'] },
  {
    title: 'A page that quotes a script',
    standfirst: 'Nothing to see.',
    bodyMarkdown: 'The attackers posted <script>alert(1)</script> on the union noticeboard.',
  },
  { title: 'Housing protest grows', bodyMarkdown: 'Tenants marched on the council.', publishedAt: '2020-05-01T10:00:00.000Z' },
  {
    title: 'Housing protest grows',
    bodyMarkdown: 'Tenants marched on the council.',
    publishedAt: '2025-05-01T10:00:00.000Z',
    slug: 'housing-protest-grows-again',
  },
  { title: 'Pensions cut again', bodyMarkdown: 'The budget takes from the old.', publishedAt: '2025-06-01T10:00:00.000Z' },
  { title: 'Budget day', bodyMarkdown: 'The budget cuts pensions once more.', publishedAt: '2025-06-01T10:00:00.000Z' },
  {
    title: 'Irish nurses ballot',
    type: 'analysis',
    countries: ['IE'],
    sectionSlugs: ['sp-ireland'],
    topics: ['Health workers'],
    bodyMarkdown: 'Nurses ballot for action over staffing.',
    publishedAt: '2024-02-10T10:00:00.000Z',
  },
  {
    title: 'Nurses in Dublin rally',
    type: 'news',
    countries: ['IE'],
    bodyMarkdown: 'Nurses rally outside the hospital.',
    publishedAt: '2023-07-01T10:00:00.000Z',
  },
  { title: 'A draft about the secretword', status: 'draft', publishedAt: null, bodyMarkdown: 'Unpublished secretword text.' },
  ...Array.from({ length: 25 }, (_, i) => ({
    title: `Bulletin ${i + 1}`,
    bodyMarkdown: 'A paginated bulletin.',
    publishedAt: new Date(Date.UTC(2025, 0, 1 + i, 10)).toISOString(),
  })),
];

/** Queries whose whole result sets must be the same on both databases, whatever order each ranks them in. */
const SHARED_QUERIES = ['strike', 'in', 'nurses', 'housing', 'a', 'bulletin', 'sokolova', 'strajk', 'ストライキ', '工人', 'العمال', 'grev'];
const resultSets = new Map<string, Map<string, string[]>>();

describe.each(DATABASES)('db (%s): full-text search', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  const changes = createContentChanges();
  const ids = new Map<string, number>();

  const search = async (query: Record<string, string>): Promise<SearchResults> => {
    const read = readSearchRequest(query);
    if (!read.ok) throw new Error(`refused: ${JSON.stringify(read.errors)}`);
    return searchSite({ db: database.db, dialect: database.dialect, clock: () => NOW }, read.request);
  };
  const titles = async (query: Record<string, string>) => (await search(query)).results.map((r) => r.title.map((p) => p.text).join(''));

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    database = openDatabase(scratch.config);
    await migrate(database);
    await insertSection(database.db, {
      slug: 'sp-ireland',
      name: 'Socialist Party',
      shortLabel: 'CWI Ireland',
      country: 'IE',
      languages: ['en'],
      website: null,
    });
    await insertSection(database.db, {
      slug: 'rattvisepartiet',
      name: 'Rättvisepartiet',
      shortLabel: 'CWI in Sweden',
      country: 'SE',
      languages: ['sv'],
      website: null,
    });
    for (const overrides of ARTICLES) {
      const created = await createArticle({ db: database.db, changes }, articleInput({ countries: [], publishedAt: '2025-01-01T10:00:00.000Z', ...overrides }));
      ids.set(overrides.slug ?? overrides.title ?? '', created.id);
    }
    await createCampaign(database.db, {
      slug: 'free-natalya-sokolova',
      title: 'Free Natalya Sokolova',
      summary: 'A union lawyer is in prison in Almaty.',
      languages: ['en'],
    });
    await createCampaign(database.db, { slug: 'free-the-sokolova-brothers', title: 'Free the Sokolova brothers', summary: 'Not yet public.', status: 'draft' });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.dispose();
  });

  it('finds Cyrillic and Greek words in bodies whatever their case, ё as е', async () => {
    expect(await titles({ q: 'забастовка' })).toEqual(['Dockers walk out in Saint Petersburg']);
    expect(await titles({ q: 'ЗАБАСТОВКА' })).toEqual(['Dockers walk out in Saint Petersburg']);
    expect(await titles({ q: 'елки' })).toEqual(['Dockers walk out in Saint Petersburg']);
    expect(await titles({ q: 'Απεργία' })).toEqual(['General strike in Athens']);
    expect(await titles({ q: 'απεργια' })).toEqual(['General strike in Athens']);
    expect(await titles({ q: 'οδός' })).toEqual(['General strike in Athens']);
  });

  it('folds Swedish, Polish, Turkish and German letters', async () => {
    expect(await titles({ q: 'malmo' })).toEqual(['Rättvisepartiet i Malmö']);
    expect(await titles({ q: 'RATTVISEPARTIET' })).toEqual(['Rättvisepartiet i Malmö']);
    expect(await titles({ q: 'lodzi' })).toEqual(['Strajk w Łodzi']);
    expect(await titles({ q: 'istanbul' })).toEqual(['İşçiler İstanbul sokaklarında']);
    expect(await titles({ q: 'ISCILER' })).toEqual(['İşçiler İstanbul sokaklarında']);
    expect(await titles({ q: 'ilik' })).toEqual(['İşçiler İstanbul sokaklarında']);
    expect(await titles({ q: 'grossstadt' })).toEqual(['Streik in der Großstadt']);
    expect(await titles({ q: 'strasse' })).toEqual(['Streik in der Großstadt']);
  });

  it('finds Arabic with and without vowel marks and tatweel, Hebrew with and without niqqud', async () => {
    expect(await titles({ q: 'العمال' })).toEqual(['Workers strike in Cairo']);
    expect(await titles({ q: 'العُمَّال' })).toEqual(['Workers strike in Cairo']);
    expect(await titles({ q: 'المصانع' })).toEqual(['Workers strike in Cairo']);
    expect(await titles({ q: 'שביתה' })).toEqual(['Strike in Haifa']);
    expect(await titles({ q: 'שְׁבִיתָה' })).toEqual(['Strike in Haifa']);
  });

  it('finds Chinese and Japanese substrings', async () => {
    expect(await titles({ q: '罢工' })).toEqual(['Strike at Peking University']);
    expect(await titles({ q: '工人罢工' })).toEqual(['Strike at Peking University']);
    expect(await titles({ q: '大学工人' })).toEqual([]);
    expect(await titles({ q: 'ストライキ' })).toEqual(['Strike in Osaka']);
    expect(await titles({ q: '労働' })).toEqual(['Strike in Osaka']);
  });

  it('marks the words found in escaped-text snippets, markup in a body shown as text', async () => {
    const [hit] = (await search({ q: 'noticeboard' })).results;
    expect(hit?.snippet.map((p) => p.text).join('')).toContain('<script>alert(1)</script>');
    expect(hit?.snippet.filter((p) => p.mark).map((p) => p.text)).toEqual(['noticeboard']);
    const [greek] = (await search({ q: 'απεργια' })).results;
    expect(greek?.snippet.filter((p) => p.mark).map((p) => p.text)).toEqual(['Απεργία']);
  });

  it('ranks a title above a body, and the newer of two equally relevant texts first', async () => {
    expect(await titles({ q: 'pensions' })).toEqual(['Pensions cut again', 'Budget day']);
    const housing = (await search({ q: 'housing protest' })).results.map((r) => r.href);
    expect(housing).toEqual(['/articles/housing-protest-grows-again', '/articles/housing-protest-grows']);
  });

  it('filters by country, section, topic, type, language and dates', async () => {
    expect(await titles({ q: 'nurses' })).toEqual(['Irish nurses ballot', 'Nurses in Dublin rally']);
    expect(await titles({ q: 'nurses', type: 'news' })).toEqual(['Nurses in Dublin rally']);
    expect(await titles({ q: 'nurses', section: 'sp-ireland' })).toEqual(['Irish nurses ballot']);
    expect(await titles({ q: 'nurses', topic: 'health-workers' })).toEqual(['Irish nurses ballot']);
    expect(await titles({ q: 'nurses', topic: 'no-such-topic' })).toEqual([]);
    expect(await titles({ q: 'nurses', country: 'ie' })).toEqual(['Irish nurses ballot', 'Nurses in Dublin rally']);
    expect(await titles({ q: 'nurses', country: 'GB' })).toEqual([]);
    expect(await titles({ q: 'nurses', from: '2024-01-01' })).toEqual(['Irish nurses ballot']);
    expect(await titles({ q: 'nurses', to: '2023-07-01' })).toEqual(['Nurses in Dublin rally']);
    expect(await titles({ q: 'nurses', from: '2023-07-02', to: '2024-02-09' })).toEqual([]);
    expect(await titles({ q: 'strajk', language: 'pl' })).toEqual(['Strajk w Łodzi']);
    expect(await titles({ q: 'strajk', language: 'sv' })).toEqual([]);
    expect(await titles({ q: 'malmo', section: 'rattvisepartiet', country: 'SE' })).toEqual(['Rättvisepartiet i Malmö']);
  });

  it('pages through results twenty at a time, newest first among equals', async () => {
    const first = await search({ q: 'paginated bulletin' });
    const second = await search({ q: 'paginated bulletin', page: '2' });
    expect(first).toMatchObject({ total: 25, more: false, pages: 2, page: 1 });
    expect(first.results.map((r) => r.title.map((p) => p.text).join(''))).toEqual(Array.from({ length: 20 }, (_, i) => `Bulletin ${25 - i}`));
    expect(second.results.map((r) => r.title.map((p) => p.text).join(''))).toEqual(['Bulletin 5', 'Bulletin 4', 'Bulletin 3', 'Bulletin 2', 'Bulletin 1']);
    expect((await search({ q: 'paginated', page: '3' })).results).toEqual([]);
  });

  it('finds campaigns past their draft, never drafts of either kind', async () => {
    const found = (await search({ q: 'sokolova' })).results;
    expect(found.map((r) => [r.kind, r.title.map((p) => p.text).join('')])).toEqual([['campaign', 'Free Natalya Sokolova']]);
    expect(found[0]?.href).toBe('/campaigns/free-natalya-sokolova');
    expect(await titles({ q: 'almaty', type: 'campaign' })).toEqual(['Free Natalya Sokolova']);
    expect(await titles({ q: 'almaty', type: 'news' })).toEqual([]);
    expect(await titles({ q: 'secretword' })).toEqual([]);
  });

  it('finds the same set for broader queries', async () => {
    const sets = new Map<string, string[]>();
    for (const q of SHARED_QUERIES) {
      const all: string[] = [];
      for (let pageNumber = 1; ; pageNumber++) {
        const found = await search({ q, page: String(pageNumber) });
        all.push(...found.results.map((r) => r.href));
        if (pageNumber >= found.pages) break;
      }
      sets.set(q, all.sort());
    }
    expect(sets.get('strike')?.length).toBeGreaterThan(3);
    resultSets.set(kind, sets);
  });

  it('drops an article the moment it is withdrawn or deleted, and finds it again when published', async () => {
    const id = ids.get('Strike in Osaka') ?? 0;
    await database.db
      .transaction()
      .execute((trx) => setWorkflowState(trx, { id, from: ['published'] }, { status: 'withdrawn', withdrawn_at: NOW.toISOString(), withdrawal_note: 'x' }));
    expect(await titles({ q: 'ストライキ' })).toEqual([]);
    await database.db
      .transaction()
      .execute((trx) => setWorkflowState(trx, { id, from: ['withdrawn'] }, { status: 'published', withdrawn_at: null, withdrawal_note: null }));
    expect(await titles({ q: 'ストライキ' })).toEqual(['Strike in Osaka']);
    await database.db
      .deleteFrom('articles')
      .where('id', '=', ids.get('Strike in Haifa') ?? 0)
      .execute();
    expect(await titles({ q: 'שביתה' })).toEqual([]);
    expect(
      await database.db
        .selectFrom('search_documents')
        .select('id')
        .where('article_id', '=', ids.get('Strike in Haifa') ?? 0)
        .execute(),
    ).toEqual([]);
  });

  it('finds a Chinese word of three characters or more in a text indexed before triples were, once migration 0017 indexed it again', async () => {
    const id = ids.get('Strike at Peking University') ?? 0;
    // As migration 0016 indexed '北京大学的工人罢工。': its pairs alone.
    await database.db.updateTable('search_documents').set({ standfirst: '北京 京大 大学 学的 的工 工人 人罢 罢工' }).where('article_id', '=', id).execute();
    expect(await titles({ q: '工人罢工' })).toEqual([]);
    await reindexCjk(database.db);
    expect(await titles({ q: '工人罢工' })).toEqual(['Strike at Peking University']);
    expect(await titles({ q: '罢工' })).toEqual(['Strike at Peking University']);
    expect(await titles({ q: '大学工人' })).toEqual([]);
  });
});

describe('db: both databases find the same', () => {
  it('gives the same results for every shared query on SQLite and PostgreSQL', () => {
    const [sqlite, postgres] = DATABASES.map((kind) => resultSets.get(kind));
    expect(sqlite?.size).toBe(SHARED_QUERIES.length);
    expect(postgres).toEqual(sqlite);
  });
});
