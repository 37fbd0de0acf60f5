import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

type Param = null | number | bigint | string | NodeJS.ArrayBufferView;

/** Kysely hands booleans and Dates through; node:sqlite accepts neither, so they are mapped here. */
function toParam(value: unknown): Param {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value as Param;
}

/** Prepared statements kept at most; the oldest is dropped first. */
const STATEMENT_CACHE_SIZE = 500;

function wrap(statement: StatementSync): SqliteStatement {
  const reader = statement.columns().length > 0;
  return {
    reader,
    all: (params) => statement.all(...params.map(toParam)) as unknown[],
    run: (params) => statement.run(...params.map(toParam)),
    iterate: (params) => statement.iterate(...params.map(toParam)) as IterableIterator<unknown>,
  };
}

/**
 * Adapts Node's built-in `node:sqlite` to Kysely's SqliteDialect. Node's own SQLite
 * avoids a native add-on: npm runs on the machine's own Node and would build one against
 * that Node's ABI, not the Node 24 the project pins (docs/decisions/0001).
 */
export function openSqlite(file: string): SqliteDatabase & { raw: DatabaseSync } {
  const raw = new DatabaseSync(file);
  // WAL lets readers proceed while a write commits; synchronous=FULL makes an
  // acknowledged write survive power loss (a supporter thanked for a submission must not lose it to a crash).
  raw.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  // Kysely prepares every query anew; compiling the same SQL again was a tenth of the CPU
  // of a busy submission path. Statements are kept by their text (Kysely's SQL uses
  // placeholders, so the set of texts is small) and reused: Kysely runs one query at a
  // time on this single connection, so a statement is never in use twice at once.
  const statements = new Map<string, SqliteStatement>();
  return {
    raw,
    close: () => {
      statements.clear();
      raw.close();
    },
    prepare: (sql) => {
      let statement = statements.get(sql);
      if (!statement) {
        statement = wrap(raw.prepare(sql));
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
