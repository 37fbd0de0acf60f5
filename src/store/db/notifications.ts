import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

/**
 * PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; callers keep theirs below
 * this many bytes (counted in UTF-8).
 */
export const NOTIFY_PAYLOAD_LIMIT = 7999;

/** What a listening connection reports. */
export interface ChannelHandlers {
  /** A notification's payload, as sent. */
  message(payload: string): void;
  /**
   * The connection was lost, or came back after a loss: notifications sent meanwhile
   * were not received, so whatever they would have said must be assumed.
   */
  gap(): void;
}

/** A dedicated connection listening on one channel, reconnecting by itself. */
export interface ListeningChannel {
  /** Resolves once the first LISTEN has been acknowledged: notifications sent after that arrive. */
  readonly ready: Promise<void>;
  /** Ends the connection and stops reconnecting. */
  close(): Promise<void>;
}

/** How the listening connection checks and restores itself; tests shorten them. */
export interface ChannelTiming {
  /** Between two checks that the connection still answers. */
  readonly pingMs: number;
  /** The first wait before reconnecting; it doubles on each failure up to `maxRetryMs`. */
  readonly retryMs: number;
  readonly maxRetryMs: number;
}

const DEFAULT_TIMING: ChannelTiming = { pingMs: 5_000, retryMs: 100, maxRetryMs: 5_000 };

/** The name PostgreSQL shows for the listening connection (pg_stat_activity.application_name). */
export const LISTENER_APPLICATION_NAME = 'placard-listener';

/**
 * Listens on `channel` through its own connection, not one of the pool's: a pooled
 * connection is handed to other queries and would stop listening. A lost connection
 * (server restart, network, an administrator's pg_terminate_backend) is reported, then
 * re-established with growing waits, and reported again once listening; a ping every
 * few seconds notices a connection that went silent without closing.
 */
export function listenToChannel(url: string, channel: string, handlers: ChannelHandlers, timing: ChannelTiming = DEFAULT_TIMING): ListeningChannel {
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let ping: NodeJS.Timeout | null = null;
  let wait = timing.retryMs;
  let everListened = false;
  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: unknown) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });

  const drop = (lost: pg.Client) => {
    if (client !== lost) return;
    client = null;
    if (ping) clearInterval(ping);
    ping = null;
    lost.removeAllListeners('notification');
    lost.end().catch(() => undefined);
    if (closed) return;
    if (everListened) handlers.gap();
    retry = setTimeout(connect, wait);
    retry.unref();
    wait = Math.min(wait * 2, timing.maxRetryMs);
  };

  const connect = async () => {
    retry = null;
    if (closed) return;
    const next = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION_NAME, keepAlive: true, query_timeout: timing.pingMs * 2 });
    client = next;
    next.on('error', () => drop(next));
    next.on('end', () => drop(next));
    next.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) handlers.message(n.payload);
    });
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      if (!everListened && !closed) rejectReady(error);
      drop(next);
      return;
    }
    if (closed || client !== next) return;
    wait = timing.retryMs;
    if (everListened) handlers.gap();
    everListened = true;
    resolveReady();
    ping = setInterval(() => {
      next.query('select 1').catch(() => drop(next));
    }, timing.pingMs);
    ping.unref();
  };

  void connect();
  // Nobody may be waiting on `ready` when the first connection fails after a close.
  ready.catch(() => undefined);
  return {
    ready,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      if (ping) clearInterval(ping);
      const last = client;
      client = null;
      await last?.end().catch(() => undefined);
    },
  };
}

/** Sends a notification on `channel` to every connection listening on it, this one's included. */
export async function notifyChannel(db: Kysely<DB>, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
