import type { MailConfig } from '../../config/config.js';
import type { MailIdentity } from '../delivery/queue-deliveries.js';
import { DEFAULT_SITE_NAME } from '../../domain/site/site-identity.js';
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
 * Without a name in MAIL_FROM, emails come from the site's name as an administrator set
 * it (`site`), read at each sending, so that a renamed site never sends as "Placard".
 */
export function mailIdentity(mail: MailConfig, site: { name(): string; language(): string } | null = null): MailIdentity {
  const at = mail.from.address.lastIndexOf('@');
  const domain = at >= 0 ? mail.from.address.slice(at + 1).toLowerCase() : 'localhost';
  const named = mail.from.name;
  if (!site) return { fromName: named ?? DEFAULT_SITE_NAME, fromAddress: mail.from.address, domain };
  return {
    get fromName() {
      return named ?? site.name();
    },
    fromAddress: mail.from.address,
    domain,
    siteName: () => site.name(),
    siteLanguage: () => site.language(),
  };
}
