import type { MailConfig } from '../../config/config.js';
import type { MailIdentity } from '../delivery/queue-deliveries.js';
import { createFileMailer } from './file-mailer.js';
import type { Mailer } from './mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';

/** The mailer the configuration asks for: SMTP when SMTP_URL is set, otherwise .eml files in DATA_DIR/outbox. */
export function createMailer(mail: MailConfig): Mailer {
  return mail.smtpUrl ? createSmtpMailer(mail.smtpUrl) : createFileMailer(mail.outboxDir);
}

/**
 * The organisation's sending identity from MAIL_FROM: its display name, its address, and
 * the address's domain for Message-IDs (RFC 5322 asks for a domain the sender controls).
 */
export function mailIdentity(mail: MailConfig): MailIdentity {
  const at = mail.from.address.lastIndexOf('@');
  const domain = at >= 0 ? mail.from.address.slice(at + 1).toLowerCase() : 'localhost';
  return { fromName: mail.from.name, fromAddress: mail.from.address, domain };
}
