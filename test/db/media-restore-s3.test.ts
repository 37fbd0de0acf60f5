import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createBackup } from '../../src/services/backup/backup.js';
import { restoreBackup } from '../../src/services/backup/restore.js';
import type { MediaFiles } from '../../src/store/media/media-files.js';
import { openMediaFiles } from '../../src/store/media/open-media-files.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startS3, type TestS3 } from '../support/s3.js';
import { createStaff } from '../support/staff.js';
import { picture } from '../fixtures/media/images.js';
import { uploadImage } from '../../src/services/media/upload-image.js';

/*
 * A restore into a bucket adds only what the bucket lacks, and a restore that fails
 * part-way takes back what it added: the bucket is left as it was found.
 */
describe('backup (sqlite): restoring media into a bucket', () => {
  let s3: TestS3;
  let source: TestApp;
  let backup: string;
  let names: string[];
  const opened: MediaFiles[] = [];
  const work = mkdtempSync(join(tmpdir(), 'placard-restore-s3-'));
  const bucketFiles = async (prefix?: string) => {
    const media = await openMediaFiles(loadConfig(await s3.bucket(prefix)).media);
    opened.push(media);
    return media;
  };

  beforeAll(async () => {
    s3 = await startS3();
    source = await startTestApp('sqlite', { env: await s3.bucket('source'), intakeWorker: false });
    const editor = await createStaff(source, 'editor');
    await uploadImage(
      { db: source.database.db, media: source.placard.media, clock: () => new Date() },
      { bytes: await picture('webp', 700, 400), fileName: 'quay.webp', alt: 'The quay', uploaderId: editor.id },
    );
    names = await source.placard.media.list();
    expect(names.length).toBeGreaterThan(2);
    ({ path: backup } = await createBackup({
      database: source.config.database,
      dataDir: source.config.dataDir,
      media: source.placard.media,
      placardVersion: '0.1.0',
      clock: () => new Date(),
      into: join(work, 'backups'),
    }));
  });
  afterAll(async () => {
    for (const media of opened) await media.close();
    await source?.close();
    await s3?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('leaves a file the bucket already holds in place and adds the others', async () => {
    const bucket = await bucketFiles();
    const [first] = names;
    await bucket.put(first!, (await source.placard.media.read(first!))!);
    const dataDir = join(work, 'restored');
    await restoreBackup({ backup, dataDir, database: { kind: 'sqlite', file: join(dataDir, 'placard.sqlite') }, bucket });
    expect(await bucket.list()).toEqual(names);
    for (const name of names) expect((await bucket.read(name))?.equals((await source.placard.media.read(name))!), name).toBe(true);
    expect(existsSync(join(dataDir, 'media'))).toBe(false);
    expect(existsSync(join(dataDir, 'placard.sqlite'))).toBe(true);
  });

  it('takes back the files it added when the restore fails after writing them, keeping those that were there', async () => {
    // A backup whose database file is damaged but whose manifest agrees with it, so the
    // failure comes only when SQLite opens the file, after the media were written.
    const damaged = join(work, 'damaged');
    rmSync(damaged, { recursive: true, force: true });
    const { cpSync } = await import('node:fs');
    cpSync(backup, damaged, { recursive: true });
    const garbage = Buffer.from('this is not a database '.repeat(300));
    writeFileSync(join(damaged, 'placard.sqlite'), garbage);
    const manifest = JSON.parse(readFileSync(join(damaged, 'manifest.json'), 'utf8')) as { files: { path: string; bytes: number; sha256: string }[] };
    const entry = manifest.files.find((f) => f.path === 'placard.sqlite')!;
    entry.bytes = garbage.length;
    entry.sha256 = createHash('sha256').update(garbage).digest('hex');
    writeFileSync(join(damaged, 'manifest.json'), JSON.stringify(manifest));

    const bucket = await bucketFiles('kept');
    const kept = names.at(-1)!;
    await bucket.put(kept, (await source.placard.media.read(kept))!);
    const dataDir = join(work, 'failed');
    await expect(restoreBackup({ backup: damaged, dataDir, database: { kind: 'sqlite', file: join(dataDir, 'placard.sqlite') }, bucket })).rejects.toThrow();
    expect(await bucket.list()).toEqual([kept]);
    expect(existsSync(dataDir)).toBe(false);
  });
});
