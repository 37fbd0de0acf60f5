import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CacheTag } from '../../domain/cache/cache-tags.js';
import { listenToChannel, notifyChannel, NOTIFY_PAYLOAD_LIMIT, type ChannelTiming } from '../../store/db/notifications.js';
import type { DB } from '../../store/db/schema.js';

/**
 * Tells whoever caches what the database holds (rendered pages, campaign lookups,
 * counts, the site's identity) which tags a committed change touched. Services only
 * announce, after their transaction commits; every subscriber of every node hears it
 * (docs/decisions/0034). Tags are made by domain/cache/cache-tags.ts, as the pages that
 * depend on them make theirs.
 */
export interface ContentChanges {
  announce(tags: readonly CacheTag[]): void;
  subscribe(listener: (tags: readonly CacheTag[]) => void): () => void;
  /**
   * Called when changes may have been missed (another node's word was lost with the
   * connection that carried it): a subscriber then forgets everything it keeps.
   */
  onReset(listener: () => void): () => void;
}

/** A ContentChanges that also ends what it holds open. */
export interface ClosableContentChanges extends ContentChanges {
  close(): Promise<void>;
}

/** Listeners of both kinds, called synchronously in the order they subscribed. */
function listeners() {
  const onTags = new Set<(tags: readonly CacheTag[]) => void>();
  const onReset = new Set<() => void>();
  return {
    tags(tags: readonly CacheTag[]) {
      for (const listener of onTags) listener(tags);
    },
    reset() {
      for (const listener of onReset) listener();
    },
    subscribe(listener: (tags: readonly CacheTag[]) => void) {
      onTags.add(listener);
      return () => void onTags.delete(listener);
    },
    onReset(listener: () => void) {
      onReset.add(listener);
      return () => void onReset.delete(listener);
    },
  };
}

/** An in-process ContentChanges, for one node (SQLite, the command line): listeners are called synchronously, in order. */
export function createContentChanges(): ClosableContentChanges {
  const all = listeners();
  return { announce: all.tags, subscribe: all.subscribe, onReset: all.onReset, close: async () => undefined };
}

/** The PostgreSQL channel every node listens on. */
export const CHANGES_CHANNEL = 'placard_changes';

/** One notification: who sent it, and either tags or a reset. */
interface Message {
  readonly from: string;
  readonly tags?: readonly string[];
  readonly reset?: true;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * The notifications that carry `tags`: as many tags in each as fit under PostgreSQL's
 * payload limit. A tag too long to fit any notification turns the whole announcement
 * into a reset, which is always correct, only dearer.
 */
export function changeMessages(from: string, tags: readonly string[]): string[] {
  const reset = JSON.stringify({ from, reset: true } satisfies Message);
  const out: string[] = [];
  let batch: string[] = [];
  const flush = () => {
    if (batch.length > 0) out.push(JSON.stringify({ from, tags: batch } satisfies Message));
    batch = [];
  };
  for (const tag of tags) {
    if (bytes(JSON.stringify({ from, tags: [tag] })) > NOTIFY_PAYLOAD_LIMIT) return [reset];
    if (bytes(JSON.stringify({ from, tags: [...batch, tag] })) > NOTIFY_PAYLOAD_LIMIT) flush();
    batch.push(tag);
  }
  flush();
  return out;
}

/** What the shared ContentChanges needs: the pool to notify through, and the server to listen on. */
export interface SharedChangesDeps {
  readonly db: Kysely<DB>;
  /** The PostgreSQL URL; the listening connection is opened from it, apart from the pool. */
  readonly url: string;
  readonly logger?: Logger | null;
  readonly timing?: ChannelTiming;
}

/**
 * The ContentChanges of a node among several on one PostgreSQL database. Local
 * listeners are called at once, as in one process; the tags also go out with
 * NOTIFY on one channel, and every other node's listeners hear them when PostgreSQL
 * delivers them (milliseconds). A node that lost its listening connection tells its
 * listeners to reset, on the loss and again once listening again, since whatever was
 * announced in between never reached it. Resolves once it listens.
 */
export async function createSharedContentChanges(deps: SharedChangesDeps): Promise<ClosableContentChanges> {
  const self = randomUUID();
  const all = listeners();
  const log = deps.logger ?? null;
  const channel = listenToChannel(
    deps.url,
    CHANGES_CHANNEL,
    {
      message(payload) {
        let message: Message;
        try {
          message = JSON.parse(payload) as Message;
        } catch {
          return;
        }
        if (message.from === self) return;
        if (message.reset) all.reset();
        else if (Array.isArray(message.tags)) all.tags(message.tags as CacheTag[]);
      },
      gap() {
        log?.warn('the connection that hears other nodes’ changes was lost or restored; dropping every cached page');
        all.reset();
      },
    },
    deps.timing,
  );
  await channel.ready;
  // Notifications on their way: close() waits for them, so a command that changes
  // something and exits still tells the running nodes.
  const sending = new Set<Promise<void>>();
  return {
    announce(tags) {
      all.tags(tags);
      for (const payload of changeMessages(self, tags)) {
        // A lost notification leaves other nodes stale until their next reset: logged, never thrown at the
        // service, whose change is committed already.
        const sent = notifyChannel(deps.db, CHANGES_CHANNEL, payload)
          .catch((error: unknown) => log?.error({ err: error }, 'telling other nodes of a change failed'))
          .finally(() => sending.delete(sent));
        sending.add(sent);
      }
    },
    subscribe: all.subscribe,
    onReset: all.onReset,
    async close() {
      await Promise.all(sending);
      await channel.close();
    },
  };
}
