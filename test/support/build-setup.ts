import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The file the build writes "ok" (or "failed" and its output) into when it ends. */
    buildStatus: string;
  }
}

/**
 * Builds dist/ once for the CLI tests, which run the built program as a user would; one
 * build here rather than one per file, which could read each other's half-written files.
 * The build runs beside the other tiers' tests instead of before all of them: a CLI test
 * file waits for it (test/support/wait-for-build.ts) only if it starts first.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'placard-build-'));
  const status = join(dir, 'status');
  project.provide('buildStatus', status);
  const build = spawn(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  build.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  build.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ended = new Promise<void>((resolve) => {
    build.on('close', (code) => {
      writeFileSync(status, code === 0 ? 'ok' : `failed\n${output}`);
      resolve();
    });
  });
  return async () => {
    await ended;
    rmSync(dir, { recursive: true, force: true });
  };
}
