import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, mailIdentity } from '../../src/services/mail/create-mailer.js';
import { createFileMailer, emlFileName } from '../../src/services/mail/file-mailer.js';
import { MailError, type Mailer, type OutgoingMessage } from '../../src/services/mail/mailer.js';
import { createSmtpMailer } from '../../src/services/mail/smtp-mailer.js';
import { loadConfig } from '../../src/config/config.js';
import { startSmtpCapture, type RecipientVerdict, type SmtpCapture } from '../support/smtp.js';

/*
 * One contract for both ways mail leaves Placard: what a mail client makes of a message
 * sent over SMTP must equal what it makes of the .eml file written instead.
 */

let sequence = 0;
function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  sequence++;
  return {
    messageId: `<contract-${sequence}.${Date.now()}@actions.example.org>`,
    from: { name: 'Seán "the \\"Quoted\\" One" O\'Brien, "Dublin"', address: 'actions@example.org' },
    to: [{ address: 'chief.justice@court.example.kz' }],
    cc: [{ address: 'copies@example.org' }],
    replyTo: { name: "Seán O'Brien", address: 'sean@example.net' },
    subject: 'Освободите Наталью Соколову — libérez-la ✊',
    text: 'Dear Chief Justice,\n\nRelease Natalya Sokolova. Ünïcödé — ✊\n\nSeán, Ireland\n',
    ...overrides,
  };
}

interface Backend {
  readonly name: string;
  setUp(): Promise<Mailer>;
  /** The message as the receiving side parsed it. */
  received(messageId: string): Promise<ParsedMail>;
  tearDown(): Promise<void>;
}

function smtpBackend(): Backend {
  let capture: SmtpCapture;
  return {
    name: 'SMTP',
    async setUp() {
      capture = await startSmtpCapture();
      return createSmtpMailer(capture.url);
    },
    async received(messageId) {
      const found = capture.messages.find((m) => m.messageId === messageId);
      if (!found) throw new Error(`no message ${messageId}`);
      return found.parsed;
    },
    tearDown: () => capture.close(),
  };
}

function fileBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'placard-eml-'));
  return {
    name: 'file',
    setUp: async () => createFileMailer(join(dir, 'outbox')),
    received: async (messageId) => simpleParser(readFileSync(join(dir, 'outbox', emlFileName(messageId)))),
    tearDown: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe.each([smtpBackend(), fileBackend()])('mail: the $name mailer keeps every header and the text', (backend) => {
  let mailer: Mailer;
  beforeAll(async () => {
    mailer = await backend.setUp();
  });
  afterAll(async () => {
    await mailer.close();
    await backend.tearDown();
  });

  it('delivers a UTF-8 subject, a display name full of quotes, Message-ID, Reply-To, Cc and the text', async () => {
    const sent = message();
    await mailer.send(sent);
    const got = await backend.received(sent.messageId);
    expect(got.messageId).toBe(sent.messageId);
    expect(got.subject).toBe(sent.subject);
    expect(got.from?.value).toEqual([{ name: sent.from.name, address: 'actions@example.org' }]);
    expect(got.replyTo?.value).toEqual([{ name: "Seán O'Brien", address: 'sean@example.net' }]);
    expect(got.cc && !Array.isArray(got.cc) ? got.cc.value.map((a) => a.address) : []).toEqual(['copies@example.org']);
    expect(got.text?.replace(/\r\n/g, '\n')).toBe(sent.text);
  });

  it('sends no Reply-To when there is none, and no line break can add a header', async () => {
    const sent = message({ replyTo: null, from: { name: 'Eve\r\nBcc: x@evil.example', address: 'actions@example.org' }, subject: 'Hi\r\nBcc: y@evil.example' });
    await mailer.send(sent);
    const got = await backend.received(sent.messageId);
    expect(got.replyTo).toBeUndefined();
    expect(got.bcc).toBeUndefined();
    expect(got.headerLines.filter((h) => h.key === 'from')).toHaveLength(1);
    expect(got.from?.value[0]?.address).toBe('actions@example.org');
  });

  it('describes where mail goes without any credentials', () => {
    expect(mailer.description).toMatch(/^(SMTP at 127\.0\.0\.1:\d+|files in .*outbox)$/);
  });
});

describe('mail: SMTP failures are temporary or permanent as the server says', () => {
  let capture: SmtpCapture;
  let mailer: Mailer;
  let verdict: RecipientVerdict = false;
  beforeAll(async () => {
    capture = await startSmtpCapture({ rejectRecipients: (address) => (address.startsWith('gone') ? 'permanent' : verdict) });
    mailer = createSmtpMailer(capture.url);
  });
  afterAll(async () => {
    await mailer.close();
    await capture.close();
  });

  const failure = async (sent: OutgoingMessage): Promise<MailError> => {
    const error = await mailer.send(sent).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MailError);
    return error as MailError;
  };

  it('a 450 at RCPT TO is temporary; a 550 is a permanent refusal of the recipient, without the address in the error', async () => {
    verdict = 'temporary';
    const busy = await failure(message({ cc: [] }));
    expect([busy.permanent, busy.recipientRefused]).toEqual([false, false]);
    verdict = false;
    const gone = await failure(message({ to: [{ address: 'gone@court.example.kz' }], cc: [] }));
    expect([gone.permanent, gone.recipientRefused]).toEqual([true, true]);
    expect(gone.message).toMatch(/550/);
    expect(gone.message).not.toContain('gone@');
  });

  it('a target refused while the copy address is accepted counts as a bounce', async () => {
    const gone = await failure(message({ to: [{ address: 'gone@court.example.kz' }] }));
    expect([gone.permanent, gone.recipientRefused]).toEqual([true, true]);
  });

  it('a server that is down fails the send quickly and temporarily; it works again when the server returns', async () => {
    await capture.stop();
    const started = Date.now();
    const down = await failure(message());
    expect(down.permanent).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    await capture.start();
    const sent = message();
    await mailer.send(sent);
    expect(capture.messages.some((m) => m.messageId === sent.messageId)).toBe(true);
  });
});

describe('mail: the configuration chooses the mailer', () => {
  it('writes files by default, atomically and once per Message-ID however often it is retried', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'placard-config-'));
    try {
      const config = loadConfig({ DATA_DIR: dir, MAIL_FROM: 'Urgent Actions <Actions@Example.org>' });
      const mailer = createMailer(config.mail);
      expect(mailer.description).toBe(`files in ${join(dir, 'outbox')}`);
      expect(mailIdentity(config.mail)).toEqual({ fromName: 'Urgent Actions', fromAddress: 'Actions@Example.org', domain: 'example.org' });
      const sent = message();
      await mailer.send(sent);
      await mailer.send(sent);
      // Sent again several times at once: each write goes to a temporary file renamed into place.
      await Promise.all(Array.from({ length: 5 }, () => mailer.send(sent)));
      expect(readdirSync(join(dir, 'outbox'))).toEqual([emlFileName(sent.messageId)]);
      const written = await simpleParser(readFileSync(join(dir, 'outbox', emlFileName(sent.messageId))));
      expect([written.messageId, written.subject, written.text]).toEqual([sent.messageId, sent.subject, sent.text]);
      await mailer.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses SMTP when SMTP_URL is set, described without its password', () => {
    const config = loadConfig({ DATA_DIR: tmpdir(), SMTP_URL: 'smtp://user:secret@mail.example.org:2525' });
    const mailer = createMailer(config.mail);
    expect(mailer.description).toBe('SMTP at mail.example.org:2525');
    void mailer.close();
  });
});
