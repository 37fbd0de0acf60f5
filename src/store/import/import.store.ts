import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

/** What an earlier run made of an item: its article and the hash of what the item was. */
export interface ImportedItem {
  readonly articleId: number;
  readonly contentHash: string;
  readonly slug: string;
  readonly version: number;
}

/** The article an item of this source became in an earlier run, if it still exists. */
export async function findImportedItem(db: Kysely<DB>, source: string, itemKey: string): Promise<ImportedItem | undefined> {
  const row = await db
    .selectFrom('imported_items as i')
    .innerJoin('articles as a', 'a.id', 'i.article_id')
    .select(['i.article_id', 'i.content_hash', 'a.slug', 'a.version'])
    .where('i.source', '=', source)
    .where('i.item_key', '=', itemKey)
    .executeTakeFirst();
  return row ? { articleId: row.article_id, contentHash: row.content_hash, slug: row.slug, version: row.version } : undefined;
}

/** Records (or moves on) what an item became; in the transaction that wrote the article. */
export async function recordImportedItem(
  trx: Transaction<DB>,
  item: { source: string; itemKey: string; articleId: number; contentHash: string; at: string },
): Promise<void> {
  await trx
    .insertInto('imported_items')
    .values({ source: item.source, item_key: item.itemKey, article_id: item.articleId, content_hash: item.contentHash, imported_at: item.at })
    .onConflict((oc) => oc.columns(['source', 'item_key']).doUpdateSet({ article_id: item.articleId, content_hash: item.contentHash, imported_at: item.at }))
    .execute();
}

/** The media item a file of this source's uploads became, if it still exists. */
export async function findImportedMedia(db: Kysely<DB>, source: string, file: string): Promise<{ id: number; path: string } | undefined> {
  return db
    .selectFrom('imported_media as i')
    .innerJoin('media as m', 'm.id', 'i.media_id')
    .select(['m.id', 'm.path'])
    .where('i.source', '=', source)
    .where('i.file', '=', file)
    .executeTakeFirst();
}

/** Remembers which media item a file of the uploads became, so a second run reuses it. */
export async function recordImportedMedia(db: Kysely<DB>, source: string, file: string, mediaId: number): Promise<void> {
  await db
    .insertInto('imported_media')
    .values({ source, file, media_id: mediaId })
    .onConflict((oc) => oc.columns(['source', 'file']).doUpdateSet({ media_id: mediaId }))
    .execute();
}

/**
 * Points old addresses at an article. An address another import gave to another article
 * is taken over: the latest import of an address is the one its readers expect.
 */
export async function saveOldAddresses(trx: Transaction<DB>, addresses: readonly string[], articleId: number, source: string, at: string): Promise<void> {
  // One statement for all of them; the set keeps an address from being upserted twice in
  // it, which PostgreSQL refuses.
  const rows = [...new Set(addresses)].map((address) => ({ address, article_id: articleId, source, created_at: at }));
  if (rows.length === 0) return;
  await trx
    .insertInto('old_addresses')
    .values(rows)
    .onConflict((oc) => oc.column('address').doUpdateSet({ article_id: articleId, source, created_at: at }))
    .execute();
}

/** The slug of the published article an old address now leads to; undefined otherwise. */
export async function findOldAddressTarget(db: Kysely<DB>, address: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('old_addresses as o')
    .innerJoin('articles as a', 'a.id', 'o.article_id')
    .select('a.slug')
    .where('o.address', '=', address)
    .where('a.status', '=', 'published')
    .executeTakeFirst();
  return row?.slug;
}

/** How many old addresses of a source lead to published articles: the report's count of redirects in place. */
export async function countOldAddresses(db: Kysely<DB>, source: string): Promise<number> {
  const row = await db
    .selectFrom('old_addresses as o')
    .innerJoin('articles as a', 'a.id', 'o.article_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('o.source', '=', source)
    .where('a.status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
