import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { readFileSync } from 'node:fs';

describe('unit: configuration', () => {
  it('has defaults for a new user', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', publicUrl: 'http://127.0.0.1:3000', demo: true });
    expect(config.database.kind).toBe('sqlite');
    expect(config.database.kind === 'sqlite' && config.database.file.endsWith('/data/placard.sqlite')).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('selects PostgreSQL from DATABASE_URL and trims PUBLIC_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/placard', PUBLIC_URL: 'https://news.example.org/', PLACARD_DEMO: 'off' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/placard' });
    expect(config.publicUrl).toBe('https://news.example.org');
    expect(config.demo).toBe(false);
  });

  it('lets only the loopback read /metrics unless PLACARD_METRICS_ALLOW names addresses or ranges', () => {
    expect(loadConfig({}).metricsAllow).toEqual(['127.0.0.0/8', '::1']);
    expect(loadConfig({ PLACARD_METRICS_ALLOW: '127.0.0.1, 10.0.0.0/8,fd00::/8' }).metricsAllow).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    for (const wrong of ['10.0.0.0/33', 'prometheus.internal', '10.0.0.1/8/2', '::1/129', ',']) {
      expect(() => loadConfig({ PLACARD_METRICS_ALLOW: wrong }), wrong).toThrow(/PLACARD_METRICS_ALLOW must be addresses or ranges/);
    }
    expect(loadConfig({}).shutdownTimeoutSeconds).toBe(25);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/);
  });

  it('reports every wrong variable at once, by name', () => {
    try {
      loadConfig({ PORT: 'eighty', PUBLIC_URL: 'news', PLACARD_DEMO: 'yes' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'PUBLIC_URL', 'PLACARD_DEMO']);
    }
  });

  it('sends mail to files unless SMTP_URL is set, from MAIL_FROM or an address on the public host', () => {
    const files = loadConfig({ DATA_DIR: '/srv/placard', PUBLIC_URL: 'https://news.example.org' });
    expect(files.mail).toEqual({ smtpUrl: null, from: { name: null, address: 'placard@news.example.org' }, outboxDir: '/srv/placard/outbox' });
    const smtp = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465', MAIL_FROM: '"Urgent Actions" <ua@example.org>' });
    expect(smtp.mail.smtpUrl).toBe('smtps://u:p@mail.example.org:465');
    expect(smtp.mail.from).toEqual({ name: 'Urgent Actions', address: 'ua@example.org' });
    expect(loadConfig({ MAIL_FROM: 'ua@example.org' }).mail.from).toEqual({ name: null, address: 'ua@example.org' });
  });

  it('refuses a mail setting it cannot use, naming it and not echoing the SMTP password', () => {
    try {
      loadConfig({
        SMTP_URL: 'http://u:hunter2@mail.example.org',
        MAIL_FROM: 'Ops <ops@example.org>\r\nBcc: x@evil.example',
        TRUST_PROXY: 'yes',
        SUPPORTER_RETENTION_DAYS: '0',
      });
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems.map((p) => p.split(' ')[0])).toEqual(['SMTP_URL', 'MAIL_FROM', 'TRUST_PROXY', 'SUPPORTER_RETENTION_DAYS']);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('believes proxies only when told how many', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({}).supporterRetentionDays).toBe(90);
  });

  it('gives the page cache a byte budget of 64 MB unless PAGE_CACHE_MB says otherwise', () => {
    expect(loadConfig({}).pageCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ PAGE_CACHE_MB: '8' }).pageCacheBytes).toBe(8 * 1024 * 1024);
    for (const wrong of ['0', '1.5', 'lots', '20000']) {
      expect(() => loadConfig({ PAGE_CACHE_MB: wrong }), wrong).toThrow(/^PAGE_CACHE_MB must be a whole number of megabytes from 1 to 16384$/);
    }
  });

  it('never echoes a database password', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://admin:s3cret-pass@db/placard' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/^DATABASE_URL must be a postgres:\/\/ URL/);
      expect((error as Error).message).not.toContain('s3cret-pass');
    }
  });
});

describe('unit: media storage configuration', () => {
  const s3 = {
    MEDIA_STORAGE: 's3',
    MEDIA_S3_BUCKET: 'placard-media',
    MEDIA_S3_ENDPOINT: 'https://s3.eu-central-003.backblazeb2.com/',
    MEDIA_S3_REGION: 'eu-central-003',
    MEDIA_S3_ACCESS_KEY_ID: 'K003abc',
    MEDIA_S3_SECRET_ACCESS_KEY: 'K003-very-s3cret-key',
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('K003-very-s3cret-key');
      return (error as ConfigError).problems;
    }
    return [];
  };

  it('keeps media in the data folder unless told otherwise', () => {
    const config = loadConfig({ DATA_DIR: '/srv/placard' });
    expect(config.media).toEqual({ kind: 'local', dir: '/srv/placard/media' });
    expect(Object.isFrozen(config.media)).toBe(true);
  });

  it('keeps media in a bucket with MEDIA_STORAGE=s3, the prefix ending in one slash and the endpoint in none', () => {
    expect(loadConfig({ ...s3, MEDIA_S3_PREFIX: 'sites/news', MEDIA_S3_FORCE_PATH_STYLE: 'on' }).media).toEqual({
      kind: 's3',
      bucket: 'placard-media',
      endpoint: 'https://s3.eu-central-003.backblazeb2.com',
      region: 'eu-central-003',
      prefix: 'sites/news/',
      credentials: { accessKeyId: 'K003abc', secretAccessKey: 'K003-very-s3cret-key' },
      forcePathStyle: true,
    });
    // AWS itself: no endpoint, the region by default, keys from the AWS_* variables or the instance's role.
    expect(loadConfig({ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'news.example.org', MEDIA_S3_PREFIX: 'media/' }).media).toEqual({
      kind: 's3',
      bucket: 'news.example.org',
      endpoint: null,
      region: 'us-east-1',
      prefix: 'media/',
      credentials: null,
      forcePathStyle: false,
    });
  });

  it('names each wrong media variable with what it must be, never echoing the secret key', () => {
    expect(problems({ MEDIA_STORAGE: 'minio' })).toEqual(['MEDIA_STORAGE must be "local" (the data folder, the default) or "s3" (an S3-compatible bucket)']);
    expect(problems({ MEDIA_STORAGE: 's3' })).toEqual(['MEDIA_S3_BUCKET must name the bucket when MEDIA_STORAGE is "s3"']);
    for (const bucket of ['ab', 'Placard_Media', 'x'.repeat(64), '-placard', 's3://placard-media']) {
      expect(problems({ ...s3, MEDIA_S3_BUCKET: bucket }), bucket).toEqual([
        'MEDIA_S3_BUCKET must be a bucket name of 3 to 63 lower-case letters, digits, dots and hyphens, such as placard-media',
      ]);
    }
    expect(problems({ ...s3, MEDIA_S3_ENDPOINT: 'minio:9000' })).toEqual([
      'MEDIA_S3_ENDPOINT must be an http:// or https:// URL such as https://s3.eu-central-003.backblazeb2.com',
    ]);
    expect(problems({ ...s3, MEDIA_S3_REGION: 'EU Central' })).toEqual(['MEDIA_S3_REGION must be a region name such as us-east-1 or eu-central-003']);
    for (const prefix of ['/media', 'media//news', 'news/../other', 'média']) {
      expect(problems({ ...s3, MEDIA_S3_PREFIX: prefix }), prefix).toHaveLength(1);
      expect(problems({ ...s3, MEDIA_S3_PREFIX: prefix })[0], prefix).toMatch(/^MEDIA_S3_PREFIX must /);
    }
    expect(problems({ ...s3, MEDIA_S3_FORCE_PATH_STYLE: 'yes' })).toEqual(['MEDIA_S3_FORCE_PATH_STYLE must be "on" or "off"']);
    const { MEDIA_S3_ACCESS_KEY_ID: _, ...secretOnly } = s3;
    expect(problems(secretOnly)).toEqual([
      'MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY must be set together (or neither, to use the AWS_* variables or an instance role)',
    ]);
    expect(problems({ ...s3, MEDIA_S3_SECRET_ACCESS_KEY: 'K003 very s3cret' })).toEqual(['MEDIA_S3_SECRET_ACCESS_KEY must not hold spaces']);
  });

  it('refuses bucket settings while media stay in the data folder, so a forgotten MEDIA_STORAGE is not silent', () => {
    const { MEDIA_STORAGE: _, ...withoutStorage } = s3;
    expect(problems(withoutStorage)).toEqual([
      'MEDIA_S3_BUCKET, MEDIA_S3_ENDPOINT, MEDIA_S3_REGION, MEDIA_S3_ACCESS_KEY_ID, MEDIA_S3_SECRET_ACCESS_KEY are set but MEDIA_STORAGE is not "s3": set MEDIA_STORAGE=s3 to keep media in the bucket',
    ]);
  });
});

describe('unit: error catalogue', () => {
  it('documents exactly the codes Placard answers with in docs/errors.md, no more and no fewer', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    // The catalogue's codes, and those the error handler writes itself (`internal`, …).
    const handler = readFileSync(new URL('../../src/web/errors/error-handler.ts', import.meta.url), 'utf8');
    const answered = new Set([
      ...Object.keys(ERROR_CODES),
      ...[...handler.matchAll(/'([a-z_]+)'/g)].map((m) => m[1] ?? '').filter((c) => c === 'internal' || c in ERROR_CODES),
    ]);
    expect(answered.has('internal')).toBe(true);
    expect(documented.toSorted()).toEqual([...answered].toSorted());
  });
});
