import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { vi } from 'vitest';

/** The built program, as an operator runs it (the cli tier builds it first). */
export const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** A port nobody listens on, for a server a test starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `placard serve` running in its own process, and how to stop it. */
export interface Serving {
  readonly origin: string;
  stop(): Promise<void>;
}

/** Starts `placard serve` with the given environment and waits until /health answers. */
export async function startServe(env: Readonly<Record<string, string>>): Promise<Serving> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), PUBLIC_URL: origin, LOG_LEVEL: 'silent', ...env },
    stdio: 'ignore',
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await vi.waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
        const health = await fetch(`${origin}/health`);
        if (!health.ok) throw new Error(`/health answered ${health.status}`);
      },
      { timeout: 60_000, interval: 50 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, stop };
}

/** What a command printed and its exit code. */
export interface CommandRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `placard <args>` to the end with only the given environment (and PATH). */
export function runPlacard(args: readonly string[], env: Readonly<Record<string, string>>): CommandRun {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `placard <args>` in the background, while the test goes on doing other things. */
export function runPlacardAsync(args: readonly string[], env: Readonly<Record<string, string>>): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
