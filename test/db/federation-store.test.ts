import { Temporal } from '@js-temporal/polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActorKeys } from '../../src/services/federation/actor-keys.js';
import { createTableKvStore } from '../../src/services/federation/kv-store.js';
import { createTableQueue } from '../../src/services/federation/table-queue.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { countFederationMessages } from '../../src/store/federation/federation.store.js';
import { migrate } from '../../src/store/migrations/migrate.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';

const T0 = new Date('2026-03-02T10:00:00.000Z');

describe.each(DATABASES)('db (%s): what federation keeps is shared by every node', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  // A second connection, as a second node would have.
  let other: Database;
  let now = T0;
  const clock = () => now;

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    database = openDatabase(scratch.config);
    await migrate(database);
    other = openDatabase(scratch.config);
  });
  afterAll(async () => {
    await other?.close();
    await database?.close();
    await scratch?.dispose();
  });

  it('keeps Fedify’s values until they expire, lists them by key prefix, and swaps them only when unchanged', async () => {
    const kv = createTableKvStore(database.db, clock);
    const kv2 = createTableKvStore(other.db, clock);
    await kv.set(['_fedify', 'remoteDocument', 'https://a.example/1'], { document: { id: 1 } });
    await kv.set(['_fedify', 'remoteDocument', 'https://a.example/2'], { document: { id: 2 } }, { ttl: Temporal.Duration.from({ minutes: 5 }) });
    await kv.set(['_fedify', 'remoteDocumentX'], 'not under the prefix');
    expect(await kv2.get(['_fedify', 'remoteDocument', 'https://a.example/1'])).toEqual({ document: { id: 1 } });
    const listed = [];
    for await (const entry of kv2.list(['_fedify', 'remoteDocument'])) listed.push(entry.key);
    expect(listed).toEqual([
      ['_fedify', 'remoteDocument', 'https://a.example/1'],
      ['_fedify', 'remoteDocument', 'https://a.example/2'],
    ]);

    now = new Date(T0.getTime() + 6 * 60_000);
    expect(await kv2.get(['_fedify', 'remoteDocument', 'https://a.example/2'])).toBeUndefined();

    expect(await kv.cas!(['counter'], undefined, 1)).toBe(true);
    expect(await kv2.cas!(['counter'], undefined, 1)).toBe(false);
    expect(await kv2.cas!(['counter'], 1, 2)).toBe(true);
    expect(await kv.cas!(['counter'], 1, 3)).toBe(false);
    expect(await kv.get(['counter'])).toBe(2);
    await kv.delete(['counter']);
    expect(await kv2.get(['counter'])).toBeUndefined();
  });

  it('makes an actor’s RSA and Ed25519 keys once, and every node signs with the same', async () => {
    const [first, second] = await Promise.all([createActorKeys(database.db, clock).keyPairs('7'), createActorKeys(other.db, clock).keyPairs('7')]);
    expect(first.map((k) => k.privateKey.algorithm.name)).toEqual(['RSASSA-PKCS1-v1_5', 'Ed25519']);
    const spki = async (pairs: CryptoKeyPair[]) =>
      Promise.all(pairs.map(async (p) => Buffer.from(await crypto.subtle.exportKey('spki', p.publicKey)).toString('hex')));
    expect(await spki(second)).toEqual(await spki(first));
  });

  it('hands each queued message to one listener, and keeps a delayed one until its time', async () => {
    now = new Date();
    const handled: { node: string; message: unknown }[] = [];
    const queue = createTableQueue({ db: database.db, dialect: database.dialect, clock: () => new Date(), owner: 'node-a', pollMs: 20 });
    const queue2 = createTableQueue({ db: other.db, dialect: other.dialect, clock: () => new Date(), owner: 'node-b', pollMs: 20 });
    const controller = new AbortController();
    const listening = Promise.all([
      queue.listen((message) => void handled.push({ node: 'a', message }), { signal: controller.signal }),
      queue2.listen((message) => void handled.push({ node: 'b', message }), { signal: controller.signal }),
    ]);
    await queue.enqueueMany!(Array.from({ length: 30 }, (_, i) => ({ n: i })));
    await queue.enqueue({ n: 'later' }, { delay: Temporal.Duration.from({ hours: 1 }) });
    await expect.poll(() => handled.length, { timeout: 10_000 }).toBe(30);
    expect(new Set(handled.map((h) => (h.message as { n: number }).n)).size).toBe(30);
    expect(await countFederationMessages(database.db)).toBe(1);
    controller.abort();
    await listening;
  });
});
