import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db/database.js';
import { createMessage } from '../support/campaigns.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';
import { startSmtpCapture } from '../support/smtp.js';

/*
 * A node taken out of a load balancer's pool on SIGTERM: it stops accepting, answers the
 * requests it is in the middle of, and exits 0; one that cannot finish within
 * SHUTDOWN_TIMEOUT_SECONDS exits 1 rather than hang. Tested on the built program.
 */

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** Starts `placard serve` and resolves with its URL once it prints it. */
async function serve(
  scratch: ScratchDatabase,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcessWithoutNullStreams; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: scratch.dataDir,
      PORT: '0',
      PLACARD_DEMO: 'off',
      LOG_LEVEL: 'silent',
      ...(scratch.config.kind === 'postgres' ? { DATABASE_URL: scratch.config.url } : {}),
      ...env,
    },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}${err}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return { child, url, stderr: () => err };
}

/** A connection that has sent a form's headers and half its body: a request in flight. */
async function halfSentForm(url: string): Promise<{ socket: Socket; finish(): void; response: Promise<string> }> {
  const { hostname, port } = new URL(url);
  const body = 'email=ada%40example.org&password=not-the-right-one';
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const response = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.write(
    `POST /admin/sign-in HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
  );
  return { socket, finish: () => socket.write(body.slice(10)), response };
}

describe.each(DATABASES)('cli (%s): stopping on SIGTERM', (kind) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
  });
  afterAll(async () => scratch?.dispose());

  it('stops accepting, answers the request in flight, and exits 0', async () => {
    const { child, url } = await serve(scratch);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      expect((await fetch(`${url}/ready`)).status).toBe(200);
      const inFlight = await halfSentForm(url);
      // The server has the request's headers before it is told to stop.
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGTERM');
      // New connections are refused: the load balancer sends them to another node.
      await expect
        .poll(
          () =>
            fetch(`${url}/health`).then(
              () => 'accepted',
              () => 'refused',
            ),
          { timeout: 5000, interval: 50 },
        )
        .toBe('refused');
      inFlight.finish();
      expect(await inFlight.response).toMatch(/^HTTP\/1\.1 (200|303|403|422) /);
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('finishes sending the message it was sending, marks it sent, then exits 0', async () => {
    let child: ChildProcessWithoutNullStreams | undefined;
    // The SIGTERM comes while the mail server is being told the recipient, and the server
    // answers only half a second later: the message is in the middle of being sent.
    const smtp = await startSmtpCapture({
      rejectRecipients: () => {
        child?.kill('SIGTERM');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
        return false;
      },
    });
    const database = openDatabase(scratch.config);
    try {
      const started = await serve(scratch, { SMTP_URL: smtp.url, MAIL_FROM: 'Urgent Actions <actions@example.org>' });
      child = started.child;
      const exit = new Promise<number | null>((resolve) => started.child.on('exit', resolve));
      const id = await createMessage(database.db, {
        kind: 'confirmation',
        recipient: 'supporter@example.net',
        subject: 'Please confirm',
        body: 'Confirm here.',
      });
      expect(await exit).toBe(0);
      expect(smtp.messages.map((m) => m.to)).toEqual(['supporter@example.net']);
      const row = await database.db.selectFrom('outbox').select(['status', 'lease_owner']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'sent', lease_owner: null });
    } finally {
      child?.kill('SIGKILL');
      await database.close();
      await smtp.close();
    }
  });

  it('exits 1 when a request is still unfinished after SHUTDOWN_TIMEOUT_SECONDS', async () => {
    const { child, url, stderr } = await serve(scratch, { SHUTDOWN_TIMEOUT_SECONDS: '2' });
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const stuck = await halfSentForm(url);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      child.kill('SIGTERM');
      expect(await exit).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
      expect(stderr()).toContain('did not finish stopping within 2 s (SHUTDOWN_TIMEOUT_SECONDS)');
      stuck.socket.destroy();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
