import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Sections are managed in the admin: a section may work in several countries (the first
 * stays in `country` as its primary, which listings and kickers already use), has a time
 * zone, a logo from the media library, a description and a contact address, and can be
 * retired without losing its articles. The list starts as the one country each had.
 */
export async function up(db: AnyDb, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('sections')
    .addColumn('countries', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await sql`update sections set countries = '["' || country || '"]'`.execute(db);
  for (const column of ['time_zone', 'description', 'contact_email', 'retired_at']) {
    await db.schema.alterTable('sections').addColumn(column, 'text').execute();
  }
  // No foreign key: deleting an image from the library leaves the section without a logo
  // (the reader finds no such media row) instead of being refused.
  await db.schema.alterTable('sections').addColumn('logo_media_id', 'integer').execute();
}
