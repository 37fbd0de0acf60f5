import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { countTableRows } from '../../src/store/export/archive-rows.store.js';
import { ARCHIVE_TABLES } from '../../src/store/export/archive-tables.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createStaff } from '../support/staff.js';
import { DATABASES, scratchDatabase, type DatabaseKind, type ScratchDatabase } from '../support/databases.js';

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const PASSPHRASE = 'a passphrase kept apart';

function envFor(config: ScratchDatabase['config'], dataDir: string): Record<string, string> {
  return {
    PUBLIC_URL: 'https://news.example.org',
    LOG_LEVEL: 'silent',
    PLACARD_DEMO: 'off',
    DATA_DIR: dataDir,
    ...(config.kind === 'sqlite' ? {} : { DATABASE_URL: config.url }),
  };
}

function run(env: Record<string, string>, args: string[], stdin = '') {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    input: stdin,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The items of a WXR file, each as its child elements' texts by name (CDATA read as text), with the channel's. */
function parseWxr(xml: string): { channel: Map<string, string[]>; items: Map<string, string[]>[] } {
  const parser = new SaxesParser();
  const stack: string[] = [];
  const channel = new Map<string, string[]>();
  const items: Map<string, string[]>[] = [];
  let text = '';
  parser.on('opentag', (tag) => {
    stack.push(tag.name);
    if (tag.name === 'item') items.push(new Map());
    text = '';
  });
  const add = (chunk: string) => (text += chunk);
  parser.on('text', add);
  parser.on('cdata', add);
  parser.on('closetag', (tag) => {
    stack.pop();
    const into = stack.includes('item') ? items.at(-1)! : channel;
    const key = tag.name === 'category' && 'domain' in tag.attributes ? `category:${String(tag.attributes.domain)}` : tag.name;
    if (tag.name !== 'item') into.set(key, [...(into.get(key) ?? []), text]);
    text = '';
  });
  parser.write(xml).close();
  return { channel, items };
}

describe.each(DATABASES)('cli (%s): placard export and import-archive', (kind: DatabaseKind) => {
  let source: TestApp;
  let sourceEnv: Record<string, string>;
  let work: string;
  const scratches: ScratchDatabase[] = [];

  async function emptyInstallation(): Promise<{ env: Record<string, string>; database: Database }> {
    const scratch = await scratchDatabase(kind);
    scratches.push(scratch);
    return { env: envFor(scratch.config, scratch.dataDir), database: openDatabase(scratch.config) };
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'placard-export-cli-'));
    source = await startTestApp(kind, { intakeWorker: false });
    await createStaff(source, 'editor', { email: 'ada@example.org' });
    sourceEnv = envFor(source.config.database as ScratchDatabase['config'], source.config.dataDir);
  }, 120_000);
  afterAll(async () => {
    await source?.close();
    for (const scratch of scratches) await scratch.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses a missing file, an unknown option and a short passphrase with exit code 2, writing nothing', () => {
    const none = run(sourceEnv, ['export']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('placard: export: which file? Name it, as in "placard export site.tar.gz"\n');
    const unknown = run(sourceEnv, ['export', join(work, 'x.tar.gz'), '--with-everything']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^placard: export: unknown option '--with-everything'; see "placard help"\n$/);
    const short = run(sourceEnv, ['export', join(work, 'x.tar.gz'), '--with-supporters'], 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toBe(
      'placard: export: --with-supporters and --with-secrets encrypt the archive: give a passphrase of at least 8 characters on standard input\n',
    );
    // Staff secrets are encrypted too.
    expect(run(sourceEnv, ['export', join(work, 'x.tar.gz'), '--with-secrets']).code).toBe(2);
    expect(existsSync(join(work, 'x.tar.gz'))).toBe(false);
    expect(run(sourceEnv, ['import-archive']).code).toBe(2);
  });

  it('exports the site and restores it into an empty installation, and refuses one that has content', async () => {
    const file = join(work, 'site.tar.gz');
    const exported = run(sourceEnv, ['export', file]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    // Every table but the supporters' and the runtime's, and the counted actions without who took them.
    const siteTables = Object.entries(ARCHIVE_TABLES).filter(
      ([name, spec]) => spec.class === 'site' || spec.class === 'secret-columns' || name === 'actions',
    ).length;
    expect(exported.stdout).toMatch(new RegExp(`^Exported the site to ${file} \\(tables: ${siteTables}, rows: \\d+, media files: 1\\)\\.\\n$`));
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

    const full = run(sourceEnv, ['import-archive', file]);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(
      /^placard: import-archive: this installation already has content \(\w+: \d+\); restore into a new, empty database\. The demo content fills/,
    );

    const target = await emptyInstallation();
    try {
      const restored = run(target.env, ['import-archive', file]);
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain(`Restored ${file}, made by Placard 0.1.0 from ${kind} on`);
      expect(restored.stdout).toContain('placard user reset --email ADDRESS');
      // Staff came, their passwords did not.
      const ada = await target.database.db.selectFrom('users').selectAll().where('email', '=', 'ada@example.org').executeTakeFirstOrThrow();
      expect(ada).toMatchObject({ role: 'editor', password_hash: null, totp_secret: null, recovery_codes: '[]' });
      const articles = await target.database.db.selectFrom('articles').select(['id', 'slug', 'body_html']).orderBy('id').execute();
      expect(articles).toEqual(await source.database.db.selectFrom('articles').select(['id', 'slug', 'body_html']).orderBy('id').execute());
      const lead = await target.database.db.selectFrom('media').select('path').executeTakeFirstOrThrow();
      expect(existsSync(join(target.env.DATA_DIR!, 'media', lead.path.replace('/media/', '')))).toBe(true);
      // Twice is refused: a restore never merges two sites.
      expect(run(target.env, ['import-archive', file]).code).toBe(1);
    } finally {
      await target.database.close();
    }
  });

  it('encrypts an archive with supporters to the passphrase on stdin; a wrong one writes nothing', async () => {
    const file = join(work, 'supporters.tar.gz.enc');
    const exported = run(sourceEnv, ['export', file, '--with-supporters', '--with-secrets'], `${PASSPHRASE}\n`);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('encrypted with the passphrase');
    const audited = await source.database.db
      .selectFrom('audit_log')
      .select(['actor_label', 'summary'])
      .where('action', '=', 'site-exported')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audited).toEqual({ actor_label: 'command line', summary: "Exported the whole site with supporters' personal data (encrypted) and staff secrets" });

    const target = await emptyInstallation();
    try {
      const wrong = run(target.env, ['import-archive', file], 'not the passphrase\n');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toBe('placard: import-archive: the passphrase does not open this archive, or the archive was changed; nothing was written\n');
      // Not a row, not even the schema: the passphrase is checked before the database is touched.
      expect(await target.database.db.introspection.getTables()).toEqual([]);
      const right = run(target.env, ['import-archive', file], `${PASSPHRASE}\n`);
      expect(right.stderr).toBe('');
      expect(right.code).toBe(0);
      expect(await countTableRows(target.database.db, 'articles')).toBe(await countTableRows(source.database.db, 'articles'));
      expect(right.stdout).not.toContain('placard user reset');
      // With secrets, staff sign in with the password they had.
      const hashOf = (database: Database) =>
        database.db.selectFrom('users').select('password_hash').where('email', '=', 'ada@example.org').executeTakeFirstOrThrow();
      expect((await hashOf(target.database)).password_hash).toMatch(/\S/);
      expect(await hashOf(target.database)).toEqual(await hashOf(source.database));
    } finally {
      await target.database.close();
    }
  });

  it('writes a WordPress WXR 1.2 file: well-formed, with authors, terms, posts and attachments', async () => {
    const file = join(work, 'wordpress.xml');
    const [first] = await source.database.db
      .selectFrom('articles')
      .select(['id', 'body_html'])
      .where('status', '=', 'published')
      .orderBy('id')
      .limit(1)
      .execute();
    // A body holding the end of a CDATA section must not end the section.
    await source.database.db
      .updateTable('articles')
      .set({ body_html: `${first!.body_html}<pre>if (a[b[0]]> 1) {}</pre>` })
      .where('id', '=', first!.id)
      .execute();
    const written = run(sourceEnv, ['export', 'wxr', file]);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    const articles = await source.database.db.selectFrom('articles').selectAll().orderBy('id').execute();
    const media = await source.database.db.selectFrom('media').selectAll().orderBy('id').execute();
    expect(written.stdout).toBe(`Wrote the WordPress export to ${file} (posts: ${articles.length}, attachments: ${media.length}).\n`);

    const lint = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);

    const xml = readFileSync(file, 'utf8');
    const { channel, items } = parseWxr(xml);
    expect(channel.get('wp:wxr_version')).toEqual(['1.2']);
    expect(channel.get('wp:base_site_url')).toEqual(['https://news.example.org']);
    expect(channel.get('wp:author_login')?.length).toBeGreaterThan(0);
    expect(channel.get('wp:cat_name')).toContain('Kazakhstan');
    expect(channel.get('wp:tag_name')?.length).toBeGreaterThan(0);

    const posts = items.filter((item) => item.get('wp:post_type')?.[0] === 'post');
    expect(posts.map((p) => Number(p.get('wp:post_id')![0]))).toEqual(articles.map((a) => a.id));
    for (const [index, post] of posts.entries()) {
      const article = articles[index]!;
      expect(post.get('title')).toEqual([article.title]);
      expect(post.get('wp:post_name')).toEqual([article.slug]);
      expect(post.get('excerpt:encoded')).toEqual([article.standfirst]);
      expect(post.get('content:encoded')).toEqual([article.body_html.replace(/(\s(?:href|src)=")\/(?!\/)/g, '$1https://news.example.org/')]);
      expect(post.get('wp:status')).toEqual([article.status === 'published' ? 'publish' : expect.any(String)]);
      expect(post.get('wp:post_date_gmt')![0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(post.get('wp:post_date')).toBeDefined();
    }
    expect(posts[0]!.get('content:encoded')![0]).toContain('if (a[b[0]]> 1) {}');
    expect(posts.some((p) => (p.get('category:category') ?? []).includes('Kazakhstan'))).toBe(true);

    const attachments = items.filter((item) => item.get('wp:post_type')?.[0] === 'attachment');
    expect(attachments.map((a) => a.get('wp:attachment_url')![0])).toEqual(media.map((m) => `https://news.example.org${m.path}`));
  });
});
