import { createHash, createHmac } from 'node:crypto';
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

/** The public address of a supporter's data page. */
export function supporterDataUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/your-data/${token}`;
}

/** The closing lines of every email to a supporter. */
export function supporterFooter(publicUrl: string, token: string): string {
  return ['', '-- ', 'To see, download or erase what we hold about you:', supporterDataUrl(publicUrl, token)].join('\n');
}
