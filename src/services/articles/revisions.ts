import type { StaffUser } from '../../domain/accounts/staff.js';
import { canSeeArticle } from '../../domain/accounts/staff.js';
import { diffSnapshots, type FieldDiff } from '../../domain/articles/revision-diff.js';
import { NotFound } from '../../domain/errors.js';
import { findArticleFacts } from '../../store/articles/article-admin.store.js';
import { getRevision, listRevisions, type RevisionSummary } from '../../store/articles/article-revision.store.js';
import { factsForEdit, saveArticle, type ArticleEditDeps, type ArticleSaveDeps } from './save-article.js';

export type { RevisionSummary };

async function visibleFacts(deps: Pick<ArticleEditDeps, 'db'>, user: StaffUser, id: number) {
  const facts = await findArticleFacts(deps.db, id);
  if (!facts || !canSeeArticle(user, facts)) throw new NotFound('The article');
  return facts;
}

/** The revisions of an article the user may see, newest first. */
export async function articleRevisions(deps: Pick<ArticleEditDeps, 'db'>, user: StaffUser, id: number): Promise<RevisionSummary[]> {
  await visibleFacts(deps, user, id);
  return listRevisions(deps.db, id);
}

/** Two revisions and what changed from the first to the second, field by field. */
export interface RevisionComparison {
  readonly title: string;
  readonly from: RevisionSummary;
  readonly to: RevisionSummary;
  readonly changes: readonly FieldDiff[];
}

/** Compares any two revisions of an article (older or newer, either way round). */
export async function compareRevisions(
  deps: Pick<ArticleEditDeps, 'db'>,
  user: StaffUser,
  id: number,
  versions: { from: number; to: number },
): Promise<RevisionComparison> {
  const facts = await visibleFacts(deps, user, id);
  const [from, to] = await Promise.all([getRevision(deps.db, id, versions.from), getRevision(deps.db, id, versions.to)]);
  return { title: facts.title, from, to, changes: diffSnapshots(from.snapshot, to.snapshot) };
}

/**
 * Makes an old revision the article's content again. Restoring is itself a save (a new
 * revision on top), so nothing in between is lost and the restore can be undone.
 */
export async function restoreRevision(deps: ArticleSaveDeps, user: StaffUser, id: number, version: number): Promise<{ version: number }> {
  const facts = await factsForEdit(deps.db, user, id);
  const revision = await getRevision(deps.db, id, version);
  const saved = await saveArticle(deps, user, { id, baseVersion: facts.version }, revision.snapshot, { restoredFrom: version });
  return { version: saved.version };
}
