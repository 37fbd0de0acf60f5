import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveUnreadable } from '../../src/domain/import/xml-stream.js';
import { importArchive, type ImportDeps, type ImportOptions } from '../../src/services/import/import-archive.js';
import { fileSource } from '../../src/services/import/read-archive.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { writeWxr } from '../support/wxr.js';

const fixture = (name: string) => new URL(`../fixtures/wxr/${name}`, import.meta.url).pathname;

/** A JPEG as a camera leaves it, with EXIF, which the media pipeline must strip. */
async function photo(path: string, colour: { r: number; g: number; b: number }): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  const bytes = await sharp({ create: { width: 1200, height: 800, channels: 3, background: colour } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneCo', Artist: 'Someone at home' } })
    .toBuffer();
  writeFileSync(path, bytes);
}

describe.each(DATABASES)('http (%s): a WordPress site moved into Placard', (kind) => {
  let t: TestApp;
  let uploads: string;
  let work: string;
  let deps: ImportDeps;
  const options = (over: Partial<ImportOptions> = {}): ImportOptions => ({
    format: 'wxr',
    source: fileSource(fixture('wordpress-6.xml'), 'wordpress-6.xml'),
    mediaDir: uploads,
    map: {},
    dryRun: false,
    actor: 'command line',
    languages: ['ru'],
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp(kind, { demo: false });
    work = mkdtempSync(join(tmpdir(), 'placard-import-'));
    uploads = join(work, 'uploads');
    await photo(join(uploads, '2019/05/march.jpg'), { r: 200, g: 30, b: 30 });
    await photo(join(uploads, '2019/05/port-1024x683.jpg'), { r: 30, g: 30, b: 200 });
    deps = { db: t.database.db, media: t.placard.media, clock: () => new Date('2024-02-01T12:00:00Z'), changes: t.changes };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes nothing on a dry run, and reports what it would do', async () => {
    const report = await importArchive(deps, options({ dryRun: true }));
    expect(report).toMatchObject({ imported: 7, updated: 0, mediaImported: 2, missingMedia: ['2019/06/missing.jpg'] });
    const articles = await t.database.db.selectFrom('articles').select('id').execute();
    expect(articles).toEqual([]);
    expect(await t.database.db.selectFrom('media').select('id').execute()).toEqual([]);
  });

  it('imports posts as articles and reports what it skipped and what was missing', async () => {
    const report = await importArchive(deps, options());
    expect(report).toMatchObject({
      source: 'wxr:old.solidarity.example',
      imported: 7,
      updated: 0,
      unchanged: 0,
      skipped: { page: 1, attachment: 2, menu: 1, comment: 2, custom: 1, trash: 1, empty: 0, invalid: 0 },
      customTypes: { product: 1 },
      problems: [],
      missingMedia: ['2019/06/missing.jpg'],
      mediaImported: 2,
      embeds: 2,
    });
    expect(report.redirects).toBe(12);
    const rows = await t.database.db.selectFrom('articles').select(['slug', 'status', 'published_at', 'language']).orderBy('id').execute();
    expect(rows).toEqual([
      { slug: 'dock-workers-strike-in-aktau', status: 'published', published_at: '2019-05-14T10:30:00.000Z', language: 'en' },
      { slug: 'забастовка-в-жанаозене', status: 'published', published_at: '2019-06-02T03:15:00.000Z', language: 'en' },
      { slug: 'تضامن-مع-عمال-النسيج', status: 'published', published_at: '2019-07-01T06:00:00.000Z', language: 'en' },
      { slug: '香港工人团结', status: 'published', published_at: '2019-08-01T14:00:00.000Z', language: 'en' },
      { slug: 'notes-for-the-congress', status: 'draft', published_at: '2019-09-01T04:00:00.000Z', language: 'en' },
      { slug: 'congress-opens', status: 'scheduled', published_at: '2030-05-01T03:00:00.000Z', language: 'en' },
      { slug: 'internal-finances', status: 'draft', published_at: '2019-09-02T04:00:00.000Z', language: 'en' },
    ]);
    const contributors = await t.database.db.selectFrom('contributors').select('name').orderBy('name').execute();
    expect(contributors.map((c) => c.name)).toEqual(['Anna Petrova', 'Ерлан Сагатов']);
    expect(await t.database.db.selectFrom('users').select('id').execute()).toEqual([]);
    const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'archive-imported').executeTakeFirstOrThrow();
    expect(entry.summary).toContain('7 new');
    expect(entry.actor_label).toBe('command line');
  });

  it('shows the imported article with its text, table, captions, embeds, countries, topics and images, without their metadata', async () => {
    const res = await t.app.inject('/articles/dock-workers-strike-in-aktau');
    expect(res.statusCode).toBe(200);
    const doc = page(res.body);
    expect(doc.text('h1')).toBe('Dock workers strike in Aktau');
    expect(res.body).toContain('Three hundred stop work over unpaid wages.');
    expect(res.body).toContain('<strong>Aktau</strong>');
    expect(res.body).toContain('<em>The port of Aktau at dawn</em>');
    expect(res.body).toMatch(/<blockquote>\s*<p>We will not load a single ship until we are paid\./);
    expect(res.body).toMatch(/<th>Shift<\/th>/);
    expect(res.body).toContain('href="https://www.youtube.com/watch?v=aqz-KE-bpKQ"');
    expect(res.body).toContain('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"');
    expect(res.body).toContain('Anna Petrova');
    expect(res.body).toContain('href="/countries/kazakhstan"');
    expect(res.body).toContain('Labour');
    const inline = /<img src="(\/media\/[^"]+)" alt="The port at dawn"/.exec(res.body)?.[1];
    expect(inline).toBeDefined();
    expect(res.body).toContain('Marchers with red banners on the embankment');
    const file = await t.app.inject(inline!);
    expect(file.statusCode).toBe(200);
    const meta = await sharp(file.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    const russian = await t.app.inject(`/articles/${encodeURIComponent('забастовка-в-жанаозене')}`);
    expect(russian.statusCode).toBe(200);
    expect(russian.body).toContain('Ерлан Сагатов');
    expect(russian.body).toContain('href="/countries/kazakhstan"');
    expect(russian.body).toContain('<em>Площадь в Жанаозене</em>');
    expect(russian.body).not.toContain('missing.jpg');
    const arabic = await t.app.inject(`/articles/${encodeURIComponent('تضامن-مع-عمال-النسيج')}`);
    expect(arabic.body).toContain('href="/countries/egypt"');
    const chinese = await t.app.inject(`/articles/${encodeURIComponent('香港工人团结')}`);
    expect(page(chinese.body).text('h1')).toBe('香港工人团结 ✊🏽');
  });

  it('answers every old address of a published post with 301 to its article', async () => {
    const strike = '/articles/dock-workers-strike-in-aktau';
    for (const address of [
      '/2019/05/14/dock-workers-strike-in-aktau/',
      '/2019/05/14/dock-workers-strike-in-aktau',
      '/2019/05/dock-workers-strike-in-aktau/',
      '/?p=101',
      '/?p=101&utm_source=newsletter',
      '/index.php?p=101',
    ]) {
      const res = await t.app.inject(address);
      expect([address, res.statusCode, res.headers.location]).toEqual([address, 301, strike]);
    }
    const russian = `/articles/${encodeURIComponent('забастовка-в-жанаозене')}`;
    for (const address of [
      '/2019/06/02/%d0%b7%d0%b0%d0%b1%d0%b0%d1%81%d1%82%d0%be%d0%b2%d0%ba%d0%b0-%d0%b2-%d0%b6%d0%b0%d0%bd%d0%b0%d0%be%d0%b7%d0%b5%d0%bd%d0%b5/',
      `/2019/06/02/${encodeURIComponent('забастовка-в-жанаозене')}`,
      '/?p=102',
    ]) {
      const res = await t.app.inject(address);
      expect([address, res.statusCode, res.headers.location]).toEqual([address, 301, russian]);
    }
    // A draft, a page and an unknown post have no public article: the front page and 404 answer as before.
    expect((await t.app.inject('/?p=105')).statusCode).toBe(200);
    expect((await t.app.inject('/about/')).statusCode).toBe(404);
    expect((await t.app.inject('/?p=999')).statusCode).toBe(200);
    expect((await t.app.inject('/2019/05/14/nothing-here/')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/2019/05/14/dock-workers-strike-in-aktau/' })).statusCode).toBe(404);
  });

  it('creates nothing twice when run again, and rewrites only the items that changed', async () => {
    const again = await importArchive(deps, options());
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 7, mediaImported: 0 });
    const changed = join(work, 'changed.xml');
    writeFileSync(
      changed,
      readFileSync(fixture('wordpress-6.xml'), 'utf8').replace(
        '<title><![CDATA[Dock workers strike in Aktau]]></title>',
        '<title><![CDATA[Dock workers win in Aktau]]></title>',
      ),
    );
    const third = await importArchive(deps, options({ source: fileSource(changed, 'changed.xml') }));
    expect(third).toMatchObject({ imported: 0, updated: 1, unchanged: 6, mediaImported: 0 });
    expect(await t.database.db.selectFrom('articles').select('id').execute()).toHaveLength(7);
    expect(await t.database.db.selectFrom('media').select('id').execute()).toHaveLength(2);
    const res = await t.app.inject('/articles/dock-workers-strike-in-aktau');
    expect(page(res.body).text('h1')).toBe('Dock workers win in Aktau');
    expect((await t.app.inject('/?p=101')).headers.location).toBe('/articles/dock-workers-strike-in-aktau');
  });

  it('refuses hostile and malformed files before writing anything', async () => {
    const before = await t.database.db.selectFrom('audit_log').select('id').execute();
    for (const name of ['billion-laughs.xml', 'xxe.xml', 'malformed.xml', 'truncated.xml']) {
      const error = await importArchive(deps, options({ source: fileSource(fixture(name), name) })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveUnreadable);
      expect((error as Error).message.startsWith(`${name}:`)).toBe(true);
    }
    expect(await t.database.db.selectFrom('audit_log').select('id').execute()).toHaveLength(before.length);
    expect(await t.database.db.selectFrom('articles').select('id').execute()).toHaveLength(7);
  });

  it('gives a post whose slug is taken another one, and lets the latest import of an address win', async () => {
    const copy = join(work, 'other-site.xml');
    writeFileSync(copy, readFileSync(fixture('wordpress-6.xml'), 'utf8').replaceAll('old.solidarity.example', 'mirror.example'));
    const report = await importArchive(deps, options({ source: fileSource(copy, 'other-site.xml'), mediaDir: null }));
    expect(report).toMatchObject({ source: 'wxr:mirror.example', imported: 7, mediaImported: 0 });
    const slugs = await t.database.db.selectFrom('articles').select('slug').where('slug', 'like', 'dock-workers-strike-in-aktau%').orderBy('id').execute();
    expect(slugs.map((r) => r.slug)).toEqual(['dock-workers-strike-in-aktau', 'dock-workers-strike-in-aktau-2']);
    expect((await t.app.inject('/?p=101')).headers.location).toBe('/articles/dock-workers-strike-in-aktau-2');
    expect((await t.app.inject('/articles/dock-workers-strike-in-aktau-2')).body).not.toContain('alt="The port at dawn"');
    // The uploads copied afterwards: a second run adds the images to the article imported without them.
    const withImages = await importArchive(deps, options({ source: fileSource(copy, 'other-site.xml') }));
    expect(withImages).toMatchObject({ imported: 0, updated: 1, unchanged: 6, mediaImported: 2 });
    expect((await t.app.inject('/articles/dock-workers-strike-in-aktau-2')).body).toContain('alt="The port at dawn"');
  });

  it('imports RSS and Atom archives, with their links redirecting', async () => {
    const rss = await importArchive(deps, options({ format: 'feed', source: fileSource(fixture('feed-rss.xml'), 'feed-rss.xml'), mediaDir: null }));
    expect(rss).toMatchObject({ source: 'feed:arbeiterpresse.example', imported: 2, missingMedia: [] });
    const atom = await importArchive(deps, options({ format: 'feed', source: fileSource(fixture('feed-atom.xml'), 'feed-atom.xml'), mediaDir: null }));
    expect(atom).toMatchObject({ source: 'feed:labour.example', imported: 1 });
    const moved = await t.app.inject('/2020/03/streik-bei-der-bahn.html');
    expect(moved.statusCode).toBe(301);
    const article = await t.app.inject(moved.headers.location as string);
    expect(page(article.body).text('h1')).toBe('Streik bei der Bahn: Lokführer legen Arbeit nieder');
    expect(article.body).toContain('href="/countries/germany"');
    const nurses = await t.app.inject('/posts/nurses-win/');
    expect(nurses.statusCode).toBe(301);
    expect(nurses.headers.location).toBe('/articles/nurses-win-safe-staffing');
    expect((await t.app.inject('/articles/nurses-win-safe-staffing')).body).toContain('<strong>enforceable ratios</strong>');
    const wxrAsFeed = await importArchive(deps, options({ source: fileSource(fixture('feed-rss.xml'), 'feed-rss.xml') })).catch((e: unknown) => e);
    expect((wxrAsFeed as Error).message).toContain('not a WordPress export');
  });

  it('leaves out only the posts refused while their batch is written, and imports the others with their authors once', async () => {
    // Every fifth post is tagged Housing, which the map files under a section that does not
    // exist: it is refused in the middle of the batches that write the others.
    const file = join(work, 'batches.xml');
    writeWxr(file, 120, { site: 'https://batches.example', paragraphs: 1 });
    const report = await importArchive(
      deps,
      options({ source: fileSource(file, 'batches.xml'), mediaDir: null, map: { tags: { Housing: { section: 'no-such-section' } } } }),
    );
    expect(report).toMatchObject({ source: 'wxr:batches.example', imported: 96, updated: 0 });
    expect(report.skipped.invalid).toBe(24);
    expect(report.problems).toHaveLength(24);
    expect(report.problems[0]).toEqual({ item: '“Strike report number 1” (ID 1)', message: 'There is no section "no-such-section".' });
    const imported = await t.database.db.selectFrom('imported_items').select('item_key').where('source', '=', 'wxr:batches.example').execute();
    expect(imported.map((i) => i.item_key).sort()).toEqual(
      Array.from({ length: 120 }, (_, i) => i + 1)
        .filter((i) => i % 5 !== 1)
        .map((i) => `post:${i}`)
        .sort(),
    );
    const writers = await t.database.db.selectFrom('contributors').select('name').where('name', 'like', '% Writer').execute();
    // Erlan wrote exactly the refused posts (every fifth): what their transactions created was rolled back.
    expect(writers.map((w) => w.name).sort()).toEqual(['Anna Writer', 'Kwame Writer', 'Lucia Writer', 'Mei Writer']);
    const res = await t.app.inject('/articles/strike-report-number-120');
    expect(page(res.body).text('h1')).toBe('Strike report number 120');
    expect(res.body).toContain('Anna Writer');
    expect((await t.app.inject('/articles/strike-report-number-1')).statusCode).toBe(404);
    expect((await t.app.inject('/?p=119')).headers.location).toBe('/articles/strike-report-number-119');
    const again = await importArchive(
      deps,
      options({ source: fileSource(file, 'batches.xml'), mediaDir: null, map: { tags: { Housing: { section: 'no-such-section' } } } }),
    );
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 96 });
    expect(again.skipped.invalid).toBe(24);
  });
});
