import { createHash, createHmac } from 'node:crypto';
import type { Messages } from '../../i18n/messages.js';
import { messagesFor } from '../../i18n/site-language.js';
import { secretKey } from '../shared/secret-key.js';

/*
 * Every email to a supporter carries a link to their data (export, erase). The token in it
 * is derived from the installation's secret and the supporter's id, so any email can carry
 * it without storing it; the database keeps only its SHA-256 to find the supporter.
 */

/** The token in a supporter's "your data" link. */
export function supporterDataToken(secret: Buffer, supporterId: number): string {
  return createHmac('sha256', secretKey(secret)).update(`supporter-data:${supporterId}`).digest('base64url');
}

/** What supporters.data_token_hash holds for a token. */
export function hashDataToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The public address of a supporter's data page. The link says its email's language
 * (`?lang=ru`), so the page opens in it whatever the site's default language is then.
 */
export function supporterDataUrl(publicUrl: string, token: string, language?: string): string {
  const url = `${publicUrl}/your-data/${token}`;
  return language ? `${url}?lang=${encodeURIComponent(language)}` : url;
}

/** The closing lines of every email to a supporter, in the email's language. */
export function supporterFooter(publicUrl: string, token: string, m: Messages = messagesFor(null)): string {
  return ['', '-- ', m.t('email.footer.yourData'), supporterDataUrl(publicUrl, token, m.language)].join('\n');
}
