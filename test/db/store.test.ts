import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/services/articles/create-article.js';
import { createContentChanges } from '../../src/services/shared/content-changes.js';
import { archiveMonths, countryCounts, findPublishedBySlug, listPublished } from '../../src/store/articles/article-read.store.js';
import { findCampaign, insertCampaign } from '../../src/store/campaigns/campaign.store.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { migrate, migrations } from '../../src/store/migrations/migrate.js';
import { getContributorBySlug, insertPublication, insertSection, listSections } from '../../src/store/sections/section.store.js';
import { NotFound, ValidationFailed } from '../../src/domain/errors.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';
import { articleInput } from '../support/articles.js';

/**
 * A schema as the code sees it: per table, each column's name, its kind of value and
 * whether it may be null. The two databases name their types differently (int4, int8 and
 * integer; text and varchar), so types are compared by kind.
 */
async function schemaShape(database: Database): Promise<Record<string, string[]>> {
  const kindOf = (type: string) => {
    const t = type.toLowerCase();
    if (/int|serial/.test(t)) return 'integer';
    if (/real|double|float|numeric/.test(t)) return 'number';
    if (/bytea|blob/.test(t)) return 'bytes';
    return 'text';
  };
  // The full-text index is each database's own (docs/decisions/0026, 0030): FTS5's tables on
  // SQLite, generated tsvector columns on PostgreSQL. Everything else must be the same.
  const tables = (await database.db.introspection.getTables())
    .filter((t) => !t.name.startsWith('search_fts'))
    .map((t) => (t.name === 'search_documents' ? { ...t, columns: t.columns.filter((c) => c.name !== 'tsv' && c.name !== 'head') } : t));
  const shape: Record<string, string[]> = {};
  for (const t of tables) {
    // SQLite lets a primary key other than INTEGER hold NULL (a documented legacy quirk) and
    // reports it nullable; no Placard key is ever NULL, so keys count as NOT NULL on both.
    const keys =
      database.dialect === 'sqlite'
        ? new Set(
            (await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${t.name})`.execute(database.db)).rows
              .filter((r) => r.pk > 0)
              .map((r) => r.name),
          )
        : new Set<string>();
    shape[t.name] = t.columns.map((c) => `${c.name} ${kindOf(c.dataType)}${c.isNullable && !keys.has(c.name) ? ' null' : ''}`).sort();
  }
  return shape;
}

describe('db: one schema on both databases', () => {
  it('has the same tables, columns, kinds of value and nullability on SQLite and PostgreSQL', async () => {
    const shapes = await Promise.all(
      DATABASES.map(async (kind) => {
        const scratch = await scratchDatabase(kind);
        const database = openDatabase(scratch.config);
        try {
          await migrate(database);
          return await schemaShape(database);
        } finally {
          await database.close();
          await scratch.dispose();
        }
      }),
    );
    const [sqlite, postgres] = shapes;
    expect(Object.keys(sqlite ?? {})).toEqual(expect.arrayContaining(['articles', 'campaigns', 'actions', 'outbox', 'supporters']));
    expect(postgres).toEqual(sqlite);
  });
});

describe.each(DATABASES)('db (%s): the store', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  const changes = createContentChanges();
  const announced: string[][] = [];
  changes.subscribe((tags) => announced.push([...tags]));
  const deps = () => ({ db: database.db, changes });

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    database = openDatabase(scratch.config);
    expect(await migrate(database)).toEqual(migrations.map((m) => m.name));
    await insertSection(database.db, {
      slug: 'sp-ireland',
      name: 'Socialist Party',
      shortLabel: 'CWI Ireland',
      country: 'IE',
      languages: ['en', 'ga'],
      website: null,
    });
    await insertSection(database.db, {
      slug: 'rattvisepartiet',
      name: 'Rättvisepartiet Socialisterna',
      shortLabel: 'CWI in Sweden',
      country: 'SE',
      languages: ['sv'],
      website: 'https://example.org/rs',
    });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.dispose();
  });

  it('migrates forward only and is idempotent', async () => {
    expect(await migrate(database)).toEqual([]);
  });

  it('stores an article with its byline, countries, topics and sections', async () => {
    const created = await createArticle(
      deps(),
      articleInput({
        title: 'Fiscal Treaty passed',
        credits: [
          { name: 'Oisín Kelly', sectionSlug: 'sp-ireland', role: null },
          { name: 'Per-Åke Westerlund', sectionSlug: 'rattvisepartiet', role: 'editor' },
        ],
        topics: ['Euro crisis'],
        publishedAt: '2012-06-05T12:00:00.000Z',
      }),
    );
    expect(created.slug).toBe('fiscal-treaty-passed');
    const view = await findPublishedBySlug(database.db, created.slug);
    expect(view?.kicker).toBe('Ireland');
    expect(view?.byline.credits.map((c) => [c.contributor.name, c.section?.slug, c.role])).toEqual([
      ['Oisín Kelly', 'sp-ireland', null],
      ['Per-Åke Westerlund', 'rattvisepartiet', 'editor'],
    ]);
    expect(view?.sections.map((s) => s.slug).sort()).toEqual(['rattvisepartiet', 'sp-ireland']);
    expect(view?.topics).toEqual([{ slug: 'euro-crisis', name: 'Euro crisis' }]);
    expect(view?.bodyHtml).toBe('<p>Disposable income is falling.</p>\n');
    expect(await getContributorBySlug(database.db, 'per-åke-westerlund')).toMatchObject({ name: 'Per-Åke Westerlund' });
    expect(announced.at(-1)).toEqual(
      expect.arrayContaining(['article:fiscal-treaty-passed', 'front', 'country:IE', 'section:sp-ireland', 'topic:euro-crisis', 'month:2012-06']),
    );
  });

  it('makes slugs unique and reuses contributors and topics by name', async () => {
    const again = await createArticle(
      deps(),
      articleInput({ title: 'Fiscal Treaty passed', topics: ['Euro crisis'], publishedAt: '2012-06-06T12:00:00.000Z' }),
    );
    expect(again.slug).toBe('fiscal-treaty-passed-2');
    const count = await database.db
      .selectFrom('contributors')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('name', '=', 'Oisín Kelly')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('creates a new contributor and topic once when two saves name them at the same moment', async () => {
    const both = await Promise.all(
      [1, 2].map((n) =>
        createArticle(
          deps(),
          articleInput({
            title: `Simultaneous ${n}`,
            status: 'draft',
            publishedAt: null,
            topics: ['Dock strikes'],
            credits: [{ name: 'Brand New Writer', sectionSlug: null, role: null }],
          }),
        ),
      ),
    );
    expect(both.map((a) => a.slug).sort()).toEqual(['simultaneous-1', 'simultaneous-2']);
    const writers = await database.db.selectFrom('contributors').select('slug').where('name', '=', 'Brand New Writer').execute();
    expect(writers).toEqual([{ slug: 'brand-new-writer' }]);
    const topics = await database.db.selectFrom('topics').select('slug').where('slug', '=', 'dock-strikes').execute();
    expect(topics).toHaveLength(1);
  });

  it('refuses an unknown section without writing anything', async () => {
    const before = await listPublished(database.db, {}, { limit: 100, offset: 0 });
    await expect(
      createArticle(deps(), articleInput({ title: 'Orphan', credits: [{ name: 'Someone New', sectionSlug: 'nowhere', role: null }] })),
    ).rejects.toBeInstanceOf(ValidationFailed);
    const after = await listPublished(database.db, {}, { limit: 100, offset: 0 });
    expect(after.total).toBe(before.total);
    await expect(getContributorBySlug(database.db, 'someone-new')).rejects.toBeInstanceOf(NotFound);
  });

  it('lists only published articles, newest first, filtered and paginated', async () => {
    await createArticle(deps(), articleInput({ title: 'Draft piece', status: 'draft', publishedAt: null }));
    for (let day = 10; day < 15; day++) {
      await createArticle(
        deps(),
        articleInput({
          title: `Swedish report ${day}`,
          countries: ['SE'],
          type: 'analysis',
          publishedAt: `2012-07-${day}T12:00:00.000Z`,
          credits: [{ name: 'Per-Åke Westerlund', sectionSlug: 'rattvisepartiet', role: null }],
        }),
      );
    }
    const all = await listPublished(database.db, {}, { limit: 100, offset: 0 });
    expect(all.items.some((a) => a.title === 'Draft piece')).toBe(false);
    const dates = all.items.map((a) => a.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());

    const sweden = await listPublished(database.db, { country: 'SE' }, { limit: 2, offset: 2 });
    expect(sweden.total).toBe(5);
    expect(sweden.items.map((a) => a.title)).toEqual(['Swedish report 12', 'Swedish report 11']);
    expect((await listPublished(database.db, { type: 'analysis', month: '2012-07' }, { limit: 50, offset: 0 })).total).toBe(5);
    expect((await listPublished(database.db, { month: '2012-06' }, { limit: 50, offset: 0 })).total).toBe(2);
  });

  it('counts articles per month and per country', async () => {
    expect(await archiveMonths(database.db)).toEqual([
      { month: '2012-07', count: 5 },
      { month: '2012-06', count: 2 },
    ]);
    const counts = Object.fromEntries((await countryCounts(database.db)).map((c) => [c.country, c.count]));
    expect(counts).toEqual({ IE: 2, SE: 5 });
  });

  it('sorts sections by name and keeps their languages', async () => {
    const sections = await listSections(database.db);
    // Added Ireland's first: the list is by name, not by insertion.
    expect(sections.map((s) => s.name)).toEqual(['Rättvisepartiet Socialisterna', 'Socialist Party']);
    expect(sections.find((s) => s.slug === 'rattvisepartiet')).toMatchObject({ languages: ['sv'], website: 'https://example.org/rs' });
  });

  it('stores a campaign with its targets in order', async () => {
    const id = await database.db.transaction().execute((trx) =>
      insertCampaign(
        trx,
        {
          slug: 'kz',
          reference: 'UA 17/12',
          title: 'Free them',
          summary: '',
          status: 'active',
          identityMode: 'protective',
          languages: ['en'],
          copyTo: ['copies@example.org'],
          deadline: null,
          sectionId: null,
          targets: [
            {
              name: 'Alina Bulatovna Rakhimbekova',
              title: 'Head of the Supreme Court',
              organisation: null,
              country: 'KZ',
              email: 'court@example.org',
              phone: '+7 7172 747570',
              postalAddress: null,
              salutation: 'Dear Chief Justice',
              deliveryMode: 'paced',
            },
            {
              name: null,
              title: 'Foreign Ministry',
              organisation: null,
              country: 'KZ',
              email: 'mfa@example.org',
              phone: null,
              postalAddress: null,
              salutation: null,
              deliveryMode: 'digest',
            },
          ],
        },
        '2012-08-28T10:00:00.000Z',
      ),
    );
    const campaign = await findCampaign(database.db, id);
    expect(campaign?.copyTo).toEqual(['copies@example.org']);
    expect(campaign?.targets.map((t) => [t.title, t.deliveryMode])).toEqual([
      ['Head of the Supreme Court', 'paced'],
      ['Foreign Ministry', 'digest'],
    ]);
  });

  it('links a provenance publication', async () => {
    const pub = await insertPublication(database.db, { slug: 'socialism-today', name: 'Socialism Today', url: 'https://example.org/st', sectionId: null });
    expect(pub).toBeGreaterThan(0);
    const created = await createArticle(
      deps(),
      articleInput({ title: 'The Syrian cauldron', provenance: { publicationSlug: 'socialism-today', note: null, url: null } }),
    );
    const view = await findPublishedBySlug(database.db, created.slug);
    expect(view?.provenance?.publication).toEqual({ slug: 'socialism-today', name: 'Socialism Today', url: 'https://example.org/st' });
  });
});
