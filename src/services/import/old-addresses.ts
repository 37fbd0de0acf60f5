import type { Kysely } from 'kysely';
import { oldAddressKey } from '../../domain/import/mapping.js';
import type { DB } from '../../store/db/schema.js';
import { findOldAddressTarget } from '../../store/import/import.store.js';

/**
 * The slug of the article an address of an imported site now lives at, when the
 * address (path, and WordPress's `?p=` short link) was one of its items'; undefined
 * otherwise. Called only when no route of Placard's own answered.
 */
export async function importedArticleAt(db: Kysely<DB>, url: string): Promise<string | undefined> {
  const key = oldAddressKey(url);
  if (key === null || key === '/') return undefined;
  return findOldAddressTarget(db, key);
}
