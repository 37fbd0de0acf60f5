import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/config/config.js';

/** The two databases every store and HTTP suite runs on. */
export const DATABASES = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASES)[number];

/** A fresh, empty database of the given kind, and how to throw it away. */
export interface ScratchDatabase {
  readonly config: DatabaseConfig;
  readonly dataDir: string;
  dispose(): Promise<void>;
}

/**
 * Makes an empty database for one test file: a new SQLite file in a temporary folder,
 * or a new database on the run's PostgreSQL server (test/support/global-setup.ts).
 */
export async function scratchDatabase(kind: DatabaseKind): Promise<ScratchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'placard-test-'));
  const cleanDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'sqlite') {
    return { config: { kind: 'sqlite', file: join(dataDir, 'placard.sqlite') }, dataDir, dispose: async () => cleanDir() };
  }
  const adminUrl = inject('postgresUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString() },
    dataDir,
    async dispose() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      cleanDir();
    },
  };
}
