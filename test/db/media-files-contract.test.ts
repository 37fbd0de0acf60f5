import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { localMediaFiles, type MediaFiles } from '../../src/store/media/media-files.js';
import { openMediaFiles } from '../../src/store/media/open-media-files.js';
import { startS3, type TestS3 } from '../support/s3.js';

/*
 * The same promises from both kinds of media storage: what one node wrote, the server,
 * a backup and an export read back alike, from a folder or from an S3-compatible bucket.
 */
let s3: TestS3;
const folders: string[] = [];
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3?.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const storages: [string, () => Promise<MediaFiles>][] = [
  [
    'local folder',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'placard-media-'));
      folders.push(folder);
      return localMediaFiles(join(folder, 'media'));
    },
  ],
  ['S3 bucket', async () => openMediaFiles(loadConfig(await s3.bucket()).media)],
  ['S3 bucket under a prefix', async () => openMediaFiles(loadConfig(await s3.bucket('sites/news')).media)],
];

async function streamed(media: MediaFiles, name: string): Promise<{ bytes: number; sha256: string } | undefined> {
  const file = await media.open(name);
  if (!file) return undefined;
  const hash = createHash('sha256');
  let length = 0;
  for await (const chunk of file.body) {
    hash.update(chunk as Buffer);
    length += (chunk as Buffer).length;
  }
  expect(length).toBe(file.bytes);
  return { bytes: file.bytes, sha256: hash.digest('hex') };
}

describe.each(storages)('media files (%s)', (_, make) => {
  let media: MediaFiles;
  beforeAll(async () => {
    media = await make();
  });
  afterAll(async () => media?.close());

  it('has nothing at first, then gives back exactly the bytes put, by name', async () => {
    expect(await media.list()).toEqual([]);
    expect(await media.read('a1b2c3.webp')).toBeUndefined();
    expect(await media.open('a1b2c3.webp')).toBeUndefined();
    expect(await media.exists('a1b2c3.webp')).toBe(false);

    const bytes = randomBytes(5000);
    await media.put('a1b2c3.webp', bytes);
    await media.put('Zz_9-x.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    expect(await media.exists('a1b2c3.webp')).toBe(true);
    expect((await media.read('a1b2c3.webp'))?.equals(bytes)).toBe(true);
    expect(await streamed(media, 'a1b2c3.webp')).toEqual({ bytes: 5000, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(await media.list()).toEqual(['Zz_9-x.svg', 'a1b2c3.webp']);
  });

  it('writes the same name twice as one file', async () => {
    const bytes = Buffer.from('same bytes under the same content-addressed name');
    await media.put('twice.png', bytes);
    await media.put('twice.png', bytes);
    expect((await media.list()).filter((name) => name === 'twice.png')).toHaveLength(1);
  });

  it('deletes a file, and deleting one that is not there changes nothing', async () => {
    await media.put('gone.jpg', Buffer.from('soon gone'));
    await media.delete('gone.jpg');
    expect(await media.exists('gone.jpg')).toBe(false);
    expect(await media.read('gone.jpg')).toBeUndefined();
    expect(await media.list()).not.toContain('gone.jpg');
    await expect(media.delete('gone.jpg')).resolves.toBeUndefined();
    await expect(media.delete('never-there.jpg')).resolves.toBeUndefined();
  });

  it('refuses names with unicode, slashes or dots, and finds nothing by them', async () => {
    for (const name of ['фото.jpg', 'café.png', '../escape.png', 'a/b.png', 'x.tar.gz', '.hidden.png', 'noextension']) {
      await expect(media.put(name, Buffer.from('x')), name).rejects.toThrow(/unsafe media file name/);
      expect(await media.read(name), name).toBeUndefined();
      expect(await media.open(name), name).toBeUndefined();
      expect(await media.exists(name), name).toBe(false);
      await media.delete(name);
    }
    expect((await media.list()).some((name) => !/^[A-Za-z0-9_-]+\.[a-z0-9]+$/.test(name))).toBe(false);
  });

  it('streams a large file whole', async () => {
    const bytes = randomBytes(24 * 1024 * 1024 + 17);
    await media.put('large-original.png', bytes);
    expect(await streamed(media, 'large-original.png')).toEqual({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });
});
