import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { scratchDatabase, type ScratchDatabase } from '../support/databases.js';
import { page } from '../support/html.js';
import { startS3, type TestS3 } from '../support/s3.js';
import { createStaff, signInAs, type Client } from '../support/staff.js';
import { multipartBody, picture } from '../fixtures/media/images.js';

/*
 * Two nodes on one PostgreSQL database, each with its own data folder, keeping media in
 * one S3-compatible bucket: an image uploaded through one is served by the other, byte
 * for byte and with the same headers, at the same address on the site itself.
 */
describe('http (postgres): media in an S3-compatible bucket shared by two nodes', () => {
  let s3: TestS3;
  let shared: ScratchDatabase;
  let a: TestApp;
  let b: TestApp;
  let otherDataDir: string;
  beforeAll(async () => {
    s3 = await startS3();
    const bucket = await s3.bucket('placard/media');
    shared = await scratchDatabase('postgres');
    otherDataDir = mkdtempSync(join(tmpdir(), 'placard-node-b-'));
    a = await startTestApp('postgres', { shared, env: bucket });
    b = await startTestApp('postgres', { shared, env: { ...bucket, DATA_DIR: otherDataDir } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await shared?.dispose();
    await s3?.close();
    if (otherDataDir) rmSync(otherDataDir, { recursive: true, force: true });
  });

  async function upload(client: Client, file: { name: string; type: string; bytes: Buffer }): Promise<number> {
    const { payload, contentType } = multipartBody({ alt: 'Dockers crossing the bridge', caption: '', credit: '' }, file);
    const res = await a.app.inject({
      method: 'POST',
      url: `/admin/media/upload?_csrf=${encodeURIComponent(client.csrf)}`,
      payload,
      headers: {
        'content-type': contentType,
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: new URL(a.config.publicUrl).origin,
      },
    });
    expect(res.statusCode, page(res.body).texts('p.field-error').join(' ')).toBe(303);
    return Number(/^\/admin\/media\/(\d+)\?uploaded=1$/.exec(res.headers.location as string)?.[1]);
  }

  const served = async (t: TestApp, path: string) => {
    const res = await t.app.inject({ url: path });
    const { date: _, ...headers } = res.headers;
    return { status: res.statusCode, headers, bytes: res.rawPayload };
  };

  it('serves on node B every file of an image uploaded through node A, with the same bytes and headers', async () => {
    const editor = await signInAs(a, await createStaff(a, 'editor'));
    const id = await upload(editor, { name: 'dockers.jpg', type: 'image/jpeg', bytes: await picture('jpeg', 1700, 900) });
    const original = await a.database.db.selectFrom('media').select('path').where('id', '=', id).executeTakeFirstOrThrow();
    const variants = await a.database.db.selectFrom('media_variants').select(['path', 'format']).where('media_id', '=', id).execute();
    expect(variants.map((v) => v.format).sort()).toContain('webp');
    expect(variants.length).toBeGreaterThanOrEqual(8);

    for (const path of [original.path, ...variants.map((v) => v.path)]) {
      const fromA = await served(a, path);
      const fromB = await served(b, path);
      expect(fromA.status, path).toBe(200);
      expect(fromB.status, path).toBe(200);
      expect(fromB.bytes.equals(fromA.bytes), path).toBe(true);
      expect(fromB.headers).toEqual(fromA.headers);
      expect(fromB.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(fromB.headers['content-type']).toMatch(/^image\/(jpeg|webp)$/);
      expect(fromB.headers['content-length']).toBe(String(fromA.bytes.length));
      expect(fromB.headers.etag).toBe(`"${path.slice('/media/'.length)}"`);
    }
    // A browser revalidating its copy on the other node gets a 304 without the bytes.
    const again = await b.app.inject({ url: original.path, headers: { 'if-none-match': `W/"other", "${original.path.slice('/media/'.length)}"` } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await b.app.inject({ url: original.path, headers: { 'if-none-match': '"something-else.jpg"' } })).statusCode).toBe(200);
    // Nothing went to either node's own disk.
    expect(existsSync(join(a.config.dataDir, 'media'))).toBe(false);
    expect(existsSync(join(otherDataDir, 'media'))).toBe(false);

    // The media library on node B shows it from the site itself.
    const library = await (await signInAs(b, await createStaff(b, 'editor'))).get(`/admin/media/${id}`);
    const preview = page(library.body).first('figure.media-preview img').attr('src');
    expect(variants.map((v) => v.path)).toContain(preview);
  });

  it('serves the demo image node A stored on its first start from node B, sandboxed as SVG', async () => {
    const demo = await a.database.db.selectFrom('media').select('path').orderBy('id').executeTakeFirstOrThrow();
    const fromA = await served(a, demo.path);
    const fromB = await served(b, demo.path);
    expect(fromB.status).toBe(200);
    expect(fromB.bytes.equals(fromA.bytes)).toBe(true);
    expect(fromB.headers).toEqual(fromA.headers);
    expect(fromB.headers['content-security-policy']).toContain('sandbox');
    const article = await b.app.inject({ url: '/articles/stop-state-brutality-in-kazakhstan' });
    expect(page(article.body).first('figure.lead-image img').attr('src')).toBe(demo.path);
  });

  it('answers 404 for a name the bucket does not hold, or one Placard does not serve', async () => {
    for (const path of ['/media/0000000000000000.webp', '/media/..%2Fsecret.png', '/media/notes.txt']) {
      expect((await b.app.inject({ url: path })).statusCode, path).toBe(404);
    }
  });
});
