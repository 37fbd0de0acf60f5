import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { scratchDatabase, type ScratchDatabase } from '../support/databases.js';

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/* A section added from the shell on PostgreSQL appears on a running node's cached index of sections. */
describe('cli (postgres): placard section beside running nodes', () => {
  let shared: ScratchDatabase;
  let node: TestApp;
  beforeAll(async () => {
    shared = await scratchDatabase('postgres');
    node = await startTestApp('postgres', { shared, demo: false, intakeWorker: false });
  });
  afterAll(async () => {
    await node?.close();
    await shared?.dispose();
  });

  it('drops the running node’s cached index of sections', async () => {
    const index = async () => (await node.app.inject({ method: 'GET', url: '/sections' })).body;
    expect(await index()).not.toContain('Almaty Workers Circle');
    expect(node.cache.has('/sections')).toBe(true);
    const added = spawnSync(
      process.execPath,
      [MAIN, 'section', 'add', '--slug', 'awc', '--name', 'Almaty Workers Circle', '--country', 'KZ', '--language', 'ru', '--time-zone', 'Asia/Almaty'],
      {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', PLACARD_DEMO: 'off', DATABASE_URL: (shared.config as { url: string }).url },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    await expect.poll(index, { timeout: 1000, interval: 25 }).toContain('Almaty Workers Circle');
  });
});
