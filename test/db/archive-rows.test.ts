import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { insertTableRows, readTableRows, resetIdSequence, type Row } from '../../src/store/export/archive-rows.store.js';
import type { TableName } from '../../src/store/export/archive-tables.js';
import { migrate } from '../../src/store/migrations/migrate.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';

async function readAll(database: Database, table: TableName): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of readTableRows(database.db, database.dialect, table)) rows.push(...batch);
  return rows;
}

describe.each(DATABASES)('db (%s): archive rows are read in key order and restored with their ids', (kind) => {
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

  it('reads a table larger than a batch whole, in id order, and new rows after a restore take fresh ids', async () => {
    // Ids with gaps, inserted out of order, as a site whose rows were deleted has them.
    const topics = Array.from({ length: 1203 }, (_, i) => ({ id: 3 * (1203 - i), slug: `topic-${i}`, name: `Topic ${i}` }));
    await database.db.transaction().execute(async (trx) => {
      await insertTableRows(trx, 'topics', topics);
      await resetIdSequence(trx, database.dialect, 'topics');
    });
    const read = await readAll(database, 'topics');
    expect(read).toHaveLength(1203);
    expect(read.map((r) => r.id)).toEqual(topics.map((t) => t.id).sort((a, b) => a - b));
    const next = await database.db.insertInto('topics').values({ slug: 'after', name: 'After' }).returning('id').executeTakeFirstOrThrow();
    expect(next.id).toBeGreaterThan(3 * 1203);
  });

  it('orders text keys byte-wise on both databases', async () => {
    await database.db
      .insertInto('settings')
      .values(['été', 'Zebra', 'apple', 'Apple', 'zebra', '_x'].map((key) => ({ key, value: '1' })))
      .execute();
    expect((await readAll(database, 'settings')).map((r) => r.key)).toEqual(['Apple', 'Zebra', '_x', 'apple', 'zebra', 'été']);
  });
});
