import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportWordPress } from '../../src/services/export/wordpress-export.js';
import { importArchive } from '../../src/services/import/import-archive.js';
import { fileSource } from '../../src/services/import/read-archive.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';

/*
 * Leaving is as easy as arriving: the WordPress export Placard writes is a file Placard's
 * own WordPress import reads back, into a new site, with every published article, its
 * standfirst and its text.
 */
describe.each(DATABASES)('http (%s): a site exported for WordPress and imported again', (kind) => {
  let from: TestApp;
  let to: TestApp;
  let work: string;

  beforeAll(async () => {
    from = await startTestApp(kind);
    to = await startTestApp(kind, { demo: false });
    work = mkdtempSync(join(tmpdir(), 'placard-wxr-round-'));
  }, 120_000);
  afterAll(async () => {
    await from?.close();
    await to?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('brings every published article across with its title, standfirst and text, once', async () => {
    const file = join(work, 'site.xml');
    const site = from.placard.site.current();
    const exported = await exportWordPress(
      { db: from.database.db, messages: from.placard.site.messages(site.defaultLanguage), now: new Date() },
      { origin: from.config.publicUrl, name: site.name, description: site.tagline ?? '', language: site.defaultLanguage },
      file,
    );
    const published = await from.database.db
      .selectFrom('articles')
      .select(['slug', 'title', 'standfirst'])
      .where('status', '=', 'published')
      .orderBy('id')
      .execute();
    expect(published.length).toBeGreaterThan(3);
    expect(exported.posts).toBeGreaterThanOrEqual(published.length);

    const report = await importArchive(
      { db: to.database.db, media: to.placard.media, clock: () => new Date(), changes: to.changes },
      { format: 'wxr', source: fileSource(file, 'site.xml'), map: {}, dryRun: false, actor: 'command line' },
    );
    expect(report.problems).toEqual([]);
    expect(report.imported).toBe(exported.posts);

    for (const article of published) {
      const [before, after] = await Promise.all([from, to].map((app) => app.app.inject({ method: 'GET', url: `/articles/${article.slug}` })));
      expect(after!.statusCode, article.slug).toBe(200);
      const [was, is] = [page(before!.body), page(after!.body)];
      expect(is.text('main h1'), article.slug).toBe(article.title);
      if (article.standfirst) expect(is.text('main .standfirst'), article.slug).toBe(was.text('main .standfirst'));
      // The text, paragraph by paragraph, as readers had it.
      expect(is.texts('main .body > p'), article.slug).toEqual(was.texts('main .body > p'));
    }
    // Once more: nothing is created twice.
    const again = await importArchive(
      { db: to.database.db, media: to.placard.media, clock: () => new Date(), changes: to.changes },
      { format: 'wxr', source: fileSource(file, 'site.xml'), map: {}, dryRun: false, actor: 'command line' },
    );
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: exported.posts });
  }, 120_000);
});
