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

describe('unit: error catalogue', () => {
  it('documents every error code in docs/errors.md', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ERROR_CODES)) expect(doc).toContain(`| \`${code}\` |`);
  });
});
