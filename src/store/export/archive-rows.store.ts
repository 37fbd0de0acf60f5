import { sql, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { ARCHIVE_TABLES, type TableName } from './archive-tables.js';

/** A row as the database gives it: column name to value. */
export type Row = Record<string, unknown>;

const BATCH = 500;

function orderBy(table: TableName, dialect: Dialect) {
  const spec = ARCHIVE_TABLES[table];
  const text = new Set(spec.textKey ?? []);
  // Text keys in byte order on both: PostgreSQL's default collation sorts by locale.
  return sql.join(spec.key.map((column) => (text.has(column) && dialect === 'postgres' ? sql`${sql.ref(column)} collate "C"` : sql.ref(column))));
}

/**
 * Every row of a table in primary-key order, a batch at a time, so a large table is never
 * held whole. `countedActionsOnly` reads, of `actions`, only the confirmed rows the public
 * counts are made of. Call it inside one transaction to read one consistent state.
 */
export async function* readTableRows(
  db: Kysely<DB>,
  dialect: Dialect,
  table: TableName,
  options: { countedActionsOnly?: boolean } = {},
): AsyncGenerator<Row[]> {
  const counted = options.countedActionsOnly && table === 'actions' ? sql`status = 'confirmed'` : sql`1 = 1`;
  const spec = ARCHIVE_TABLES[table];
  if (spec.key.join() === 'id' && !spec.textKey) {
    // An integer key: each batch starts after the last id, so a large table is read in one pass.
    for (let after = -1; ;) {
      const { rows } = await sql<Row>`select * from ${sql.table(table)} where ${counted} and id > ${after} order by id limit ${BATCH}`.execute(db);
      if (rows.length > 0) yield rows;
      if (rows.length < BATCH) return;
      after = Number(rows.at(-1)!.id);
    }
  }
  for (let offset = 0; ; offset += BATCH) {
    const { rows } =
      await sql<Row>`select * from ${sql.table(table)} where ${counted} order by ${orderBy(table, dialect)} limit ${BATCH} offset ${offset}`.execute(db);
    if (rows.length > 0) yield rows;
    if (rows.length < BATCH) return;
  }
}

/** How many rows a table holds. */
export async function countTableRows(db: Kysely<DB>, table: TableName): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Inserts rows as they are, ids included, so that every link between them holds. */
export async function insertTableRows(trx: Transaction<DB>, table: TableName, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  // Well under both databases' limits on bound parameters, whatever the width of the table.
  const perInsert = Math.max(1, Math.floor(10_000 / Object.keys(rows[0]!).length));
  for (let start = 0; start < rows.length; start += perInsert) {
    const slice = rows.slice(start, start + perInsert);
    const columns = Object.keys(slice[0]!);
    const values = slice.map((row) => sql`(${sql.join(columns.map((c) => sql`${row[c] ?? null}`))})`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(trx);
  }
}

/**
 * After rows were inserted with their ids, PostgreSQL's identity sequence still starts at
 * 1: it is moved past the largest id, so the next row gets a free one. SQLite's
 * AUTOINCREMENT follows explicit ids by itself.
 */
export async function resetIdSequence(trx: Transaction<DB>, dialect: Dialect, table: TableName): Promise<void> {
  const spec = ARCHIVE_TABLES[table];
  if (dialect !== 'postgres' || spec.key.join() !== 'id' || spec.textKey?.includes('id')) return;
  await sql`select setval(pg_get_serial_sequence(${table}::text, 'id')::regclass, max(id)) from ${sql.table(table)}
    where pg_get_serial_sequence(${table}::text, 'id') is not null having count(*) > 0`.execute(trx);
}

/** Empties a table of runtime state: a restored site starts with no sessions, tokens, throttles or stale index. */
export async function clearTable(trx: Transaction<DB>, table: TableName): Promise<void> {
  await sql`delete from ${sql.table(table)}`.execute(trx);
}

/** Deletes settings by key: the restored installation's own fresh secret, before the archive's takes its place. */
export async function deleteSettingRows(trx: Transaction<DB>, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await trx.deleteFrom('settings').where('key', 'in', keys).execute();
}

/** The settings' keys; an installation that has only these is still empty. */
export async function settingKeys(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('settings').select('key').execute()).map((r) => r.key);
}

/** The tables the database has now: a database at an older schema lacks later ones. */
export async function existingTables(db: Kysely<DB>): Promise<Set<string>> {
  return new Set((await db.introspection.getTables()).map((t) => t.name));
}

/** The migrations applied to the database, by name. */
export async function appliedMigrations(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from placard_migrations order by name`.execute(db);
  return rows.map((r) => r.name);
}
