import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { indexArticle } from '../search/search-index.store.js';

/*
 * Syndication between Placard sites (docs/decisions/0042): the sources the site follows
 * to republish from, what they sent, and which local article copies which object.
 */

/** What an editor chose for a source: every new article in a language to a section. */
export interface SourceRule {
  /** '' for any language. */
  readonly language: string;
  readonly sectionId: number;
  readonly status: 'published' | 'draft';
}

/** A followed source as the admin lists it. */
export interface SourceRow {
  readonly id: number;
  readonly remoteUri: string;
  readonly handle: string;
  readonly name: string;
  readonly profileUrl: string | null;
  /** When the source accepted the site's follow; null while pending (or no longer followed). */
  readonly acceptedAt: string | null;
  readonly rule: SourceRule | null;
}

const sourceColumns = [
  'syndication_sources.id',
  'syndication_sources.remote_uri',
  'syndication_sources.handle',
  'syndication_sources.name',
  'syndication_sources.profile_url',
  'syndication_sources.rule_language',
  'syndication_sources.rule_section_id',
  'syndication_sources.rule_status',
  'federation_following.accepted_at',
] as const;

type SourceSelect = {
  id: number;
  remote_uri: string;
  handle: string;
  name: string;
  profile_url: string | null;
  rule_language: string | null;
  rule_section_id: number | null;
  rule_status: 'published' | 'draft' | null;
  accepted_at: string | null;
};

function sourceOf(r: SourceSelect): SourceRow {
  return {
    id: r.id,
    remoteUri: r.remote_uri,
    handle: r.handle,
    name: r.name,
    profileUrl: r.profile_url,
    acceptedAt: r.accepted_at,
    rule: r.rule_section_id !== null && r.rule_status ? { language: r.rule_language ?? '', sectionId: r.rule_section_id, status: r.rule_status } : null,
  };
}

function selectSources(db: Kysely<DB>) {
  return db
    .selectFrom('syndication_sources')
    .leftJoin('federation_following', (join) =>
      join.onRef('federation_following.remote_uri', '=', 'syndication_sources.remote_uri').on('federation_following.actor', '=', 'site'),
    )
    .select(sourceColumns);
}

/** Records (or refreshes the name of) a source the site's actor asked to follow. */
export async function upsertSource(
  db: Kysely<DB>,
  source: { remoteUri: string; handle: string; name: string; profileUrl: string | null },
  now: string,
): Promise<void> {
  await db
    .insertInto('syndication_sources')
    .values({ remote_uri: source.remoteUri, handle: source.handle, name: source.name, profile_url: source.profileUrl, created_at: now })
    .onConflict((oc) => oc.column('remote_uri').doUpdateSet({ handle: source.handle, name: source.name, profile_url: source.profileUrl }))
    .execute();
}

/** Every source, oldest first. */
export async function listSources(db: Kysely<DB>): Promise<SourceRow[]> {
  return (await selectSources(db).orderBy('syndication_sources.id').execute()).map(sourceOf);
}

/** One source by id. */
export async function findSource(db: Kysely<DB>, id: number): Promise<SourceRow | undefined> {
  const row = await selectSources(db).where('syndication_sources.id', '=', id).executeTakeFirst();
  return row ? sourceOf(row) : undefined;
}

/** The source behind a remote actor, if the site republishes from it. */
export async function findSourceByUri(db: Kysely<DB>, remoteUri: string): Promise<SourceRow | undefined> {
  const row = await selectSources(db).where('syndication_sources.remote_uri', '=', remoteUri).executeTakeFirst();
  return row ? sourceOf(row) : undefined;
}

/** Sets or clears a source's rule. */
export async function setSourceRule(db: Kysely<DB>, id: number, rule: SourceRule | null): Promise<void> {
  await db
    .updateTable('syndication_sources')
    .set({ rule_language: rule?.language ?? null, rule_section_id: rule?.sectionId ?? null, rule_status: rule?.status ?? null })
    .where('id', '=', id)
    .execute();
}

/** Forgets a source and the site's follow of it, in one transaction; what it sent and the copies stay. */
export async function deleteSource(db: Kysely<DB>, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('syndication_sources').select('remote_uri').where('id', '=', id).executeTakeFirst();
    if (!row) return;
    await trx.deleteFrom('federation_following').where('actor', '=', 'site').where('remote_uri', '=', row.remote_uri).execute();
    await trx.deleteFrom('syndication_sources').where('id', '=', id).execute();
  });
}

/** An article a source sent, as received. */
export interface ReceivedArticle {
  readonly objectId: string;
  readonly sourceUri: string;
  readonly url: string;
  readonly title: string;
  readonly summary: string;
  readonly contentHtml: string;
  readonly language: string;
  readonly publishedAt: string;
  readonly updatedAt: string | null;
  readonly imageUrl: string | null;
  /** The lead image's alt text as the source gave it. */
  readonly imageAlt: string | null;
}

/** A received article with its source's name and its local copy, for the admin. */
export interface ItemRow extends ReceivedArticle {
  readonly id: number;
  readonly sourceName: string | null;
  readonly deletedAt: string | null;
  readonly copy: { readonly id: number; readonly slug: string; readonly status: string; readonly hasImage: boolean } | null;
}

/**
 * Keeps an article a source sent; an object already kept is left as it is (a repeated
 * `Create`). Returns its row id and whether it is new.
 */
export async function insertItem(db: Kysely<DB>, item: ReceivedArticle, now: string): Promise<{ id: number; created: boolean }> {
  const inserted = await db
    .insertInto('syndicated_items')
    .values({
      object_id: item.objectId,
      source_uri: item.sourceUri,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content_html: item.contentHtml,
      language: item.language,
      published_at: item.publishedAt,
      updated_at: item.updatedAt,
      image_url: item.imageUrl,
      image_alt: item.imageAlt,
      received_at: now,
    })
    .onConflict((oc) => oc.column('object_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const row = await db.selectFrom('syndicated_items').select('id').where('object_id', '=', item.objectId).executeTakeFirstOrThrow();
  return { id: row.id, created: false };
}

/** Replaces a kept article's text with what its source sent in an `Update`; the copy's id, if any. */
export async function updateItem(
  db: Kysely<DB>,
  objectId: string,
  sourceUri: string,
  item: Pick<ReceivedArticle, 'url' | 'title' | 'summary' | 'contentHtml' | 'updatedAt' | 'imageUrl' | 'imageAlt'>,
): Promise<{ id: number; articleId: number | null } | undefined> {
  const row = await db
    .updateTable('syndicated_items')
    .set({
      url: item.url,
      title: item.title,
      summary: item.summary,
      content_html: item.contentHtml,
      updated_at: item.updatedAt,
      image_url: item.imageUrl,
      image_alt: item.imageAlt,
    })
    .where('object_id', '=', objectId)
    .where('source_uri', '=', sourceUri)
    .returning(['id', 'article_id'])
    .executeTakeFirst();
  return row ? { id: row.id, articleId: row.article_id } : undefined;
}

/** Marks a kept article deleted at its source; the copy's id, if any. */
export async function markItemDeleted(db: Kysely<DB>, objectId: string, sourceUri: string, now: string): Promise<{ articleId: number | null } | undefined> {
  const row = await db
    .updateTable('syndicated_items')
    .set({ deleted_at: now })
    .where('object_id', '=', objectId)
    .where('source_uri', '=', sourceUri)
    .returning(['article_id'])
    .executeTakeFirst();
  return row ? { articleId: row.article_id } : undefined;
}

function selectItems(db: Kysely<DB>) {
  return db
    .selectFrom('syndicated_items')
    .leftJoin('syndication_sources', 'syndication_sources.remote_uri', 'syndicated_items.source_uri')
    .leftJoin('articles', 'articles.id', 'syndicated_items.article_id')
    .select([
      'syndicated_items.id',
      'syndicated_items.object_id',
      'syndicated_items.source_uri',
      'syndicated_items.url',
      'syndicated_items.title',
      'syndicated_items.summary',
      'syndicated_items.content_html',
      'syndicated_items.language',
      'syndicated_items.published_at',
      'syndicated_items.updated_at',
      'syndicated_items.image_url',
      'syndicated_items.image_alt',
      'syndicated_items.deleted_at',
      'syndication_sources.name as source_name',
      'articles.id as copy_id',
      'articles.slug as copy_slug',
      'articles.status as copy_status',
      'articles.image_id as copy_image_id',
    ]);
}

type ItemSelect = Awaited<ReturnType<ReturnType<typeof selectItems>['executeTakeFirstOrThrow']>>;

function itemOf(r: ItemSelect): ItemRow {
  return {
    id: r.id,
    objectId: r.object_id,
    sourceUri: r.source_uri,
    url: r.url,
    title: r.title,
    summary: r.summary,
    contentHtml: r.content_html,
    language: r.language,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    imageUrl: r.image_url,
    imageAlt: r.image_alt,
    deletedAt: r.deleted_at,
    sourceName: r.source_name,
    copy:
      r.copy_id !== null && r.copy_slug !== null && r.copy_status !== null
        ? { id: r.copy_id, slug: r.copy_slug, status: r.copy_status, hasImage: r.copy_image_id !== null }
        : null,
  };
}

/** The newest articles received, newest first. */
export async function listItems(db: Kysely<DB>, limit: number): Promise<ItemRow[]> {
  return (await selectItems(db).orderBy('syndicated_items.id', 'desc').limit(limit).execute()).map(itemOf);
}

/** One received article by id. */
export async function findItem(db: Kysely<DB>, id: number): Promise<ItemRow | undefined> {
  const row = await selectItems(db).where('syndicated_items.id', '=', id).executeTakeFirst();
  return row ? itemOf(row) : undefined;
}

/**
 * Ties a received article to its copy, in the transaction that wrote the copy: only when
 * it has none yet, so two editors (or an editor and a rule) never make two. False when
 * another copy won.
 */
export async function claimItemCopy(trx: Transaction<DB>, itemId: number, articleId: number): Promise<boolean> {
  const result = await trx
    .updateTable('syndicated_items')
    .set({ article_id: articleId })
    .where('id', '=', itemId)
    .where('article_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Where a local copy came from: the source article's address and the source's name and page. */
export interface CopyOrigin {
  readonly url: string;
  readonly sourceName: string;
  readonly sourceUrl: string | null;
}

/** The origin of an article that is a copy, or undefined for the site's own. */
export async function findCopyOrigin(db: Kysely<DB>, articleId: number): Promise<CopyOrigin | undefined> {
  const row = await db
    .selectFrom('syndicated_items')
    .leftJoin('syndication_sources', 'syndication_sources.remote_uri', 'syndicated_items.source_uri')
    .select(['syndicated_items.url', 'syndicated_items.source_uri', 'syndication_sources.name', 'syndication_sources.profile_url'])
    .where('syndicated_items.article_id', '=', articleId)
    .executeTakeFirst();
  return row ? { url: row.url, sourceName: row.name ?? new URL(row.source_uri).host, sourceUrl: row.profile_url } : undefined;
}

/** Writes a copy's new title, standfirst and body, as its source changed them, and what search finds of it. */
export async function updateCopyText(
  trx: Transaction<DB>,
  articleId: number,
  text: { title: string; standfirst: string; bodyMarkdown: string; bodyHtml: string },
  now: string,
): Promise<void> {
  await trx
    .updateTable('articles')
    .set((eb) => ({
      title: text.title,
      standfirst: text.standfirst,
      body_md: text.bodyMarkdown,
      body_html: text.bodyHtml,
      modified_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', articleId)
    .execute();
  await indexArticle(trx, articleId);
}
