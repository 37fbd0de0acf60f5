import type { Insertable, Kysely } from 'kysely';
import type { DB, PreviewLinksTable } from '../db/schema.js';

/** A preview link as the editor lists it; the token itself is never stored, only its hash. */
export interface PreviewLinkRow {
  readonly tokenHash: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

/** Stores a new preview link (by the hash of its token). */
export async function insertPreviewLink(db: Kysely<DB>, link: Insertable<PreviewLinksTable>): Promise<void> {
  await db.insertInto('preview_links').values(link).execute();
}

/** Every preview link of an article, newest first. */
export async function listPreviewLinks(db: Kysely<DB>, articleId: number): Promise<PreviewLinkRow[]> {
  const rows = await db
    .selectFrom('preview_links as p')
    .leftJoin('users as u', 'u.id', 'p.created_by')
    .select(['p.token_hash', 'p.created_at', 'p.expires_at', 'p.revoked_at', 'u.name'])
    .where('p.article_id', '=', articleId)
    .orderBy('p.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ tokenHash: r.token_hash, createdAt: r.created_at, createdBy: r.name, expiresAt: r.expires_at, revokedAt: r.revoked_at }));
}

/** Revokes one link of this article; false when there is no such link or it was revoked already. */
export async function revokePreviewLink(db: Kysely<DB>, articleId: number, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('preview_links')
    .set({ revoked_at: now })
    .where('article_id', '=', articleId)
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The article a live link (not revoked, not expired at `now`) opens, or undefined. */
export async function findLivePreviewLink(db: Kysely<DB>, tokenHash: string, now: string): Promise<{ articleId: number } | undefined> {
  const row = await db
    .selectFrom('preview_links')
    .select('article_id')
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ? { articleId: row.article_id } : undefined;
}
