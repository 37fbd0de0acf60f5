import type { Kysely } from 'kysely';
import { completeSnapshot, type ArticleSnapshot } from '../../domain/articles/revision-diff.js';
import { NotFound } from '../../domain/errors.js';
import { fromJson, toJson } from '../db/json.js';
import type { DB } from '../db/schema.js';

/** A stored revision without its snapshot, as the editor lists it. */
export interface RevisionSummary {
  readonly version: number;
  readonly savedAt: string;
  readonly savedBy: string | null;
  readonly note: string | null;
}

/**
 * A revision with its snapshot of the editable fields; a field added to the editor since
 * the revision was saved has its empty value.
 */
export interface StoredRevision extends RevisionSummary {
  readonly snapshot: ArticleSnapshot;
}

/** Records one saved version of an article. */
export async function insertRevision(
  db: Kysely<DB>,
  revision: { articleId: number; version: number; savedAt: string; savedBy: number | null; snapshot: ArticleSnapshot; note: string | null },
): Promise<void> {
  await db
    .insertInto('article_revisions')
    .values({
      article_id: revision.articleId,
      version: revision.version,
      saved_at: revision.savedAt,
      saved_by: revision.savedBy,
      snapshot: toJson(revision.snapshot),
      note: revision.note,
    })
    .execute();
}

function revisionQuery(db: Kysely<DB>, articleId: number) {
  return db
    .selectFrom('article_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.saved_by')
    .select(['r.version', 'r.saved_at', 'r.note', 'u.name as saved_by_name'])
    .where('r.article_id', '=', articleId);
}

/** Every revision of an article, newest first. */
export async function listRevisions(db: Kysely<DB>, articleId: number): Promise<RevisionSummary[]> {
  const rows = await revisionQuery(db, articleId).orderBy('r.version', 'desc').execute();
  return rows.map((r) => ({ version: r.version, savedAt: r.saved_at, savedBy: r.saved_by_name, note: r.note }));
}

/** One revision with its snapshot; NotFound when the article has no such version. */
export async function getRevision(db: Kysely<DB>, articleId: number, version: number): Promise<StoredRevision> {
  const row = await revisionQuery(db, articleId)
    .select('r.snapshot')
    .where('r.version', '=', version)
    .executeTakeFirstOrThrow(() => new NotFound('That revision'));
  return { version: row.version, savedAt: row.saved_at, savedBy: row.saved_by_name, note: row.note, snapshot: completeSnapshot(fromJson(row.snapshot)) };
}
