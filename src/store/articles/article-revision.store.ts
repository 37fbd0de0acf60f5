import type { Insertable, Kysely } from 'kysely';
import type { ArticleRevisionsTable, DB } from '../db/schema.js';

/** A stored revision without its snapshot, as the editor lists it. */
export interface RevisionSummary {
  readonly version: number;
  readonly savedAt: string;
  readonly savedBy: string | null;
  readonly note: string | null;
}

/** A revision with its snapshot (JSON of the editable fields). */
export interface StoredRevision extends RevisionSummary {
  readonly snapshot: string;
}

/** Records one saved version of an article. */
export async function insertRevision(db: Kysely<DB>, revision: Omit<Insertable<ArticleRevisionsTable>, 'id'>): Promise<void> {
  await db.insertInto('article_revisions').values(revision).execute();
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

/** One revision with its snapshot, or undefined. */
export async function findRevision(db: Kysely<DB>, articleId: number, version: number): Promise<StoredRevision | undefined> {
  const row = await revisionQuery(db, articleId).select('r.snapshot').where('r.version', '=', version).executeTakeFirst();
  return row ? { version: row.version, savedAt: row.saved_at, savedBy: row.saved_by_name, note: row.note, snapshot: row.snapshot } : undefined;
}
