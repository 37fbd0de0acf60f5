import { existsSync } from 'node:fs';
import { backup, DatabaseSync } from 'node:sqlite';

/** What a finished copy of a SQLite database holds: its migrations and SQLite's own verdict on it. */
export interface SqliteCopyFacts {
  /** The names in `placard_migrations`, in order: the schema the copy is at. */
  readonly migrations: readonly string[];
  /** `ok`, or the first problem `PRAGMA integrity_check` reports. */
  readonly integrity: string;
}

/** A database file that is not there, or not a Placard database; the message names the file. */
export class SqliteCopyError extends Error {
  override name = 'SqliteCopyError';
}

/**
 * As many pages as SQLite can count: the whole database in one step. A backup in small
 * steps starts again from the first page whenever another connection writes (the server,
 * in another process), so under a steady stream of submissions it may never finish; one
 * step is one read transaction, a consistent snapshot that a WAL writer does not block
 * and cannot disturb (docs/decisions/0033).
 */
const ALL_PAGES = 2 ** 31 - 1;

/**
 * Copies a live SQLite database through SQLite's online backup, never a file copy (a copy
 * taken mid-write can be torn), while the server goes on writing. The copy is then turned
 * into one self-contained file (rollback journal rather than WAL, so no `-wal` or `-shm`
 * file belongs with it) and checked.
 */
export async function backupSqlite(source: string, target: string): Promise<SqliteCopyFacts> {
  if (!existsSync(source)) throw new SqliteCopyError(`there is no database at ${source}`);
  const live = new DatabaseSync(source, { readOnly: true });
  try {
    await backup(live, target, { rate: ALL_PAGES });
  } finally {
    live.close();
  }
  const copy = new DatabaseSync(target);
  try {
    copy.exec('PRAGMA journal_mode = DELETE');
    return factsOf(copy, source);
  } finally {
    copy.close();
  }
}

/**
 * Reads the schema and checks a database file without changing it, for a restore to say
 * before it starts whether the copy is whole and which Placard made it.
 */
export function inspectSqlite(file: string): SqliteCopyFacts {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return factsOf(db, file);
  } finally {
    db.close();
  }
}

function factsOf(db: DatabaseSync, file: string): SqliteCopyFacts {
  const integrity = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
  const known = db.prepare(`select count(*) as n from sqlite_master where type = 'table' and name = 'placard_migrations'`).get() as { n: number };
  if (known.n === 0) throw new SqliteCopyError(`${file} is not a Placard database (it has no placard_migrations table)`);
  const migrations = (db.prepare('select name from placard_migrations order by name').all() as { name: string }[]).map((r) => r.name);
  return { migrations, integrity: integrity.length === 1 && integrity[0] === 'ok' ? 'ok' : integrity.slice(0, 3).join('; ') };
}
