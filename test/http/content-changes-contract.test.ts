import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tags, type CacheTag } from '../../src/domain/cache/cache-tags.js';
import { changeMessages, createContentChanges, createSharedContentChanges, type ClosableContentChanges } from '../../src/services/shared/content-changes.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { LISTENER_APPLICATION_NAME } from '../../src/store/db/notifications.js';
import { scratchDatabase, type ScratchDatabase } from '../support/databases.js';

/*
 * One contract for every ContentChanges: what one node announces, every node's
 * subscribers hear, once, whatever the number of tags. The in-process one is a single
 * node (both "nodes" are the same object); the PostgreSQL one is two nodes on one
 * database, as two Placards on two machines would be.
 */

interface Pair {
  readonly a: ClosableContentChanges;
  readonly b: ClosableContentChanges;
  close(): Promise<void>;
}

const FAST = { pingMs: 500, retryMs: 50, maxRetryMs: 400 };

const implementations: Record<string, () => Promise<Pair & { scratch?: ScratchDatabase; database?: Database }>> = {
  'in-process': async () => {
    const one = createContentChanges();
    return { a: one, b: one, close: () => one.close() };
  },
  postgres: async () => {
    const scratch = await scratchDatabase('postgres');
    if (scratch.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const database = openDatabase(scratch.config);
    const url = scratch.config.url;
    const a = await createSharedContentChanges({ db: database.db, url, timing: FAST });
    const b = await createSharedContentChanges({ db: database.db, url, timing: FAST });
    return {
      a,
      b,
      scratch,
      database,
      async close() {
        await a.close();
        await b.close();
        await database.close();
        await scratch.dispose();
      },
    };
  },
};

/** Everything a subscriber heard, in order. */
function recorder(changes: ClosableContentChanges) {
  const heard: (readonly CacheTag[])[] = [];
  let resets = 0;
  const stop = changes.subscribe((t) => heard.push(t));
  const stopReset = changes.onReset(() => resets++);
  return {
    heard,
    get resets() {
      return resets;
    },
    all: () => heard.flat(),
    stop() {
      stop();
      stopReset();
    },
  };
}

describe.each(Object.keys(implementations))('content changes (%s): the contract', (name) => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await implementations[name]!();
  });
  afterAll(async () => pair?.close());

  it('tells the announcing node’s subscribers at once, and every other node’s within a second', async () => {
    const mine = recorder(pair.a);
    const theirs = recorder(pair.b);
    pair.a.announce([tags.article('kuramshin-sentenced'), tags.front]);
    expect(mine.all()).toEqual([tags.article('kuramshin-sentenced'), tags.front]);
    await expect.poll(() => theirs.all(), { timeout: 1000, interval: 20 }).toEqual([tags.article('kuramshin-sentenced'), tags.front]);
    mine.stop();
    theirs.stop();
  });

  it('tells each subscriber once: a node does not hear its own announcement a second time', async () => {
    const mine = recorder(pair.a);
    const theirs = recorder(pair.b);
    pair.a.announce([tags.campaign(7)]);
    pair.b.announce([tags.campaign(8)]);
    await expect.poll(() => theirs.all().length, { timeout: 1000, interval: 20 }).toBe(2);
    await expect.poll(() => mine.all().length, { timeout: 1000, interval: 20 }).toBe(2);
    // Anything late would have come by now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mine.all().sort()).toEqual([tags.campaign(7), tags.campaign(8)].sort());
    expect(theirs.all().sort()).toEqual([tags.campaign(7), tags.campaign(8)].sort());
    mine.stop();
    theirs.stop();
  });

  it('says nothing more to a subscriber that left', async () => {
    const gone = recorder(pair.b);
    gone.stop();
    const still = recorder(pair.b);
    pair.a.announce([tags.sections]);
    await expect.poll(() => still.all(), { timeout: 1000, interval: 20 }).toEqual([tags.sections]);
    expect(gone.heard).toEqual([]);
    still.stop();
  });

  it('carries an announcement far larger than one PostgreSQL notification (8000 bytes)', async () => {
    const many = Array.from({ length: 600 }, (_, i) => tags.article(`an-article-with-a-rather-long-address-number-${i}`));
    const theirs = recorder(pair.b);
    pair.a.announce(many);
    await expect.poll(() => new Set(theirs.all()).size, { timeout: 2000, interval: 20 }).toBe(many.length);
    expect(theirs.resets).toBe(0);
    theirs.stop();
  });
});

describe('content changes (postgres): a lost connection', () => {
  let pair: Pair & { scratch?: ScratchDatabase };
  beforeAll(async () => {
    pair = await implementations.postgres!();
  });
  afterAll(async () => pair?.close());

  it('makes every node reset its caches, and the nodes hear each other again once it is back', async () => {
    const theirs = recorder(pair.b);
    const admin = new pg.Client({ connectionString: (pair.scratch!.config as { url: string }).url });
    await admin.connect();
    try {
      const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()', [
        LISTENER_APPLICATION_NAME,
      ]);
      expect(killed.rowCount).toBe(2);
    } finally {
      await admin.end();
    }
    // Once on the loss, once more when listening again: changes in between were missed.
    await expect.poll(() => theirs.resets, { timeout: 3000, interval: 20 }).toBeGreaterThanOrEqual(2);
    pair.a.announce([tags.archive]);
    await expect.poll(() => theirs.all(), { timeout: 1000, interval: 20 }).toEqual([tags.archive]);
    theirs.stop();
  });
});

describe('content changes: what goes in one notification', () => {
  it('keeps each under 8000 bytes and sends every tag, or a reset when one tag cannot fit', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `article:адрес-${i}`);
    const messages = changeMessages('node', many);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(Buffer.byteLength(message)).toBeLessThan(8000);
    expect(messages.flatMap((m) => (JSON.parse(m) as { tags: string[] }).tags)).toEqual(many);
    expect(changeMessages('node', ['article:' + 'x'.repeat(9000)]).map((m) => JSON.parse(m) as unknown)).toEqual([{ from: 'node', reset: true }]);
  });
});
