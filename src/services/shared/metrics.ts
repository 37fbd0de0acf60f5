import type { Kysely } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { countQueuedOutbox } from '../../store/outbox/outbox-admin.store.js';
import type { DB } from '../../store/db/schema.js';

/**
 * What an operator watches a node by, in Prometheus's text format at `/metrics`
 * (docs/operations.md, "Metrics"). Each Placard has its own registry, so two composed
 * in one process (tests, several nodes) never mix their numbers. Labels are route
 * patterns and outcomes, never addresses, slugs or anything a reader typed.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Requests answered, by method, route pattern and status. */
  readonly requests: Counter<'method' | 'route' | 'status'>;
  /** Time to answer, by method and route pattern. */
  readonly latency: Histogram<'method' | 'route'>;
  /** Public pages served from the cache ("hit") or rendered ("miss"). */
  readonly pageCache: Counter<'result'>;
  /** Outbox messages sent, retried later or failed for good, by the delivery worker of this node. */
  readonly deliveries: Counter<'result'>;
  /** The text a scraper reads. */
  render(): Promise<string>;
  readonly contentType: string;
}

/**
 * Builds the metrics of one Placard. The outbox's depth is read from the database when
 * scraped (one indexed count), so every node reports the installation's queue.
 */
export function createMetrics(deps: { readonly db: Kysely<DB> }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'placard_' });
  const requests = new Counter({
    name: 'placard_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'placard_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer leaving, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const pageCache = new Counter({
    name: 'placard_page_cache_requests_total',
    help: 'Public pages served from the page cache (result="hit") or rendered (result="miss").',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'placard_outbox_deliveries_total',
    help: 'Outbox messages this node sent (result="sent"), will retry ("retried") or gave up on ("failed").',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  // Every series exists from the start, so a rate over the first scrapes is defined.
  for (const result of ['hit', 'miss']) pageCache.inc({ result }, 0);
  for (const result of ['sent', 'retried', 'failed']) deliveries.inc({ result }, 0);
  new Gauge({
    name: 'placard_outbox_queued',
    help: 'Messages waiting in the outbox (every node of the installation), due now or later.',
    registers: [registry],
    async collect() {
      // A database that does not answer leaves the last value: the scrape itself must not fail with it.
      const queued = await countQueuedOutbox(deps.db).catch(() => undefined);
      if (queued !== undefined) this.set(queued);
    },
  });
  return { registry, requests, latency, pageCache, deliveries, render: () => registry.metrics(), contentType: registry.contentType };
}
