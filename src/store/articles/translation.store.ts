import type { Kysely, Transaction } from 'kysely';
import type { TranslationGroup, TranslationMember } from '../../domain/articles/translations.js';
import type { DB } from '../db/schema.js';

/*
 * Translation groups (docs/decisions/0022): `articles.translation_group` names the group,
 * `translation_groups` its original, and each translation's `translation_source_version`
 * and `translation_synced_at` what it was translated from and when.
 */

/** The group of an article, with every member in language order; undefined when it has none. */
export async function findTranslationGroup(db: Kysely<DB>, groupId: string): Promise<TranslationGroup | undefined> {
  const group = await db.selectFrom('translation_groups').select(['id', 'original_id']).where('id', '=', groupId).executeTakeFirst();
  if (!group) return undefined;
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'language', 'status', 'version', 'last_update_at', 'translation_source_version', 'translation_synced_at'])
    .where('translation_group', '=', groupId)
    .orderBy('language')
    .orderBy('id')
    .execute();
  const members: TranslationMember[] = rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    language: r.language,
    status: r.status,
    version: r.version,
    lastUpdateAt: r.last_update_at,
    sourceVersion: r.id === group.original_id ? null : r.translation_source_version,
    syncedAt: r.id === group.original_id ? null : r.translation_synced_at,
  }));
  return { id: group.id, originalId: group.original_id, members };
}

/** What linking needs to know of an article: its language and group. Undefined when there is none. */
export async function findTranslationFacts(
  db: Kysely<DB>,
  by: { readonly id: number } | { readonly slug: string },
): Promise<{ id: number; language: string; group: string | null; version: number } | undefined> {
  const query = db.selectFrom('articles').select(['id', 'language', 'translation_group', 'version']);
  const row = await ('id' in by ? query.where('id', '=', by.id) : query.where('slug', '=', by.slug)).executeTakeFirst();
  return row ? { id: row.id, language: row.language, group: row.translation_group, version: row.version } : undefined;
}

/** Starts a group with its original. Needs a transaction: the original joins it in the same one. */
export async function insertTranslationGroup(trx: Transaction<DB>, group: { id: string; originalId: number; at: string }): Promise<void> {
  await trx.insertInto('translation_groups').values({ id: group.id, original_id: group.originalId, created_at: group.at }).execute();
  await trx
    .updateTable('articles')
    .set({ translation_group: group.id, translation_source_version: null, translation_synced_at: null })
    .where('id', '=', group.originalId)
    .execute();
}

/**
 * Puts an article in a group as a translation of the original's `sourceVersion`, up to
 * date as of `syncedAt`. Only an article outside any group is moved: false when another
 * change put it in one meanwhile, so two links racing cannot leave it in two minds.
 */
export async function joinTranslationGroup(
  trx: Transaction<DB>,
  articleId: number,
  link: { group: string; sourceVersion: number; syncedAt: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('articles')
    .set({ translation_group: link.group, translation_source_version: link.sourceVersion, translation_synced_at: link.syncedAt })
    .where('id', '=', articleId)
    .where('translation_group', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records that a translation now follows the original's `sourceVersion` (marked up to date). */
export async function markTranslationSynced(trx: Transaction<DB>, articleId: number, sync: { sourceVersion: number; syncedAt: string }): Promise<void> {
  await trx
    .updateTable('articles')
    .set({ translation_source_version: sync.sourceVersion, translation_synced_at: sync.syncedAt })
    .where('id', '=', articleId)
    .execute();
}

/** Takes an article out of its group. */
export async function leaveTranslationGroup(trx: Transaction<DB>, articleId: number): Promise<void> {
  await trx
    .updateTable('articles')
    .set({ translation_group: null, translation_source_version: null, translation_synced_at: null })
    .where('id', '=', articleId)
    .execute();
}

/** Removes a group that has only its original left; the original leaves it too. */
export async function dissolveTranslationGroup(trx: Transaction<DB>, groupId: string): Promise<void> {
  await trx
    .updateTable('articles')
    .set({ translation_group: null, translation_source_version: null, translation_synced_at: null })
    .where('translation_group', '=', groupId)
    .execute();
  await trx.deleteFrom('translation_groups').where('id', '=', groupId).execute();
}

/**
 * Of these articles, the translations whose original had a public update after they were
 * last brought up to date: the admin list flags them "behind the original".
 */
export async function behindTranslationIds(db: Kysely<DB>, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('articles as t')
    .innerJoin('translation_groups as g', 'g.id', 't.translation_group')
    .innerJoin('articles as o', 'o.id', 'g.original_id')
    .select('t.id')
    .where('t.id', 'in', ids)
    .whereRef('t.id', '!=', 'g.original_id')
    .where('t.translation_synced_at', 'is not', null)
    .where('o.last_update_at', 'is not', null)
    .whereRef('o.last_update_at', '>', 't.translation_synced_at')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The newest stored revision of an article at or before `version` (a public update bumps the version without one). */
export async function newestRevisionAtOrBefore(db: Kysely<DB>, articleId: number, version: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('article_revisions')
    .select('version')
    .where('article_id', '=', articleId)
    .where('version', '<=', version)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row?.version;
}

/** The languages that have published articles, with how many: the index of languages. */
export async function publishedLanguageCounts(db: Kysely<DB>): Promise<{ language: string; count: number }[]> {
  const rows = await db
    .selectFrom('articles')
    .select(['language', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('status', '=', 'published')
    .groupBy('language')
    .orderBy('language')
    .execute();
  return rows.map((r) => ({ language: r.language, count: Number(r.n) }));
}
