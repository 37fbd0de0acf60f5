import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

describe.each(DATABASES)('cli (%s): placard section', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  let env: Record<string, string>;

  function run(args: string[]) {
    const result = spawnSync(process.execPath, [MAIN, 'section', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    env = {
      PUBLIC_URL: 'https://news.example.org',
      LOG_LEVEL: 'silent',
      PLACARD_DEMO: 'off',
      ...(scratch.config.kind === 'sqlite' ? { DATA_DIR: scratch.dataDir } : { DATABASE_URL: scratch.config.url }),
    };
    // The command migrates a brand-new database itself, as it must before the first start.
    database = openDatabase(scratch.config);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await scratch?.dispose();
  });

  it('adds sections for scripted set-up, with several countries and languages, audited', async () => {
    const first = run([
      'add',
      '--slug',
      'sdk',
      '--name',
      'Socialist Movement Kazakhstan',
      '--short-name',
      'SMK',
      '--country',
      'KZ',
      '--country',
      'ru',
      '--language',
      'ru',
      '--language',
      'kk',
      '--time-zone',
      'Asia/Almaty',
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('Added the section Socialist Movement Kazakhstan at /sections/sdk.\n');
    const second = run(['add', '--slug', 'sp-ireland', '--name', 'Socialist Party', '--country', 'IE', '--language', 'en', '--time-zone', 'Europe/Dublin']);
    expect(second.code, second.stderr).toBe(0);

    const row = await database.db.selectFrom('sections').selectAll().where('slug', '=', 'sdk').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ country: 'KZ', time_zone: 'Asia/Almaty', short_label: 'SMK' });
    expect(JSON.parse(row.countries)).toEqual(['KZ', 'RU']);
    const entry = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'section-created').orderBy('id').executeTakeFirstOrThrow();
    expect(entry.actor_label).toBe('command line');
  });

  it('lists every section as a table', () => {
    const result = run(['list']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['ID', 'SLUG', 'NAME', 'SHORT NAME', 'COUNTRIES', 'LANGUAGES', 'TIME ZONE', 'STATUS']);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(1))).toEqual([
      ['sdk', 'Socialist Movement Kazakhstan', 'SMK', 'KZ,RU', 'ru,kk', 'Asia/Almaty', 'active'],
      ['sp-ireland', 'Socialist Party', 'Socialist Party', 'IE', 'en', 'Europe/Dublin', 'active'],
    ]);
  });

  it('refuses a bad time zone, a taken slug and a missing flag, saying what to fix, and stores nothing', async () => {
    const zone = run(['add', '--slug', 'sa', '--name', 'Socialist Alternative', '--country', 'US', '--language', 'en', '--time-zone', 'America/Springfield']);
    expect(zone.code).toBe(2);
    expect(zone.stdout).toBe('');
    expect(zone.stderr).toBe('placard: section: --time-zone: Enter a time zone by its IANA name, such as Europe/London or Asia/Almaty.\n');
    const taken = run(['add', '--slug', 'sdk', '--name', 'Another', '--country', 'KZ', '--language', 'ru', '--time-zone', 'Asia/Almaty']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe('placard: section: --slug: Another section already has this slug; choose another.\n');
    const missing = run(['add', '--slug', 'sa', '--name', 'Socialist Alternative', '--language', 'en', '--time-zone', 'America/New_York']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('placard: section: --country: Enter at least one country as its two-letter ISO code, such as KZ.\n');
    expect(run(['rename']).stderr).toBe('placard: section: unknown section command "rename"; use add or list\n');
    const slugs = (await database.db.selectFrom('sections').select('slug').orderBy('slug').execute()).map((r) => r.slug);
    expect(slugs).toEqual(['sdk', 'sp-ireland']);
  });
});
