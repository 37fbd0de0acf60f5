import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';
import { writeWxr } from '../support/wxr.js';

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const fixture = (name: string) => new URL(`../fixtures/wxr/${name}`, import.meta.url).pathname;

describe.each(DATABASES)('cli (%s): placard import', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  let env: Record<string, string>;
  let work: string;
  let server: Server;
  let feedUrl: string;

  function run(args: string[], cwd?: string) {
    const result = spawnSync(process.execPath, [MAIN, 'import', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
      cwd,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  /** Runs the command without blocking this process, whose loopback server it may fetch from. */
  function runAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [MAIN, 'import', ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }
  const count = async (table: 'articles' | 'media' | 'imported_items' | 'old_addresses' | 'audit_log') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    env = {
      PUBLIC_URL: 'https://news.example.org',
      LOG_LEVEL: 'silent',
      PLACARD_DEMO: 'off',
      DATA_DIR: scratch.dataDir,
      ...(scratch.config.kind === 'postgres' ? { DATABASE_URL: scratch.config.url } : {}),
    };
    database = openDatabase(scratch.config);
    work = mkdtempSync(join(tmpdir(), 'placard-import-cli-'));
    mkdirSync(join(work, 'uploads/2019/05'), { recursive: true });
    await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 0, b: 0 } } })
      .jpeg()
      .toFile(join(work, 'uploads/2019/05/march.jpg'));
    server = createServer((request, response) => {
      if (request.url === '/atom.xml') response.writeHead(200, { 'content-type': 'application/atom+xml' }).end(readFileSync(fixture('feed-atom.xml')));
      else response.writeHead(404).end('no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.close();
    await scratch?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('answers bad usage with one line and exit code 2, writing nothing', () => {
    const cases: [string[], string][] = [
      [[], 'placard: import: say what to import: "import wxr FILE" or "import feed FILE_OR_URL"\n'],
      [['csv', 'x'], 'placard: import: there is no "import csv"; use "import wxr" or "import feed"\n'],
      [['wxr'], 'placard: import: name the file to import\n'],
      [['wxr', join(work, 'nothing.xml')], `placard: import: there is no file ${join(work, 'nothing.xml')}\n`],
      [['wxr', fixture('wordpress-6.xml'), '--media-dir', join(work, 'none')], `placard: import: the media folder ${join(work, 'none')} does not exist\n`],
      [['wxr', fixture('wordpress-6.xml'), '--colour', 'red'], 'placard: import: unknown option \'--colour\'; see "placard help"\n'],
      [['wxr', fixture('wordpress-6.xml'), '--section', 'nowhere'], 'placard: import: There is no section "nowhere".\n'],
    ];
    for (const [args, expected] of cases) {
      const result = run(args);
      expect([args, result.code, result.stderr]).toEqual([args, 2, expected]);
    }
    const map = join(work, 'bad-map.json');
    writeFileSync(map, '{"categories": {"Kazakhstan": {"country": "Kazakh"}}}');
    const bad = run(['wxr', fixture('wordpress-6.xml'), '--map', map]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`placard: import: the map file ${map} cannot be used: categories.Kazakhstan.country: not an ISO 3166-1 country code\n`);
  });

  it('refuses hostile, malformed and truncated files with the place and exit code 1, writing nothing', async () => {
    for (const name of ['billion-laughs.xml', 'xxe.xml', 'malformed.xml', 'truncated.xml']) {
      const result = run(['wxr', name], join(fixture(name), '..'));
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^placard: import: ${name.replace('.', '\\.')}:\\d+:\\d+: `));
      expect(result.stderr).not.toContain('root:x:0');
    }
    expect(await count('articles')).toBe(0);
    expect(await count('audit_log')).toBe(0);
  });

  it('draws a progress bar on a terminal, and documents the command in the help', () => {
    // script(1), from Debian's essential bsdutils, gives the command a terminal.
    const command = [process.execPath, MAIN, 'import', 'wxr', fixture('wordpress-6.xml'), '--dry-run'].map((a) => `'${a}'`).join(' ');
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('\r[##############################] 8 of 8 posts');
    expect(result.stdout).toContain('Dry run: nothing was written.');
    const help = spawnSync(process.execPath, [MAIN, 'help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('import wxr FILE [--section SLUG] [--media-dir DIR] [--map FILE] [--dry-run]');
    expect(help.stdout).toContain('import feed FILE_OR_URL');
  });

  it('prints the same report on a dry run and writes nothing', async () => {
    const result = run(['wxr', fixture('wordpress-6.xml'), '--media-dir', join(work, 'uploads'), '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('7 new articles');
    expect(result.stdout).toContain('Dry run: nothing was written.');
    expect(await count('articles')).toBe(0);
    expect(await count('media')).toBe(0);
  });

  it('imports a WordPress export with a map file and reports what it did', async () => {
    const map = join(work, 'map.json');
    writeFileSync(map, JSON.stringify({ categories: { 'Hong Kong': { country: 'HK' } }, tags: { labour: { topic: 'Workers’ struggles' } } }));
    const result = run(['wxr', fixture('wordpress-6.xml'), '--media-dir', join(work, 'uploads'), '--map', map]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      [
        'Import from wxr:old.solidarity.example:',
        '  7 new articles',
        '  0 articles updated',
        '  0 articles unchanged',
        '  skipped: 1 page, 2 attachments, 1 menu entry, 2 comments, 1 item of another post type, and 1 post in the bin',
        '    product: 1',
        '  1 image imported',
        '  2 image files missing',
        '    2019/05/port-1024x683.jpg',
        '    2019/06/missing.jpg',
        '  12 old addresses redirect to their articles',
        '  2 embedded players kept as links',
        '',
      ].join('\n'),
    );
    // Not a terminal: plain progress lines, not a redrawn bar.
    expect(result.stderr).toContain('8 of 8 posts\n');
    expect(result.stderr).not.toContain('\r');
    const hk = await database.db.selectFrom('article_countries').select('country').where('country', '=', 'HK').execute();
    expect(hk).toHaveLength(1);
    const topic = await database.db.selectFrom('topics').select('name').where('name', '=', 'Workers’ struggles').execute();
    expect(topic).toHaveLength(1);
    const again = run(['wxr', fixture('wordpress-6.xml'), '--media-dir', join(work, 'uploads'), '--map', map]);
    expect(again.stdout).toContain('0 new articles');
    expect(again.stdout).toContain('7 articles unchanged');
    expect(await count('articles')).toBe(7);
  });

  it('files every imported article under the section given', async () => {
    const section = spawnSync(
      process.execPath,
      [MAIN, 'section', 'add', '--slug', 'arbeit', '--name', 'Arbeiterpresse', '--country', 'DE', '--language', 'de', '--time-zone', 'Europe/Berlin'],
      { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
    );
    expect(section.status, section.stderr).toBe(0);
    const result = run(['feed', fixture('feed-rss.xml'), '--section', 'arbeit']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 new articles');
    const filed = await database.db
      .selectFrom('article_sections as x')
      .innerJoin('sections as s', 's.id', 'x.section_id')
      .innerJoin('articles as a', 'a.id', 'x.article_id')
      .select(['a.title', 's.slug'])
      .orderBy('a.id')
      .execute();
    expect(filed).toEqual([
      { title: 'Streik bei der Bahn: Lokführer legen Arbeit nieder', slug: 'arbeit' },
      { title: 'Kurzmeldung', slug: 'arbeit' },
    ]);
  });

  it('imports an Atom feed from a file and the same feed from an address', async () => {
    const fromFile = run(['feed', fixture('feed-atom.xml')]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toContain('1 new article\n');
    const fromUrl = await runAsync(['feed', `${feedUrl}/atom.xml`]);
    expect(fromUrl.code, fromUrl.stderr).toBe(0);
    expect(fromUrl.stdout).toContain('1 article unchanged');
    const missing = await runAsync(['feed', `${feedUrl}/gone.xml`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`placard: import: ${feedUrl}/gone.xml: the server answered 404\n`);
  });

  it('picks up where it stopped after being killed mid-way, creating nothing twice', async () => {
    const big = join(work, 'big.xml');
    writeWxr(big, 1500, { site: 'https://big.example' });
    const before = await count('articles');
    const child = spawn(process.execPath, [MAIN, 'import', 'wxr', big], { env: { PATH: process.env.PATH ?? '', ...env } });
    let progress = '';
    const killed = new Promise<void>((resolve) => {
      child.stderr.on('data', (data: Buffer) => {
        progress += data.toString();
        if (/\b(1[5-9]\d|[2-9]\d\d|1[0-4]\d\d) of 1,500 posts/.test(progress) && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    await killed;
    expect(child.signalCode).toBe('SIGKILL');
    const partial = (await count('articles')) - before;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(1500);
    const resumed = run(['wxr', big]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`${(1500 - partial).toLocaleString('en')} new article`);
    expect(resumed.stdout).toContain(`${partial.toLocaleString('en')} article`);
    expect((await count('articles')) - before).toBe(1500);
    const items = await database.db.selectFrom('imported_items').select('item_key').where('source', '=', 'wxr:big.example').execute();
    expect(new Set(items.map((i) => i.item_key)).size).toBe(1500);
  }, 300_000);
});
