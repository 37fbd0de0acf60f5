import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../../config/config.js';
import type { DB } from './schema.js';
import { openSqlite } from './sqlite-adapter.js';

/** Which SQL dialect a connection speaks; a few queries (search, locking) differ by it. */
export type Dialect = 'sqlite' | 'postgres';

/** An open database: the Kysely instance and the dialect it speaks. */
export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

/** A database could not be opened; the message is safe to print (no password). */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

/** Opens SQLite (creating its folder) or connects a PostgreSQL pool. Nothing is queried yet. */
export function openDatabase(config: DatabaseConfig, options: { poolSize?: number } = {}): Database {
  if (config.kind === 'sqlite') {
    try {
      mkdirSync(dirname(config.file), { recursive: true });
      const sqlite = openSqlite(config.file);
      const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
      return { db, dialect: 'sqlite', close: () => db.destroy() };
    } catch (error) {
      throw new DatabaseOpenError(`cannot open the SQLite database at ${config.file}: ${(error as Error).message}`);
    }
  }
  const pool = new pg.Pool({ connectionString: config.url, max: options.poolSize ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** Describes a PostgreSQL URL without its password, for messages. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return `SQLite at ${config.file}`;
  const url = new URL(config.url);
  return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
