import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/store/db/database.js';
import { uploadImage } from '../../src/services/media/upload-image.js';
import type { MediaFiles } from '../../src/store/media/media-files.js';
import { openMediaFiles } from '../../src/store/media/open-media-files.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { scratchDatabase, type ScratchDatabase } from '../support/databases.js';
import { startS3, type TestS3 } from '../support/s3.js';
import { runPlacardAsync } from '../support/serve.js';
import { createStaff } from '../support/staff.js';
import { picture } from '../fixtures/media/images.js';

/*
 * With media in an S3-compatible bucket, the commands that carry a site's files behave as
 * with a data folder: `export` packs the bucket's originals and renditions, `import-archive`
 * writes them into the bucket the new installation is configured with, `backup` copies the
 * bucket into the backup folder and `restore` puts them back into the bucket configured.
 */
describe('cli (sqlite): export, import-archive, backup and restore with media in a bucket', () => {
  let s3: TestS3;
  let source: TestApp;
  let sourceBucket: Record<string, string>;
  let names: string[];
  const opened: MediaFiles[] = [];
  const folders: string[] = [];
  const scratches: ScratchDatabase[] = [];
  const folder = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `placard-${name}-`));
    folders.push(dir);
    return dir;
  };
  const bucketFiles = async (env: Record<string, string>) => {
    const media = await openMediaFiles(loadConfig(env).media);
    opened.push(media);
    return media;
  };
  const envOf = (dataDir: string, bucket: Record<string, string>) => ({
    PUBLIC_URL: 'https://news.example.org',
    PLACARD_DEMO: 'off',
    DATA_DIR: dataDir,
    ...bucket,
  });

  beforeAll(async () => {
    s3 = await startS3();
    sourceBucket = await s3.bucket('news');
    source = await startTestApp('sqlite', { env: sourceBucket, intakeWorker: false });
    const editor = await createStaff(source, 'editor');
    await uploadImage(
      { db: source.database.db, media: source.placard.media, clock: () => new Date() },
      { bytes: await picture('png', 1300, 700), fileName: 'march.png', alt: 'Marchers on the quay', uploaderId: editor.id },
    );
    const rows = [
      ...(await source.database.db.selectFrom('media').select('path').execute()),
      ...(await source.database.db.selectFrom('media_variants').select('path').execute()),
    ];
    names = [...new Set(rows.map((r) => r.path.replace('/media/', '')))].sort();
    // The demo's SVG and the upload's renditions, all in the bucket and none on disk.
    expect(names.length).toBeGreaterThan(5);
    expect(await (await bucketFiles(sourceBucket)).list()).toEqual(names);
    expect(existsSync(join(source.config.dataDir, 'media'))).toBe(false);
  }, 120_000);
  afterAll(async () => {
    for (const media of opened) await media.close();
    await source?.close();
    for (const scratch of scratches) await scratch.dispose();
    await s3?.close();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  async function sameBytes(from: MediaFiles, to: MediaFiles): Promise<void> {
    for (const name of names) expect((await to.read(name))?.equals((await from.read(name))!), name).toBe(true);
  }

  it('exports the bucket’s files and imports them into the new installation’s bucket', async () => {
    const file = join(folder('export'), 'site.tar.gz');
    const exported = await runPlacardAsync(['export', file], envOf(source.config.dataDir, sourceBucket));
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`media files: ${names.length})`);

    const target = await scratchDatabase('sqlite');
    scratches.push(target);
    const targetBucket = await s3.bucket();
    const restored = await runPlacardAsync(['import-archive', file], envOf(target.dataDir, targetBucket));
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(await (await bucketFiles(targetBucket)).list()).toEqual(names);
    await sameBytes(await bucketFiles(sourceBucket), await bucketFiles(targetBucket));
    expect(existsSync(join(target.dataDir, 'media'))).toBe(false);
  });

  it('backs the bucket up into the backup folder and restores it into the bucket configured, which a new Placard serves', async () => {
    const backups = folder('backups');
    const made = await runPlacardAsync(['backup', backups], envOf(source.config.dataDir, sourceBucket));
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const backup = /into (\S+) in [\d.]+ s\./.exec(made.stdout)?.[1] ?? '';
    expect(readdirSync(join(backup, 'media')).sort()).toEqual(names);
    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    expect(manifest.files.filter((f) => f.path.startsWith('media/')).map((f) => f.path.slice('media/'.length))).toEqual(names);
    for (const name of names) expect(readFileSync(join(backup, 'media', name)).equals((await (await bucketFiles(sourceBucket)).read(name))!), name).toBe(true);

    const dataDir = join(folder('restored'), 'data');
    const restoreBucket = await s3.bucket('restored');
    const restored = await runPlacardAsync(['restore', backup, '--data', dataDir], envOf(dataDir, restoreBucket));
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(await (await bucketFiles(restoreBucket)).list()).toEqual(names);
    await sameBytes(await bucketFiles(sourceBucket), await bucketFiles(restoreBucket));
    expect(existsSync(join(dataDir, 'media'))).toBe(false);

    const again = await startTestApp('sqlite', {
      scratch: { config: { kind: 'sqlite', file: join(dataDir, 'placard.sqlite') }, dataDir, dispose: async () => undefined },
      env: { ...restoreBucket, DATA_DIR: dataDir },
      intakeWorker: false,
    });
    try {
      for (const name of names) {
        const res = await again.app.inject({ url: `/media/${name}` });
        expect(res.statusCode, name).toBe(200);
        expect(res.rawPayload.equals((await (await bucketFiles(sourceBucket)).read(name))!), name).toBe(true);
      }
    } finally {
      await again.close();
    }
  });

  it('imports a WordPress site’s images into the bucket', async () => {
    const uploads = folder('uploads');
    mkdirSync(join(uploads, '2019/05'), { recursive: true });
    await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 0, b: 0 } } })
      .jpeg()
      .toFile(join(uploads, '2019/05/march.jpg'));
    const target = await scratchDatabase('sqlite');
    scratches.push(target);
    const bucket = await s3.bucket();
    const wxr = new URL('../fixtures/wxr/wordpress-6.xml', import.meta.url).pathname;
    const imported = await runPlacardAsync(['import', 'wxr', wxr, '--media-dir', uploads], envOf(target.dataDir, bucket));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('1 image imported');
    const database = openDatabase(target.config);
    try {
      const rows = [
        ...(await database.db.selectFrom('media').select('path').execute()),
        ...(await database.db.selectFrom('media_variants').select('path').execute()),
      ];
      const stored = [...new Set(rows.map((r) => r.path.replace('/media/', '')))].sort();
      expect(stored.length).toBeGreaterThan(1);
      expect(await (await bucketFiles(bucket)).list()).toEqual(stored);
    } finally {
      await database.close();
    }
    expect(existsSync(join(target.dataDir, 'media'))).toBe(false);
  });
});
