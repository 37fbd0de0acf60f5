import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.js';

/*
 * `placard serve` sends what is in the outbox without being asked: over SMTP when
 * SMTP_URL is set, as .eml files otherwise; its log names no recipient.
 */

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** How long the server may take to start, or to send what was queued. */
const WAIT = { timeout: 15_000 };

async function serve(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', PLACARD_DEMO: 'off', MAIL_FROM: 'Urgent Actions <actions@example.org>', ...env },
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await expect.poll(() => out, { ...WAIT, message: 'the server to start' }).toMatch(/Placard is serving/);
  return { child, output: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  return exit;
}

/** Queues a message the way any use case does: a row in the outbox. */
function queue(dataDir: string, messageId: string): void {
  const db = new DatabaseSync(join(dataDir, 'placard.sqlite'));
  db.exec('PRAGMA busy_timeout = 5000');
  const now = new Date().toISOString();
  db.prepare(
    `insert into outbox (kind, message_id, recipient, subject, body, status, not_before, created_at) values ('confirmation', ?, 'supporter@example.net', 'Please confirm', 'Confirm here.', 'queued', ?, ?)`,
  ).run(messageId, now, now);
  db.close();
}

function status(dataDir: string, messageId: string): string | undefined {
  const db = new DatabaseSync(join(dataDir, 'placard.sqlite'), { readOnly: true });
  const row = db.prepare('select status from outbox where message_id = ?').get(messageId) as { status: string } | undefined;
  db.close();
  return row?.status;
}

describe('cli: placard serve delivers the outbox', () => {
  let dir: string;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'placard-delivery-'));
    smtp = await startSmtpCapture();
  });
  afterAll(async () => {
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends over SMTP_URL within seconds, marks the message sent, and logs no address', async () => {
    const dataDir = join(dir, 'smtp');
    const { child, output } = await serve({ DATA_DIR: dataDir, SMTP_URL: smtp.url, LOG_LEVEL: 'info' });
    try {
      queue(dataDir, '<serve-smtp@example.org>');
      await expect.poll(() => smtp.messages.map((m) => m.messageId), WAIT).toContain('<serve-smtp@example.org>');
      const message = smtp.messages.find((m) => m.messageId === '<serve-smtp@example.org>')!;
      expect(message.from).toEqual({ name: 'Urgent Actions', address: 'actions@example.org' });
      expect(message.envelope.to).toEqual(['supporter@example.net']);
      await expect.poll(() => status(dataDir, '<serve-smtp@example.org>'), WAIT).toBe('sent');
      expect(output()).toContain(`mail goes to SMTP at 127.0.0.1:${smtp.port}`);
    } finally {
      expect(await stop(child)).toBe(0);
    }
    expect(output()).not.toContain('supporter@example.net');
  });

  it('writes .eml files into DATA_DIR/outbox when no SMTP server is configured', async () => {
    const dataDir = join(dir, 'files');
    const { child } = await serve({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    try {
      queue(dataDir, '<serve-file@example.org>');
      const file = join(dataDir, 'outbox', 'serve-file@example.org.eml');
      await expect.poll(() => existsSync(file), { ...WAIT, message: 'the .eml file to appear' }).toBe(true);
      const parsed = await simpleParser(readFileSync(file));
      expect(parsed.messageId).toBe('<serve-file@example.org>');
      expect(parsed.subject).toBe('Please confirm');
      await expect.poll(() => status(dataDir, '<serve-file@example.org>'), WAIT).toBe('sent');
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });
});
