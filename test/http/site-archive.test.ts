import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../src/services/accounts/setup.js';
import { postOutcome } from '../../src/services/campaigns/outcomes.js';
import { ArchiveRefused, exportSite, importSite, type Manifest } from '../../src/services/export/site-archive.js';
import { uploadImage } from '../../src/services/media/upload-image.js';
import { openDatabase } from '../../src/store/db/database.js';
import { appliedMigrations, countTableRows, readTableRows } from '../../src/store/export/archive-rows.store.js';
import { ACTION_PERSONAL_COLUMNS, ARCHIVE_TABLES, TABLE_ORDER, type TableName } from '../../src/store/export/archive-tables.js';
import { localMediaFiles } from '../../src/store/media/media-files.js';
import { migrate, migrations } from '../../src/store/migrations/migrate.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createThroughForm, editorForm, formVersion } from '../support/articles.js';
import { campaignIdOf, counterOn, createAction, createSupporter, DEMO_SLUG, type TestSupporter } from '../support/campaigns.js';
import { scratchDatabase, type DatabaseKind, type ScratchDatabase } from '../support/databases.js';
import { picture } from '../fixtures/media/images.js';
import { createStaff, signInAs } from '../support/staff.js';

/*
 * The proof that an archive is the whole site (docs/decisions/0032): the demo site with a
 * translation, an outcome, an uploaded image, an old address and a counted action is
 * exported from SQLite, restored into PostgreSQL, exported again and restored into
 * SQLite; every public page reached by following links (and the sitemaps) answers the same
 * bytes after the origin, and every table holds as many rows as its class says.
 */

const NOW = new Date('2026-05-04T09:30:00.000Z');
const clock = () => NOW;
const KNOWN = migrations.map((m) => m.name);
// Pages of the site only: /metrics, /health and /ready describe the node that answers.
const SKIP = /^\/(admin|search|your-data|confirm|preview|assets|metrics|health|ready)(\/|\?|$)|\/challenge(\?|$)/;

type Pages = Map<string, { status: number; body: string }>;

/** Every public page and media file reachable from the front page, the routes without parameters, the sitemaps and the old addresses. */
async function crawl(t: TestApp): Promise<Pages> {
  const origin = t.config.publicUrl;
  const old = (await t.database.db.selectFrom('article_old_slugs').select('slug').execute()).map((r) => `/articles/${encodeURIComponent(r.slug)}`);
  const seeds = [
    '/',
    '/sitemap.xml',
    ...old,
    ...t.allRoutes.filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.includes('*')).map((r) => r.url),
  ];
  const queue = [...new Set(seeds)].filter((url) => !SKIP.test(url));
  const seen = new Set(queue);
  const pages: Pages = new Map();
  while (queue.length > 0 && pages.size < 3000) {
    const url = queue.shift()!;
    const res = await t.app.inject({ method: 'GET', url });
    const media = url.startsWith('/media/');
    const body = media ? createHash('sha256').update(res.rawPayload).digest('hex') : res.body.replaceAll(origin, 'ORIGIN');
    pages.set(url, { status: res.statusCode, body });
    if (media) continue;
    const links = [...body.matchAll(/(?:href|src)="(\/[^"#]*)"/g), ...body.matchAll(/ORIGIN(\/[^"<#\s]*)/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    for (const link of links) {
      if (seen.has(link) || SKIP.test(link) || link.startsWith('//')) continue;
      seen.add(link);
      queue.push(link);
    }
  }
  return pages;
}

async function allRows(t: Pick<TestApp, 'database'>, table: TableName): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for await (const batch of readTableRows(t.database.db, t.database.dialect, table)) rows.push(...batch);
  return rows;
}

async function counts(t: Pick<TestApp, 'database'>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLE_ORDER) out[table] = await countTableRows(t.database.db, table);
  return out;
}

/** What a restore of an archive without supporters must hold, table by table, given the source's rows. */
function expectedCounts(source: Record<string, number>, manifest: Manifest, withSupporters: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of TABLE_ORDER) {
    const kind = ARCHIVE_TABLES[table].class;
    if (table === 'search_documents') out[table] = source[table]!;
    else if (kind === 'runtime') out[table] = 0;
    else if (kind === 'personal' && !withSupporters) out[table] = table === 'actions' ? manifest.tables.find((t) => t.name === 'actions')!.rows : 0;
    else out[table] = source[table]!;
  }
  return out;
}

/** Restores an archive into a new database of that kind, as `import-archive` does, then composes Placard on it with the demo off. */
async function restoreInto(
  kind: DatabaseKind,
  file: string,
  passphrase = '',
  options: { servedFirst?: boolean } = {},
): Promise<{ t: TestApp; scratch: ScratchDatabase }> {
  const scratch = await scratchDatabase(kind);
  if (options.servedFirst) {
    // Started once with PLACARD_DEMO=off, as the operations guide allows: a set-up link and the installation's secret, no content.
    const first = await startTestApp(kind, { scratch, demo: false, clock, intakeWorker: false });
    expect(await issueSetupToken({ db: first.database.db, clock })).not.toBeNull();
    await first.placard.close();
  }
  const database = openDatabase(scratch.config);
  try {
    // A brand-new database: the restore creates the schema itself.
    await importSite({ database, media: localMediaFiles(join(scratch.dataDir, 'media')) }, file, { passphrase: async () => passphrase });
  } finally {
    await database.close();
  }
  const t = await startTestApp(kind, { scratch, demo: false, clock, intakeWorker: false });
  return { t, scratch };
}

function exportFrom(t: TestApp, file: string, options: { withSupporters?: boolean; passphrase?: string } = {}): Promise<Manifest> {
  return exportSite({ database: t.database, media: t.placard.media, clock }, file, {
    withSupporters: options.withSupporters ?? false,
    withSecrets: false,
    passphrase: options.passphrase,
    placardVersion: '0.1.0',
    actor: 'command line',
  });
}

function expectSamePages(restored: Pages, source: Pages): void {
  expect([...restored.keys()].sort()).toEqual([...source.keys()].sort());
  for (const [url, page] of source) {
    const other = restored.get(url)!;
    expect(other.status, url).toBe(page.status);
    // Compared as strings so that a difference shows where it is.
    if (other.body !== page.body) expect(other.body, url).toBe(page.body);
  }
}

describe('http: a site archive restores the same site on the other database and back', () => {
  let source: TestApp;
  let work: string;
  let supporter: TestSupporter;
  const opened: TestApp[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'placard-archive-'));
    source = await startTestApp('sqlite', { clock, intakeWorker: false });
    const editor = await createStaff(source, 'editor');
    const client = await signInAs(source, editor);
    // An uploaded image, the lead image of a new article that is then renamed: an old address.
    const mediaId = await uploadImage(
      { db: source.database.db, media: source.placard.media, clock },
      { bytes: await picture('jpeg', 1200, 800), fileName: 'dockers.jpg', alt: 'Dockers with a union banner', uploaderId: editor.id },
    );
    const id = await createThroughForm(client, { title: 'Dockers strike', slug: 'dockers-strike', imageId: String(mediaId) });
    expect((await client.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(303);
    const edit = await client.get(`/admin/articles/${id}/edit`);
    const renamed = await client.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'Dublin dockers strike', slug: 'dublin-dockers-strike', imageId: String(mediaId), version: formVersion(edit.body) }),
    );
    expect(renamed.statusCode).toBe(303);
    // A translation, published.
    const added = await client.post(`/admin/articles/${id}/translations/add`, { translationLanguage: 'es' });
    expect(added.statusCode).toBe(303);
    const spanish = Number(/\/admin\/articles\/(\d+)\/edit/.exec(String(added.headers.location))?.[1]);
    expect((await client.post(`/admin/articles/${spanish}/publish`, {})).statusCode).toBe(303);
    // The demo campaign's outcome, and a counted action on it.
    const coordinator = await createStaff(source, 'coordinator');
    const campaignId = await campaignIdOf(source, DEMO_SLUG);
    const staff = {
      id: coordinator.id,
      name: 'Coordinator',
      email: coordinator.email,
      role: 'coordinator' as const,
      sectionIds: [],
      contributorId: null,
      totpEnabled: false,
    };
    await postOutcome(source.actions, staff, campaignId, { occurredOn: '2012-09-03', title: 'Charges dropped', body: 'The court dropped the charges.' });
    supporter = await createSupporter(source.database.db, { email: 'aigerim.archive@example.net', name: 'Aigerim Archive', country: 'KZ' });
    await createAction(source.database.db, supporter, campaignId, { at: '2026-05-01T10:00:00.000Z' });
  }, 120_000);

  afterAll(async () => {
    for (const t of opened) await t.close();
    await source?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('exports from SQLite, restores into PostgreSQL and back: every public page byte for byte, every row count', async () => {
    const first = join(work, 'site.tar.gz');
    const manifest = await exportFrom(source, first);
    expect(manifest).toMatchObject({ format: 'placard-site-archive', formatVersion: 1, sourceDatabase: 'sqlite', withSupporters: false, migrations: KNOWN });
    expect(manifest.tables.map((t) => t.name)).not.toContain('supporters');
    expect(manifest.missingMedia).toEqual([]);
    const sourceCounts = await counts(source);
    for (const table of manifest.tables)
      if (table.name !== 'actions') expect(table.rows, table.name).toBe(table.name === 'settings' ? sourceCounts.settings! - 1 : sourceCounts[table.name]);
    // Without supporters' data no address is in the archive, anywhere.
    const bytes = gunzipSync(readFileSync(first));
    expect(bytes.includes(supporter.email)).toBe(false);
    expect(bytes.includes('Aigerim Archive')).toBe(false);
    expect(bytes.includes(supporter.token)).toBe(false);

    const postgres = await restoreInto('postgres', first, '', { servedFirst: true });
    opened.push(postgres.t);
    expect(await counts(postgres.t)).toEqual(expectedCounts(sourceCounts, manifest, false));
    // Row for row, value for value (integers, 0/1 booleans, ISO times, JSON text), but for what the archive leaves out.
    for (const { name } of manifest.tables) {
      const table = name as TableName;
      const hidden = (row: Record<string, unknown>) =>
        table === 'users' ? { ...row, ...ARCHIVE_TABLES.users.secret } : table === 'actions' ? { ...row, ...ACTION_PERSONAL_COLUMNS } : row;
      const keep = (row: Record<string, unknown>) =>
        (table !== 'settings' || row.key !== 'server_secret') && (table !== 'actions' || row.status === 'confirmed');
      expect((await allRows(postgres.t, table)).filter(keep), table).toEqual((await allRows(source, table)).filter(keep).map(hidden));
    }

    const second = join(work, 'from-postgres.tar.gz');
    const again = await exportFrom(postgres.t, second);
    expect(again.sourceDatabase).toBe('postgres');
    const postgresCounts = await counts(postgres.t);
    const sqlite = await restoreInto('sqlite', second);
    opened.push(sqlite.t);
    expect(await counts(sqlite.t)).toEqual(expectedCounts(postgresCounts, again, false));
    // The same rows on the way back, apart from the audit entry of the second export.
    expect((await counts(sqlite.t)).articles).toBe(sourceCounts.articles);
    expect((await counts(sqlite.t)).audit_log).toBe(sourceCounts.audit_log! + 1);

    const pages = await crawl(source);
    expect(pages.get('/articles/dublin-dockers-strike')?.status).toBe(200);
    expect(pages.get('/articles/dockers-strike')?.status).toBe(301);
    expect([...pages.keys()].filter((url) => url.startsWith('/media/')).length).toBeGreaterThan(1);
    expect([...pages.keys()].some((url) => url.startsWith('/articles/dublin-dockers-strike-es'))).toBe(true);
    expect(pages.get(`/campaigns/${DEMO_SLUG}`)?.body).toContain('Charges dropped');
    // The count is a public figure: the anonymous action in the archive keeps it.
    expect(counterOn(pages.get(`/campaigns/${DEMO_SLUG}`)!.body).total).toMatch(/^1\b/);
    expect(pages.size).toBeGreaterThan(40);
    expectSamePages(await crawl(postgres.t), pages);
    expectSamePages(await crawl(sqlite.t), pages);
    // New rows after a restore take fresh ids: PostgreSQL's sequences were moved past the restored ones.
    const editor = await createStaff(postgres.t, 'editor');
    const client = await signInAs(postgres.t, editor);
    const created = await createThroughForm(client, { title: 'After the move' });
    expect(created).toBeGreaterThan(Math.max(...(await source.database.db.selectFrom('articles').select('id').execute()).map((r) => r.id)));
  }, 300_000);

  it('restores an archive made before a later migration, then applies it; refuses a database already past it, and a damaged archive', async () => {
    const file = join(work, 'current.tar.gz');
    await exportFrom(source, file);
    // The same archive as Placard would have written it before full-text search (0016).
    const unpacked = join(work, 'older');
    mkdirSync(unpacked);
    await tar.x({ file, cwd: unpacked });
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as Manifest;
    // Made then, it would know only the migrations before 0016 and the tables they had made.
    const before = manifest.migrations.slice(0, manifest.migrations.indexOf('0016-full-text-search'));
    const then = await scratchDatabase('sqlite');
    const thenDatabase = openDatabase(then.config);
    let tablesThen: Set<string>;
    try {
      await migrate(thenDatabase, { until: before.at(-1)! });
      tablesThen = new Set((await thenDatabase.db.introspection.getTables()).map((table) => table.name));
    } finally {
      await thenDatabase.close();
      await then.dispose();
    }
    for (const table of manifest.tables.filter((t) => !tablesThen.has(t.name))) rmSync(join(unpacked, table.file));
    writeFileSync(
      join(unpacked, 'manifest.json'),
      JSON.stringify({ ...manifest, migrations: before, tables: manifest.tables.filter((t) => tablesThen.has(t.name)) }),
    );
    const older = join(work, 'older.tar.gz');
    await tar.c({ gzip: true, file: older, cwd: unpacked }, ['manifest.json', 'tables', 'media']);

    // A changed byte in a table is found before anything is written.
    const damagedDir = join(work, 'damaged');
    mkdirSync(damagedDir);
    await tar.x({ file, cwd: damagedDir });
    const articlesFile = join(damagedDir, 'tables', 'articles.jsonl');
    writeFileSync(articlesFile, readFileSync(articlesFile, 'utf8').replace('Dublin dockers strike', 'Dublin dockers strike!'));
    const damaged = join(work, 'damaged.tar.gz');
    await tar.c({ gzip: true, file: damaged, cwd: damagedDir }, ['manifest.json', 'tables', 'media']);
    const untouched = await scratchDatabase('sqlite');
    const fresh = openDatabase(untouched.config);
    try {
      const refused = await importSite({ database: fresh, media: localMediaFiles(join(untouched.dataDir, 'media')) }, damaged, {
        passphrase: async () => '',
      }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ key: 'cli.export.badFile', values: { file: 'tables/articles.jsonl' } });
      expect(await fresh.db.introspection.getTables()).toEqual([]);
    } finally {
      await fresh.close();
      await untouched.dispose();
    }

    const migrated = await scratchDatabase('postgres');
    const database = openDatabase(migrated.config);
    try {
      await migrate(database);
      const refused = await importSite({ database, media: localMediaFiles(join(migrated.dataDir, 'media')) }, older, { passphrase: async () => '' }).catch(
        (error: unknown) => error,
      );
      expect(refused).toMatchObject({ key: 'cli.export.laterSchema', values: { migration: '0016-full-text-search' } });
    } finally {
      await database.close();
      await migrated.dispose();
    }

    const restored = await restoreInto('postgres', older);
    opened.push(restored.t);
    expect(await appliedMigrations(restored.t.database.db)).toEqual(KNOWN);
    // 0016 ran after the rows were in, and indexed them: search finds the restored article.
    expect(await countTableRows(restored.t.database.db, 'search_documents')).toBe(await countTableRows(source.database.db, 'search_documents'));
    const found = await restored.t.app.inject('/search?q=dockers');
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('/articles/dublin-dockers-strike');
  }, 120_000);

  it('encrypts an archive with supporters, refuses a wrong passphrase without writing, and keeps the data link working', async () => {
    const file = join(work, 'with-supporters.tar.gz.enc');
    const passphrase = 'correct horse battery staple';
    const manifest = await exportFrom(source, file, { withSupporters: true, passphrase });
    expect(manifest.withSupporters).toBe(true);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
    expect(bytes.includes(supporter.email)).toBe(false);
    expect(() => gunzipSync(bytes)).toThrow();
    const entry = await source.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'site-exported')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_label: 'command line', summary: "Exported the whole site with supporters' personal data (encrypted)" });

    const scratch = await scratchDatabase('postgres');
    const database = openDatabase(scratch.config);
    try {
      await migrate(database);
      const refused = await importSite({ database, media: localMediaFiles(join(scratch.dataDir, 'media')) }, file, {
        passphrase: async () => 'not the passphrase',
      }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ArchiveRefused);
      expect((refused as ArchiveRefused).key).toBe('cli.export.wrongPassphrase');
      for (const table of TABLE_ORDER) expect(await countTableRows(database.db, table as TableName), table).toBe(0);
    } finally {
      await database.close();
      await scratch.dispose();
    }

    const sourceCounts = await counts(source);
    const restored = await restoreInto('postgres', file, passphrase);
    opened.push(restored.t);
    expect(await counts(restored.t)).toEqual(expectedCounts(sourceCounts, manifest, true));
    const data = await restored.t.app.inject(`/your-data/${supporter.token}`);
    expect(data.statusCode).toBe(200);
    expect(data.body).toContain(supporter.email);
  }, 300_000);
});
