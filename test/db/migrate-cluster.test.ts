import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db/database.js';
import { migrate, migrations } from '../../src/store/migrations/migrate.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DEMO_SLUG } from '../support/campaigns.js';
import { scratchDatabase, type ScratchDatabase } from '../support/databases.js';

/*
 * Three nodes started at the same moment on an empty PostgreSQL database: one migrates
 * (and loads the demo content), the others wait for it and find nothing left to do.
 */
describe('migrations (postgres): several nodes starting at once', () => {
  let shared: ScratchDatabase;
  let nodes: TestApp[] = [];
  beforeAll(async () => {
    shared = await scratchDatabase('postgres');
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    nodes = [];
    await shared?.dispose();
  });

  it('migrates once and loads the demo once when three compose at the same moment', async () => {
    nodes = await Promise.all([1, 2, 3].map(() => startTestApp('postgres', { shared, intakeWorker: false })));
    expect(nodes.map((n) => n.placard.demoLoaded).sort()).toEqual([false, false, true]);
    const db = nodes[0]!.database.db;
    const recorded = await db
      .selectFrom('placard_migrations' as never)
      .select('name' as never)
      .execute();
    expect(recorded.map((r) => (r as { name: string }).name).sort()).toEqual(migrations.map((m) => m.name));
    expect(await db.selectFrom('campaigns').select('id').where('slug', '=', DEMO_SLUG).execute()).toHaveLength(1);
    for (const node of nodes) expect((await node.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  });

  it('lets exactly one of three migrate calls racing on a fresh database apply the migrations', async () => {
    const fresh = await scratchDatabase('postgres');
    const databases = [1, 2, 3].map(() => openDatabase(fresh.config));
    try {
      const applied = await Promise.all(databases.map((d) => migrate(d)));
      expect(applied.map((a) => a.length).sort((x, y) => x - y)).toEqual([0, 0, migrations.length]);
    } finally {
      for (const d of databases) await d.close();
      await fresh.dispose();
    }
  });
});
