import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations/migrate.js';

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
let dir: string;

function run(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli: placard', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'placard-cli-'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops before listening on a wrong variable: one line, exit code 2', () => {
    const result = run(['serve'], { PORT: 'eighty', DATA_DIR: join(dir, 'a') });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['placard: invalid configuration: PORT must be a whole number between 1 and 65535']);
  });

  it('never echoes a password in a bad DATABASE_URL', () => {
    const result = run(['serve'], { DATABASE_URL: 'mysql://admin:s3cret@db/x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL must be a postgres:// URL');
    expect(result.stderr).not.toContain('s3cret');
  });

  it('says in one line that a database cannot be reached, without its password', () => {
    const result = run(['serve'], { DATABASE_URL: 'postgres://placard:s3cret@127.0.0.1:1/placard' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^placard: .*PostgreSQL at 127\.0\.0\.1:1\/placard/);
    expect(result.stderr).not.toContain('s3cret');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says in one line that a SQLite database cannot be opened', () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const result = run(['serve'], { DATA_DIR: file });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^placard: cannot open the SQLite database at /);
  });

  it('migrates alone, forward only', () => {
    const env = { DATA_DIR: join(dir, 'm') };
    const first = run(['migrate'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^Applied ${migrations.map((m) => m.name).join(', ')} to SQLite at .*placard\\.sqlite\\.\\n$`));
    expect(run(['migrate'], env).stdout).toMatch(/is up to date\.\n$/);
  });

  it('refuses a database migrated by a newer Placard', () => {
    const env = { DATA_DIR: join(dir, 'newer') };
    run(['migrate'], env);
    const db = new DatabaseSync(join(dir, 'newer', 'placard.sqlite'));
    db.exec("insert into placard_migrations (name, applied_at) values ('9999-future', '2030-01-01T00:00:00.000Z')");
    db.close();
    const result = run(['serve'], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('placard: the database was migrated by a newer Placard (9999-future); upgrade Placard instead');
  });

  it('rejects an unknown command with the usage', () => {
    const result = run(['frobnicate'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('Usage: placard <command>');
  });

  it.each([
    ['on', 'Stop state brutality in Kazakhstan!'],
    ['off', 'Nothing has been published yet.'],
  ])('serves the site with PLACARD_DEMO=%s, prints the URL and stops on SIGTERM', async (demo, expected) => {
    const child = spawn(process.execPath, [MAIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: join(dir, `serve-${demo}`), PORT: '0', PLACARD_DEMO: demo, LOG_LEVEL: 'silent' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 15_000);
      child.stdout.on('data', () => {
        const match = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    expect(out).toContain(demo === 'on' ? '(demo content loaded)' : 'Placard is serving SQLite');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(expected);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
