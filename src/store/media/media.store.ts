import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { ArticleStatus } from '../../domain/articles/article.js';
import type { ImageVariant, MediaItem, MediaText } from '../../domain/media/media.js';
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

/** An uploaded image: who uploaded it, its file name, the SHA-256 of the bytes as uploaded. */
export interface NewUpload extends NewMedia {
  readonly uploadedBy: number | null;
  readonly originalName: string | null;
  readonly sha256: string;
}

/** A stored rendition to record; `path` is where /media serves it. */
export interface NewVariant {
  readonly width: number;
  readonly height: number;
  readonly format: string;
  readonly path: string;
  readonly bytes: number;
}

/** Records a media item and returns its id. */
export async function insertMedia(db: Kysely<DB>, media: NewMedia, now: string): Promise<number> {
  const row = await db
    .insertInto('media')
    .values({ ...media, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records an upload and its renditions in the caller's transaction; returns the new id. */
export async function insertUpload(trx: Transaction<DB>, upload: NewUpload, variants: readonly NewVariant[], now: string): Promise<number> {
  const { uploadedBy, originalName, sha256, ...media } = upload;
  const row = await trx
    .insertInto('media')
    .values({ ...media, uploaded_by: uploadedBy, original_name: originalName, sha256, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (variants.length > 0) {
    await trx
      .insertInto('media_variants')
      .values(variants.map((v) => ({ media_id: row.id, ...v })))
      .execute();
  }
  return row.id;
}

function itemQuery(db: Kysely<DB>) {
  return db
    .selectFrom('media')
    .leftJoin('users as u', 'u.id', 'media.uploaded_by')
    .select([
      'media.id',
      'media.path',
      'media.mime',
      'media.width',
      'media.height',
      'media.alt',
      'media.caption',
      'media.credit',
      'media.created_at',
      'media.original_name',
      'media.uploaded_by',
      'u.name as uploader_name',
    ]);
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>['executeTakeFirstOrThrow']>>;

function toItem(row: ItemRow, variants: readonly ImageVariant[]): MediaItem {
  return {
    id: row.id,
    src: row.path,
    mime: row.mime,
    width: row.width,
    height: row.height,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    originalName: row.original_name,
    createdAt: row.created_at,
    uploader: row.uploaded_by !== null ? { id: row.uploaded_by, name: row.uploader_name ?? '' } : null,
    variants,
  };
}

/** Renditions of many media items in one query, keyed by media id, narrowest first. */
export async function loadVariants(db: Kysely<DB>, mediaIds: readonly number[]): Promise<Map<number, ImageVariant[]>> {
  const byMedia = new Map<number, ImageVariant[]>();
  if (mediaIds.length === 0) return byMedia;
  const rows = await db
    .selectFrom('media_variants')
    .select(['media_id', 'width', 'height', 'format', 'path', 'bytes'])
    .where('media_id', 'in', mediaIds)
    .orderBy('media_id')
    .orderBy('width')
    .orderBy('format')
    .execute();
  for (const r of rows) {
    const variant: ImageVariant = { src: r.path, width: r.width, height: r.height, format: r.format, bytes: Number(r.bytes) };
    byMedia.set(r.media_id, [...(byMedia.get(r.media_id) ?? []), variant]);
  }
  return byMedia;
}

/** `%text%` for LIKE, with LIKE's own wildcards in the text taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function matches(search: string): Expression<SqlBool> {
  const pattern = containsPattern(search);
  const like = (column: string) => sql<SqlBool>`lower(coalesce(${sql.ref(column)}, '')) like ${pattern} escape '\\'`;
  return sql<SqlBool>`(${like('media.alt')} or ${like('media.caption')} or ${like('media.original_name')})`;
}

/** A page of the media library, newest first, optionally narrowed to items whose alt text, caption or file name contains `search`. */
export async function listMedia(
  db: Kysely<DB>,
  filter: { search?: string },
  page: { limit: number; offset: number },
): Promise<{ items: MediaItem[]; total: number }> {
  const search = filter.search?.trim();
  const rows = await itemQuery(db)
    .$if(Boolean(search), (q) => q.where(matches(search ?? '')))
    .orderBy('media.created_at', 'desc')
    .orderBy('media.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const counted = await db
    .selectFrom('media')
    .$if(Boolean(search), (q) => q.where(matches(search ?? '')))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const variants = await loadVariants(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toItem(r, variants.get(r.id) ?? [])), total: Number(counted.n) };
}

/** One media item with its renditions, or undefined. */
export async function findMedia(db: Kysely<DB>, id: number): Promise<MediaItem | undefined> {
  const row = await itemQuery(db).where('media.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const variants = await loadVariants(db, [id]);
  return toItem(row, variants.get(id) ?? []);
}

/** Replaces an item's alt text, caption and credit; false when there is no such item. */
export async function updateMediaText(db: Kysely<DB>, id: number, text: MediaText): Promise<boolean> {
  const result = await db.updateTable('media').set({ alt: text.alt, caption: text.caption, credit: text.credit }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Articles whose lead image this is, with their status (to say where it is used and what to re-render). */
export async function articlesUsingMedia(db: Kysely<DB>, id: number): Promise<{ slug: string; title: string; status: ArticleStatus }[]> {
  return db.selectFrom('articles').select(['slug', 'title', 'status']).where('image_id', '=', id).orderBy('id').execute();
}

/** The newest images of the library (id, address, alt text), for the selects that choose one (a logo). */
export async function listMediaChoices(db: Kysely<DB>, limit = 500): Promise<{ id: number; path: string; alt: string }[]> {
  return db.selectFrom('media').select(['id', 'path', 'alt']).orderBy('id', 'desc').limit(limit).execute();
}

/** The media item served at this path ("/media/…"), with its renditions, or undefined. */
export async function findMediaByPath(db: Kysely<DB>, path: string): Promise<MediaItem | undefined> {
  const row = await itemQuery(db).where('media.path', '=', path).orderBy('media.id').executeTakeFirst();
  if (!row) return undefined;
  const variants = await loadVariants(db, [row.id]);
  return toItem(row, variants.get(row.id) ?? []);
}

/**
 * Records one more rendition of a media item. A rendition of that width and format may
 * have been recorded meanwhile (two first requests at once, or another node): that one
 * is kept, and this is a no-op.
 */
export async function insertVariant(db: Kysely<DB>, mediaId: number, variant: NewVariant): Promise<void> {
  await db
    .insertInto('media_variants')
    .values({ media_id: mediaId, ...variant })
    .onConflict((oc) => oc.columns(['media_id', 'width', 'format']).doNothing())
    .execute();
}
