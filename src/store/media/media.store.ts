import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** A media item to record: where it is served from and what a reader needs to know of it. */
export interface NewMedia {
  readonly path: string;
  readonly mime: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly alt: string;
  readonly caption: string | null;
  readonly credit: string | null;
}

/** Records a media item and returns its id. */
export async function insertMedia(db: Kysely<DB>, media: NewMedia, now: string): Promise<number> {
  const row = await db.insertInto('media').values({ ...media, created_at: now }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
