import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import { mailOptions } from './mail-options.js';
import { MailError, type Mailer, type OutgoingMessage } from './mailer.js';

/*
 * The default when no SMTP server is configured: every message becomes an RFC 5322 .eml
 * file in DATA_DIR/outbox, so a fresh installation sends nothing to anyone (a demo's
 * targets are real officials) while an operator can still read exactly what would go.
 */

/** The file a message is written to: named by its Message-ID, so a retry rewrites the same file. */
export function emlFileName(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9@._-]/g, '_');
  return `${bare || 'message'}.eml`;
}

/**
 * A mailer that writes .eml files into `dir`. Each file is written under a temporary
 * name and renamed into place, so a reader never sees half a message and a crash leaves
 * at most a stray temporary file.
 */
export function createFileMailer(dir: string): Mailer {
  // nodemailer's stream transport builds the message with the same composer the SMTP
  // transport uses; CRLF line ends, as RFC 5322 and mail clients opening .eml expect.
  // It is loaded with the first message (about 24 MiB): a node that sends nothing never
  // pays for it.
  let composer: Promise<Transporter> | null = null;
  const compose = () => (composer ??= import('nodemailer').then((m) => m.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })));
  let ready: Promise<unknown> | null = null;
  return {
    description: `files in ${dir}`,
    async send(message: OutgoingMessage): Promise<void> {
      const target = join(dir, emlFileName(message.messageId));
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        ready ??= mkdir(dir, { recursive: true });
        await ready;
        const info = await (await compose()).sendMail(mailOptions(message));
        await writeFile(temporary, info.message as Buffer, { flag: 'wx' });
        await rename(temporary, target);
      } catch (error) {
        ready = null;
        await rm(temporary, { force: true }).catch(() => undefined);
        // A full disk or a missing permission heals when the operator acts: retry.
        throw new MailError(`cannot write the message file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, false);
      }
    },
    async close(): Promise<void> {
      if (composer) (await composer).close();
    },
  };
}
