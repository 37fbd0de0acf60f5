import type { Kysely } from 'kysely';
import type { DB } from '../../store/db/schema.js';
import { findCopyOrigin, type CopyOrigin } from '../../store/syndication/syndication.store.js';

export type { CopyOrigin };

/**
 * Where a republished article came from, for its page's "first published in" and its
 * canonical link to the source, or undefined for the site's own article. Kept apart from
 * the rest of syndication so that article pages load nothing else of it.
 */
export function copyOrigin(db: Kysely<DB>, articleId: number): Promise<CopyOrigin | undefined> {
  return findCopyOrigin(db, articleId);
}
