import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteBatcher } from '../../src/services/shared/write-batcher.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { migrate } from '../../src/store/migrations/migrate.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';

describe.each(DATABASES)('db (%s): the write batcher', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    database = openDatabase(scratch.config);
    await migrate(database);
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.dispose();
  });

  const settings = (prefix: string) => database.db.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${prefix}%`).orderBy('key').execute();

  it('commits concurrent works together and resolves each only once its write is committed', async () => {
    const batcher = createWriteBatcher(database.db, { maxBatch: 50 });
    const seen: string[] = [];
    const transactions = new Set<object>();
    const works = Array.from({ length: 40 }, (_, i) =>
      batcher
        .run(async (trx) => {
          transactions.add(trx);
          await trx
            .insertInto('settings')
            .values({ key: `batch-${String(i).padStart(2, '0')}`, value: String(i) })
            .execute();
          return i;
        })
        .then(async (value) => {
          // Read through the database itself, not the transaction: the write is visible to all.
          const row = await database.db
            .selectFrom('settings')
            .select('value')
            .where('key', '=', `batch-${String(value).padStart(2, '0')}`)
            .executeTakeFirst();
          seen.push(row?.value ?? 'missing');
          return value;
        }),
    );
    expect(await Promise.all(works)).toEqual([...Array(40).keys()]);
    expect(seen).not.toContain('missing');
    // The first goes alone; those that queued meanwhile share a transaction.
    expect(transactions.size).toBeLessThanOrEqual(3);
    expect(await settings('batch-')).toHaveLength(40);
  });

  it('fails a bad work alone: the others in its batch still commit', async () => {
    const batcher = createWriteBatcher(database.db, { maxBatch: 50 });
    const put = (key: string) =>
      batcher.run((trx) =>
        trx
          .insertInto('settings')
          .values({ key, value: 'x' })
          .execute()
          .then(() => key),
      );
    const results = await Promise.allSettled([put('alone-a'), put('alone-b'), put('alone-b'), put('alone-c'), put('alone-d')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await settings('alone-')).map((r) => r.key)).toEqual(['alone-a', 'alone-b', 'alone-c', 'alone-d']);
    await batcher.idle();
  });
});
