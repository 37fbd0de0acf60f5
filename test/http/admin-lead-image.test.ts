import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editMediaText } from '../../src/services/media/media-library.js';
import { uploadImage } from '../../src/services/media/upload-image.js';
import { localMediaFiles } from '../../src/store/media/media-files.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { createThroughForm, editorForm, formVersion } from '../support/articles.js';
import { page } from '../support/html.js';
import { createStaff, signInAs } from '../support/staff.js';
import { picture } from '../fixtures/media/images.js';

describe.each(DATABASES)('http (%s): a lead image needs alt text before publishing', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('refuses to publish or schedule until the image is described, then publishes', async () => {
    const editor = await createStaff(t, 'editor');
    const client = await signInAs(t, editor);
    const media = localMediaFiles(join(t.config.dataDir, 'media'));
    const mediaId = await uploadImage(
      { db: t.database.db, media, clock: () => new Date() },
      { bytes: await picture('jpeg', 800, 600), fileName: 'IMG_2041.JPG', alt: '', uploaderId: editor.id },
    );
    const id = await createThroughForm(client, { imageId: String(mediaId), title: 'Dockers march on the Dáil' });

    const refused = await client.post(`/admin/articles/${id}/publish`, {});
    expect(refused.statusCode).toBe(422);
    expect(page(refused.body).text('section.workflow p.field-error')).toMatch(/^The lead image needs alt text before the article can be published\./);
    const scheduled = await client.post(`/admin/articles/${id}/schedule`, { publishAt: '2030-01-01T09:00' });
    expect(scheduled.statusCode).toBe(422);
    expect((await t.app.inject('/articles/dockers-march-on-the-dáil'.normalize())).statusCode).toBe(404);

    await editMediaText({ db: t.database.db, changes: t.changes }, mediaId, {
      alt: 'Dockers with a union banner crossing O’Connell Bridge',
      caption: '',
      credit: '',
    });
    expect((await client.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(303);
    const published = await t.app.inject(`/articles/${encodeURIComponent('dockers-march-on-the-dáil')}`);
    expect(published.statusCode).toBe(200);
    expect(page(published.body).first('figure.lead-image img').attr('alt')).toBe('Dockers with a union banner crossing O’Connell Bridge');

    // Once public, the article cannot be saved with an undescribed image either.
    const other = await uploadImage(
      { db: t.database.db, media, clock: () => new Date() },
      { bytes: await picture('png', 640, 480), fileName: 'chart.png', alt: '', uploaderId: editor.id },
    );
    const edit = await client.get(`/admin/articles/${id}/edit`);
    const save = await client.post(
      `/admin/articles/${id}/edit`,
      editorForm({ imageId: String(other), title: 'Dockers march on the Dáil', version: formVersion(edit.body) }),
    );
    expect(save.statusCode).toBe(422);
    expect(page(save.body).first('form.article-form').field('imageId')).toMatchObject({
      value: String(other),
      error: expect.stringContaining('needs alt text'),
    });
  });
});
