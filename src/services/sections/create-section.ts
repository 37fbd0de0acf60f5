import type { Kysely } from 'kysely';
import { tags } from '../../domain/cache/cache-tags.js';
import type { NewSection } from '../../domain/sections/section.js';
import type { DB } from '../../store/db/schema.js';
import { insertSection } from '../../store/sections/section.store.js';
import type { ContentChanges } from '../shared/content-changes.js';

/**
 * Adds a section and returns its id. The index of sections (`/sections`) lists every
 * section, published in or not, so it is announced once the row is stored. Nothing else
 * shows the new section yet: its listing did not exist, and no article names it.
 */
export async function createSection(deps: { db: Kysely<DB>; changes: ContentChanges }, section: NewSection): Promise<number> {
  const id = await insertSection(deps.db, section);
  deps.changes.announce([tags.sections]);
  return id;
}
