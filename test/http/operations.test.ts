import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessage } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

/*
 * What a load balancer and a Prometheus server read from every node: /health (the
 * process answers), /ready (the database answers and is migrated) and /metrics (for the
 * configured addresses only). None is cached or sets a cookie.
 */
describe.each(DATABASES)('operations (%s): health, readiness and metrics', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { env: { PLACARD_METRICS_ALLOW: '127.0.0.1, 10.0.0.0/8, fd00::/8' } });
  });
  afterAll(async () => t?.close());

  const get = (url: string, remoteAddress = '127.0.0.1') => t.app.inject({ method: 'GET', url, remoteAddress });

  /** One sample of the metrics text: the value of the series with exactly these labels, or undefined. */
  const sample = (text: string, name: string, labels: Record<string, string> = {}): number | undefined => {
    const wanted = Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .sort()
      .join(',');
    for (const line of text.split('\n')) {
      const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const got = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
      if (got === wanted) return Number(match[3]);
    }
    return undefined;
  };

  it('answers /health and /ready with 200, uncached and without cookies', async () => {
    for (const url of ['/health', '/ready']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
      expect(res.headers['set-cookie'], url).toBeUndefined();
    }
    expect((await get('/ready')).json()).toEqual({ status: 'ready' });
    expect(t.cache.has('/health') || t.cache.has('/ready') || t.cache.has('/metrics')).toBe(false);
  });

  it('says it is not ready while the database lacks a migration, and ready again once it has it', async () => {
    const db = t.database.db;
    const row = await db
      .selectFrom('placard_migrations' as never)
      .selectAll()
      .where('name' as never, '=', '0020-shared-rate-limits' as never)
      .executeTakeFirstOrThrow();
    await db
      .deleteFrom('placard_migrations' as never)
      .where('name' as never, '=', '0020-shared-rate-limits' as never)
      .execute();
    try {
      const res = await get('/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', reason: 'migrations not applied: 0020-shared-rate-limits' });
      expect((await get('/health')).statusCode).toBe(200);
    } finally {
      await db
        .insertInto('placard_migrations' as never)
        .values(row as never)
        .execute();
    }
    expect((await get('/ready')).statusCode).toBe(200);
  });

  it('counts requests by route pattern and status, and page-cache hits and misses', async () => {
    await get('/articles/stop-state-brutality-in-kazakhstan');
    await get('/articles/stop-state-brutality-in-kazakhstan');
    await get('/articles/no-such-article');
    await get('/no/such/address');
    const res = await get('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    const text = res.body;
    expect(sample(text, 'placard_http_requests_total', { method: 'GET', route: '/articles/:slug', status: '200' })).toBe(2);
    expect(sample(text, 'placard_http_requests_total', { method: 'GET', route: '/articles/:slug', status: '404' })).toBe(1);
    expect(sample(text, 'placard_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    // Never the address itself: an invented address adds no series.
    expect(text).not.toContain('no-such-article');
    expect(text).not.toContain('/no/such/address');
    expect(sample(text, 'placard_http_request_duration_seconds_count', { method: 'GET', route: '/articles/:slug' })).toBe(3);
    expect(sample(text, 'placard_page_cache_requests_total', { result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'placard_page_cache_requests_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'placard_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reports the outbox’s depth and the messages the delivery worker sent', async () => {
    const depth = async () => sample((await get('/metrics')).body, 'placard_outbox_queued');
    const before = (await depth())!;
    for (let i = 0; i < 3; i++) await createMessage(t.database.db, { kind: 'confirmation', recipient: `m${i}@example.net`, subject: 'S', body: 'B' });
    expect(await depth()).toBe(before + 3);
    await t.placard.jobs.delivery.runOnce();
    const text = (await get('/metrics')).body;
    expect(sample(text, 'placard_outbox_queued')).toBe(0);
    expect(sample(text, 'placard_outbox_deliveries_total', { result: 'sent' })).toBe(before + 3);
    expect(sample(text, 'placard_outbox_deliveries_total', { result: 'failed' })).toBe(0);
  });

  it('shows /metrics only to the configured addresses; anyone else gets the ordinary 404 page', async () => {
    expect((await get('/metrics', '10.20.30.40')).statusCode).toBe(200);
    expect((await get('/metrics', 'fd00::17')).statusCode).toBe(200);
    expect((await get('/metrics', '::ffff:127.0.0.1')).statusCode).toBe(200);
    const refused = await get('/metrics', '203.0.113.9');
    const unknown = await get('/no-such-page', '203.0.113.9');
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(refused.body).toBe(unknown.body);
    expect(refused.body).not.toContain('placard_');
    expect((await get('/metrics', '127.0.0.2')).statusCode).toBe(404);
  });
});

describe.each(DATABASES)('operations (%s): without a database', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { demo: false, intakeWorker: false });
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
  });

  it('is alive but not ready, and only the loopback reads its metrics by default', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.0.0.1' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
    await t.database.close();
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', reason: 'the database cannot be read' });
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });
});
