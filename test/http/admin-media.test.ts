import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/domain/errors.js';
import { createArticle } from '../../src/services/articles/create-article.js';
import { assertPublishableImage } from '../../src/services/media/publishable-image.js';
import { insertMedia } from '../../src/store/media/media.store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { articleInput } from '../support/articles.js';
import { page, type HtmlElement } from '../support/html.js';
import { testClock } from '../support/clock.js';
import { Client, createStaff, signInAs, type StaffAccount } from '../support/staff.js';
import { bombPng, multipartBody, picture, UNNAMED_HTML, withTrailer, zipArchive } from '../fixtures/media/images.js';

type File = { name: string; type: string; bytes: Buffer };

describe.each(DATABASES)('http (%s): media uploads and the media library', (kind) => {
  let t: TestApp;
  let author: StaffAccount;
  let editor: Client;
  let authorClient: Client;
  const clock = testClock();
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    author = await createStaff(t, 'author', { name: 'Ana Author' });
    editor = await signInAs(t, await createStaff(t, 'editor', { name: 'Eddie Editor' }));
    authorClient = await signInAs(t, author);
  });
  afterAll(async () => t?.close());

  const db = () => t.database.db;
  const mediaDir = () => join(t.config.dataDir, 'media');
  const storedFiles = () =>
    readdirSync(mediaDir())
      .filter((f) => !f.startsWith('.'))
      .sort();

  /** Posts the upload form as a browser does: multipart, the CSRF token in the action's query string. */
  async function upload(client: Client, fields: Record<string, string>, file?: File, options: { token?: string | null; origin?: string } = {}) {
    const { payload, contentType } = multipartBody(fields, file);
    const token = options.token === undefined ? client.csrf : options.token;
    return client.t.app.inject({
      method: 'POST',
      url: token === null ? '/admin/media/upload' : `/admin/media/upload?_csrf=${encodeURIComponent(token)}`,
      payload,
      headers: {
        'content-type': contentType,
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: options.origin ?? new URL(t.config.publicUrl).origin,
      },
    });
  }

  async function uploaded(client: Client, fields: Record<string, string>, file: File): Promise<number> {
    const res = await upload(client, fields, file);
    expect(res.statusCode, page(res.body).texts('p.field-error').join(' ')).toBe(303);
    const id = Number(/^\/admin\/media\/(\d+)\?uploaded=1$/.exec(res.headers.location as string)?.[1]);
    expect(id).toBeGreaterThan(0);
    return id;
  }

  const variantsOf = (id: number) => db().selectFrom('media_variants').selectAll().where('media_id', '=', id).orderBy('width').orderBy('format').execute();
  const served = async (path: string) => {
    const res = await t.app.inject({ url: path });
    expect(res.statusCode, path).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    return { type: res.headers['content-type'], bytes: res.rawPayload };
  };

  it('re-encodes a JPEG into WebP and JPEG at 320, 640, 1024, 1200 and 1600 px, never the uploaded bytes', async () => {
    const original = await picture('jpeg', 2000, 1000);
    const id = await uploaded(
      editor,
      { alt: 'A red square with a yellow sun', caption: 'The sun', credit: 'Placard' },
      { name: 'sun.jpg', type: 'image/jpeg', bytes: original },
    );
    const variants = await variantsOf(id);
    expect(variants.map((v) => `${v.format}:${v.width}x${v.height}`)).toEqual([
      'jpeg:320x160',
      'webp:320x160',
      'jpeg:640x320',
      'webp:640x320',
      'jpeg:1024x512',
      'webp:1024x512',
      'jpeg:1200x600',
      'webp:1200x600',
      'jpeg:1600x800',
      'webp:1600x800',
    ]);
    for (const v of variants) {
      const file = await served(v.path);
      expect(file.type).toBe(v.format === 'jpeg' ? 'image/jpeg' : 'image/webp');
      const meta = await sharp(file.bytes).metadata();
      expect([meta.format, meta.width, meta.height, file.bytes.length]).toEqual([v.format, v.width, v.height, Number(v.bytes)]);
      expect(file.bytes.equals(original)).toBe(false);
    }
    const row = await db().selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([row.mime, row.width, row.height, row.original_name, row.alt, row.caption, row.credit]).toEqual([
      'image/jpeg',
      1600,
      800,
      'sun.jpg',
      'A red square with a yellow sun',
      'The sun',
      'Placard',
    ]);
    expect(row.path).toBe(variants.find((v) => v.format === 'jpeg' && v.width === 1600)?.path);
    expect(row.uploaded_by).not.toBeNull();
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps a PNG a PNG, a WebP a WebP and a GIF a GIF (its first frame), never scaling up', async () => {
    const png = await uploaded(authorClient, { alt: 'Chart' }, { name: 'chart.png', type: 'image/png', bytes: await picture('png', 700, 350) });
    expect((await variantsOf(png)).map((v) => `${v.format}:${v.width}`)).toEqual(['png:320', 'webp:320', 'png:700', 'webp:700']);
    const webp = await uploaded(authorClient, { alt: 'Sun' }, { name: 'sun.webp', type: 'image/webp', bytes: await picture('webp', 400, 300) });
    expect((await variantsOf(webp)).map((v) => `${v.format}:${v.width}x${v.height}`)).toEqual(['webp:320x240', 'webp:400x300']);
    const frames = await Promise.all(
      ['#f00', '#00f'].map((c) =>
        sharp({ create: { width: 200, height: 100, channels: 3, background: c } })
          .png()
          .toBuffer(),
      ),
    );
    const animated = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const gif = await uploaded(authorClient, { alt: 'Red' }, { name: 'flash.gif', type: 'image/gif', bytes: animated });
    const gifVariants = await variantsOf(gif);
    expect(gifVariants.map((v) => `${v.format}:${v.width}x${v.height}`)).toEqual(['gif:200x100', 'webp:200x100']);
    for (const v of gifVariants) {
      const file = await served(v.path);
      const meta = await sharp(file.bytes, { animated: true }).metadata();
      expect(meta.pages ?? 1).toBe(1);
      const { dominant } = await sharp(file.bytes).stats();
      expect(dominant.r).toBeGreaterThan(200); // the first frame (red), not the second (blue)
    }
  });

  it('removes EXIF and GPS, turning the picture upright first', async () => {
    const withExif = await sharp(await picture('jpeg', 600, 400))
      .withMetadata({ orientation: 6 })
      .withExifMerge({
        IFD0: { Make: 'TestCam', Artist: 'Ana Photographer' },
        IFD3: { GPSLatitudeRef: 'N', GPSMapDatum: 'WGS-84', GPSLatitude: '51/1 30/1 0/1' },
      })
      .jpeg()
      .toBuffer();
    const before = await sharp(withExif).metadata();
    expect([before.orientation, Boolean(before.exif), withExif.includes('WGS-84'), withExif.includes('Ana Photographer')]).toEqual([6, true, true, true]);
    const id = await uploaded(editor, { alt: 'Upright' }, { name: 'phone.jpg', type: 'image/jpeg', bytes: withExif });
    const variants = await variantsOf(id);
    expect(variants.map((v) => `${v.format}:${v.width}x${v.height}`)).toEqual(['jpeg:320x480', 'webp:320x480', 'jpeg:400x600', 'webp:400x600']);
    for (const v of variants) {
      const { bytes } = await served(v.path);
      const meta = await sharp(bytes).metadata();
      expect([meta.exif, meta.xmp, meta.iptc, meta.orientation], v.path).toEqual([undefined, undefined, undefined, undefined]);
      for (const trace of ['WGS-84', 'TestCam', 'Ana Photographer', 'Exif']) expect(bytes.includes(trace), `${v.path} holds ${trace}`).toBe(false);
    }
  });

  it('refuses a file over 20 MB with 413, keeping what was typed', async () => {
    const before = await db().selectFrom('media').select('id').execute();
    const big = Buffer.concat([await picture('jpeg', 64, 64), Buffer.alloc(20 * 1024 * 1024)]);
    const res = await upload(editor, { alt: 'Too big', caption: 'Big caption', credit: 'Big credit' }, { name: 'big.jpg', type: 'image/jpeg', bytes: big });
    expect(res.statusCode).toBe(413);
    const form = page(res.body).first('form[enctype="multipart/form-data"]');
    expect(form.errorFor('file')).toMatch(/^The file is larger than 20 MB\. .* Choose the file again\.$/);
    expect([form.field('alt').value, form.field('caption').value, form.field('credit').value]).toEqual(['Too big', 'Big caption', 'Big credit']);
    // A request far over the limit is refused before it is read.
    const huge = await upload(editor, { alt: 'Huge' }, { name: 'huge.jpg', type: 'image/jpeg', bytes: Buffer.alloc(41 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    expect(page(huge.body).errorFor('file')).toMatch(/^The file is larger than 20 MB\./);
    expect(await db().selectFrom('media').select('id').execute()).toEqual(before);
  });

  it('refuses SVG and anything that is not really an image with 422, keeping the text, storing nothing', async () => {
    const files = storedFiles();
    const jpeg = await picture('jpeg', 300, 200);
    const cases: [File, string][] = [
      [
        { name: 'logo.svg', type: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') },
        'SVG drawings are not accepted',
      ],
      [
        { name: 'logo.png', type: 'image/png', bytes: Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>') },
        'SVG drawings are not accepted',
      ],
      [{ name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('This is a text file, not a photo.\n') }, 'not a JPEG, PNG, WebP or GIF image'],
      [{ name: 'scan.png', type: 'image/png', bytes: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') }, 'is a PDF document'],
      [{ name: 'cut.jpg', type: 'image/jpeg', bytes: jpeg.subarray(0, Math.floor(jpeg.length * 0.6)) }, 'damaged or incomplete'],
      [
        { name: 'page.jpg', type: 'image/jpeg', bytes: Buffer.concat([jpeg, Buffer.from('<html><body><script>fetch("/admin")</script></body></html>')]) },
        'with HTML or script hidden in it',
      ],
      [{ name: 'gifar.jpg', type: 'image/jpeg', bytes: Buffer.concat([jpeg, zipArchive('Exploit.class', 'cafebabe')]) }, 'with a ZIP archive hidden in it'],
      [
        { name: 'chart.png', type: 'image/png', bytes: withTrailer(await picture('png', 300, 200), UNNAMED_HTML) },
        'of something else after the end of the image',
      ],
      [
        { name: 'loop.gif', type: 'image/gif', bytes: withTrailer(await picture('gif', 300, 200), UNNAMED_HTML) },
        'of something else after the end of the image',
      ],
      [{ name: 'bomb.png', type: 'image/png', bytes: bombPng(8000, 8000) }, '64.0 megapixels); the most accepted is 50 megapixels'],
      [{ name: 'empty.jpg', type: 'image/jpeg', bytes: Buffer.alloc(0) }, 'Choose an image file to upload.'],
    ];
    const typed = { alt: 'Marchers & "friends" <at> the gates', caption: 'Line one\nLine two', credit: 'Ó Briain' };
    for (const [file, message] of cases) {
      const res = await upload(authorClient, typed, file);
      expect(res.statusCode, file.name).toBe(422);
      const form = page(res.body).first('form[enctype="multipart/form-data"]');
      expect(form.errorFor('file'), file.name).toContain(message);
      expect([form.field('alt').value, form.field('caption').value, form.field('credit').value]).toEqual([typed.alt, typed.caption, typed.credit]);
    }
    const none = await upload(authorClient, typed);
    expect(none.statusCode).toBe(422);
    expect(page(none.body).errorFor('file')).toMatch(/^Choose an image file to upload\./);
    expect(storedFiles()).toEqual(files);
  });

  it('refuses an upload without the CSRF token, from another site, or from a coordinator', async () => {
    const file = { name: 'x.png', type: 'image/png', bytes: await picture('png', 40, 40) };
    expect((await upload(editor, { alt: 'x' }, file, { token: null })).statusCode).toBe(403);
    expect((await upload(editor, { alt: 'x' }, file, { token: 'A'.repeat(43) })).statusCode).toBe(403);
    expect((await upload(editor, { alt: 'x' }, file, { origin: 'https://evil.example' })).statusCode).toBe(403);
    const coordinator = await signInAs(t, await createStaff(t, 'coordinator'));
    expect((await upload(coordinator, { alt: 'x' }, file)).statusCode).toBe(403);
    expect((await coordinator.get('/admin/media')).statusCode).toBe(403);
    expect((await coordinator.get('/admin/media/upload')).statusCode).toBe(403);
    expect((await new Client(t).get('/admin/media')).statusCode).toBe(303);
    // The token in the query string is accepted for multipart bodies only.
    const sneaky = await t.app.inject({
      method: 'POST',
      url: `/admin/media/1?_csrf=${editor.csrf}`,
      payload: 'alt=changed',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: new URL(t.config.publicUrl).origin,
      },
    });
    expect(sneaky.statusCode).toBe(403);
  });

  it('lists the library newest first with thumbnails, alt text or "Needs alt text", file name, size, date and uploader', async () => {
    clock.advance(1);
    const id = await uploaded(authorClient, { alt: '' }, { name: 'no-alt.png', type: 'image/png', bytes: await picture('png', 360, 240) });
    const res = await authorClient.get('/admin/media');
    expect(res.statusCode).toBe(200);
    const cards = page(res.body).all('ul.media-grid li.media-card');
    const position = (href: string) => cards.findIndex((c) => c.first('a').attr('href') === href);
    // Newest first: this upload before the editor's earlier one.
    expect(position(`/admin/media/${id}`)).toBeGreaterThanOrEqual(0);
    expect(position(`/admin/media/${id}`)).toBeLessThan(position('/admin/media/2'));
    const card = cards[position(`/admin/media/${id}`)]!;
    expect(card.text('.media-name')).toBe('no-alt.png');
    expect(card.text('p.needs-alt')).toBe('Needs alt text');
    expect(card.has('p.media-alt')).toBe(false);
    const thumb = (c: HtmlElement) => c.first('img');
    expect(thumb(card).attr('src')).toMatch(/^\/media\/[\w-]+\.webp$/);
    // 320 is too close to 360 to be worth a file; the alt text is written out below, so the thumbnail is decorative.
    expect([thumb(card).attr('alt'), thumb(card).attr('width'), thumb(card).attr('height')]).toEqual(['', '360', '240']);
    expect(card.text('p.meta')).toMatch(/^360 × 240 px, \d+ KB .+, Ana Author$/);
    expect(card.first('p.meta time').attr('datetime')).toMatch(/^2026-03-01T09:01/);
    expect(cards.map((c) => (c.has('p.media-alt') ? c.text('p.media-alt') : null))).toContain('A red square with a yellow sun');
    // The demo's illustration has no renditions and is shown as it is.
    expect(
      cards
        .map((c) => thumb(c))
        .find((img) => img.attr('src')!.endsWith('.svg'))
        ?.attr('width'),
    ).toBe('960');
    expect(
      cards
        .map((c) => thumb(c))
        .find((img) => img.attr('src')!.endsWith('.svg'))
        ?.attr('height'),
    ).toBe('540');
  });

  it('searches alt text, captions and file names, case-insensitively and literally', async () => {
    const names = async (q: string) => page((await editor.get(`/admin/media?q=${encodeURIComponent(q)}`)).body).texts('li.media-card .media-name');
    expect(await names('YELLOW SUN')).toEqual(['sun.jpg']);
    expect(await names('the sun')).toEqual(['sun.jpg']);
    expect(await names('chart.PNG')).toEqual(['chart.png']);
    expect(await names('%')).toEqual([]);
    expect(await names('_')).toEqual([]);
    expect(page((await editor.get('/admin/media?q=nothing-like-this')).body).text('p.count')).toBe('Nothing matches “nothing-like-this”.');
    expect(
      page((await editor.get('/admin/media?q=%3Cb%3E')).body)
        .first('form.media-search')
        .field('q').value,
    ).toBe('<b>');
  });

  it('pages the library, 24 to a page', async () => {
    const now = '2000-01-01T00:00:00.000Z';
    for (let i = 0; i < 30; i++) {
      await insertMedia(
        db(),
        { path: `/media/old${i}.svg`, mime: 'image/svg+xml', width: 10, height: 10, alt: `Old drawing ${i}`, caption: null, credit: null },
        now,
      );
    }
    const total = Number(
      (
        await db()
          .selectFrom('media')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const first = page((await editor.get('/admin/media')).body);
    expect(first.count('li.media-card')).toBe(24);
    expect(first.text('p.count')).toBe(`${total} images`);
    expect(first.first('nav.pagination a[rel=next]').attr('href')).toBe('/admin/media?page=2');
    const last = page((await editor.get(`/admin/media?page=${Math.ceil(total / 24)}`)).body);
    expect(last.count('li.media-card')).toBe(total - 24 * (Math.ceil(total / 24) - 1));
    const searched = page((await editor.get('/admin/media?q=old+drawing&page=2')).body);
    expect(searched.first('nav.pagination a[rel=prev]').attr('href')).toBe('/admin/media?q=old+drawing&page=1');
    expect((await editor.get('/admin/media?page=abc')).statusCode).toBe(400);
  });

  it('edits alt text, caption and credit; authors only their own uploads', async () => {
    const mine = await uploaded(authorClient, {}, { name: 'mine.png', type: 'image/png', bytes: await picture('png', 50, 50) });
    const uploadedPage = page((await authorClient.get(`/admin/media/${mine}?uploaded=1`)).body);
    expect(uploadedPage.text('p.notice[role=status]')).toBe('The image was uploaded.');
    expect(uploadedPage.text('p.needs-alt')).toBe('Needs alt text');
    const saved = await authorClient.post(`/admin/media/${mine}`, { alt: '  A yellow circle  ', caption: 'Sun', credit: '' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/admin/media/${mine}?saved=1`);
    const after = page((await authorClient.get(`/admin/media/${mine}?saved=1`)).body);
    expect(after.field('alt').value).toBe('A yellow circle');
    expect(after.field('caption').value).toBe('Sun');
    expect(after.has('p.needs-alt')).toBe(false);
    const row = await db().selectFrom('media').select(['alt', 'caption', 'credit']).where('id', '=', mine).executeTakeFirstOrThrow();
    expect(row).toEqual({ alt: 'A yellow circle', caption: 'Sun', credit: null });

    const tooLong = await authorClient.post(`/admin/media/${mine}`, { alt: 'x'.repeat(1001), caption: 'Kept caption', credit: 'Kept credit' });
    expect(tooLong.statusCode).toBe(422);
    const refused = page(tooLong.body).first(`form[action="/admin/media/${mine}"]`);
    expect(refused.field('alt')).toMatchObject({ value: 'x'.repeat(1001), error: expect.stringMatching(/^Alt text must be 1000 characters or fewer/) });
    expect([refused.field('caption').value, refused.field('credit').value]).toEqual(['Kept caption', 'Kept credit']);

    const editorsUpload = await uploaded(editor, { alt: 'Editor’s' }, { name: 'ed.png', type: 'image/png', bytes: await picture('png', 50, 50) });
    const readOnly = page((await authorClient.get(`/admin/media/${editorsUpload}`)).body);
    expect(readOnly.text('main')).toContain('Only the person who uploaded this image, or an editor, can change its alt text, caption and credit.');
    expect(readOnly.definitions('dl.media-details')).toMatchObject({ 'Alt text': 'Editor’s', Caption: 'None', Credit: 'None' });
    expect(readOnly.count('textarea, input:not([type=hidden])')).toBe(0);
    expect((await authorClient.post(`/admin/media/${editorsUpload}`, { alt: 'vandalised' })).statusCode).toBe(403);
    expect((await editor.post(`/admin/media/${mine}`, { alt: 'Edited by an editor' })).statusCode).toBe(303);
    expect((await editor.get('/admin/media/999999')).statusCode).toBe(404);
    expect((await editor.get('/admin/media/abc')).statusCode).toBe(404);
  });

  it('refuses an image without alt text as the lead of a published article', async () => {
    const id = await uploaded(editor, { alt: '' }, { name: 'IMG_2041.jpg', type: 'image/jpeg', bytes: await picture('jpeg', 80, 60) });
    const refusal = await assertPublishableImage(db(), id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(ValidationFailed);
    expect((refusal as ValidationFailed).errors).toEqual([
      { field: 'image', key: 'domain.media.image-needs-alt', message: expect.stringContaining('needs alt text') },
    ]);
    await editor.post(`/admin/media/${id}`, { alt: 'IMG_2041.jpg' });
    await expect(assertPublishableImage(db(), id)).rejects.toBeInstanceOf(ValidationFailed);
    await editor.post(`/admin/media/${id}`, { alt: 'Dockers marching' });
    await expect(assertPublishableImage(db(), id)).resolves.toBeUndefined();
    await expect(assertPublishableImage(db(), 999_999)).rejects.toBeInstanceOf(ValidationFailed);
  });

  it('serves the lead image as <picture> with WebP and JPEG srcsets, and re-renders when its alt text changes', async () => {
    const id = await uploaded(editor, { alt: 'Oil workers on strike' }, { name: 'strike.jpg', type: 'image/jpeg', bytes: await picture('jpeg', 1200, 800) });
    const { slug } = await createArticle(
      { db: db(), changes: t.changes },
      articleInput({ title: 'Oil workers strike', image: { mediaId: id, caption: null, credit: null } }),
    );
    const html = (await t.app.inject({ url: `/articles/${slug}` })).body;
    const variants = await variantsOf(id);
    const set = (format: string) =>
      variants
        .filter((v) => v.format === format)
        .map((v) => `${v.path} ${v.width}w`)
        .join(', ');
    const main = variants.find((v) => v.format === 'jpeg' && v.width === 1200);
    const sizes = '(min-width: 44rem) 42rem, calc(100vw - 2rem)';
    const rendered = page(html).first('figure.lead-image > picture');
    expect(rendered.all('source').map((source) => [source.attr('type'), source.attr('srcset'), source.attr('sizes')])).toEqual([
      ['image/webp', set('webp'), sizes],
    ]);
    const img = rendered.first('source + img');
    expect(['src', 'srcset', 'sizes', 'alt', 'width', 'height'].map((name) => img.attr(name))).toEqual([
      main?.path,
      set('jpeg'),
      sizes,
      'Oil workers on strike',
      '1200',
      '800',
    ]);
    expect(set('webp').split(', ')).toHaveLength(3); // 320, 640 and the original's 1200
    const report = await new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: { 'void-style': 'off', 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'long-title': 'off' },
    }).validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => m.message))).toEqual([]);

    await editor.post(`/admin/media/${id}`, { alt: 'Oil workers on strike in Zhanaozen' });
    expect(
      page((await t.app.inject({ url: `/articles/${slug}` })).body)
        .first('figure.lead-image img')
        .attr('alt'),
    ).toBe('Oil workers on strike in Zhanaozen');
  });

  it('keeps the demo illustration, which has no renditions, a plain <img>', async () => {
    const html = (await t.app.inject({ url: '/articles/stop-state-brutality-in-kazakhstan' })).body;
    const figure = page(html).first('figure.lead-image');
    expect(figure.has('picture')).toBe(false);
    const img = figure.first('figure > img');
    expect(img.attr('src')).toMatch(/^\/media\/[\w-]+\.svg$/);
    expect(img.attr('alt')).toMatch(/^Illustration standing in/);
    expect([img.attr('width'), img.attr('height'), img.attr('srcset')]).toEqual(['960', '540', undefined]);
  });

  it('serves valid HTML on every media admin page, the refused upload form included', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: { 'void-style': 'off', 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'long-title': 'off' },
    });
    const refused = await upload(
      editor,
      { alt: 'x' },
      { name: 'x.svg', type: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') },
    );
    const pages = [
      refused.body,
      (await editor.get('/admin/media')).body,
      (await editor.get('/admin/media/upload')).body,
      (await editor.get('/admin/media/1?saved=1')).body,
      (await editor.get('/admin/media?q=zzz')).body,
    ];
    for (const html of pages) {
      const report = await validator.validateString(html);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    }
  });
});
