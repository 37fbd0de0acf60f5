import { BlockList, isIPv4 } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../services/shared/metrics.js';
import type { Readiness } from '../../services/shared/readiness.js';

/** What the routes for load balancers and scrapers need. */
export interface OperationsDeps {
  readonly metrics: Metrics;
  /** Whether the database answers and is migrated (services/shared/readiness.ts). */
  readonly readiness: () => Promise<Readiness>;
  /** True once the node is shutting down: it then tells load balancers it is not ready. */
  readonly draining: () => boolean;
  /** Addresses and ranges allowed to read `/metrics` (PLACARD_METRICS_ALLOW). */
  readonly metricsAllow: readonly string[];
}

/** A BlockList of the allowed addresses and ranges ("10.0.0.0/8", "::1"). */
export function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** Whether `ip` is on the list; an IPv4 address written as IPv6 ("::ffff:127.0.0.1") is checked as IPv4. */
export function allowed(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return list.check(mapped, 'ipv4');
  return list.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6');
}

// Never kept by a browser, proxy or the page cache; no route here sets a cookie.
const NO_STORE = 'no-store';

/**
 * The routes an operator's machinery reads, never a person:
 * - `/health`: the process is alive and answering (200), without touching the database,
 *   so a database outage does not make every node look dead and get restarted;
 * - `/ready`: the database answers and has every migration (200), else 503, and 503 as
 *   soon as the node is shutting down, so a load balancer sends it nothing new;
 * - `/metrics`: Prometheus's text format, for the configured addresses only; anyone
 *   else gets the ordinary 404 page, as if there were no such route.
 * Request counts and latencies are taken for every route by a hook on the whole app.
 */
export function registerOperationsRoutes(app: FastifyInstance, deps: OperationsDeps): void {
  const { metrics } = deps;
  const list = allowList(deps.metricsAllow);

  app.addHook('onResponse', (request, reply, done) => {
    // The route's pattern, never the address: a crawler's invented addresses add no series.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });

  app.get('/health', async (_request, reply) => {
    reply.header('cache-control', NO_STORE);
    return { status: 'ok' };
  });

  app.get('/ready', async (_request, reply) => {
    reply.header('cache-control', NO_STORE);
    if (deps.draining()) return reply.code(503).send({ status: 'unavailable', reason: 'shutting down' });
    const readiness = await deps.readiness();
    if (!readiness.ready) return reply.code(503).send({ status: 'unavailable', reason: readiness.reason });
    return { status: 'ready' };
  });

  app.get('/metrics', async (request, reply) => {
    if (!allowed(list, request.ip)) return reply.callNotFound();
    const text = await metrics.render();
    return reply.header('cache-control', NO_STORE).type(metrics.contentType).send(text);
  });
}
