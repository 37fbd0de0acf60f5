import type { Kysely } from 'kysely';
import { mayLinkCampaign } from '../../domain/articles/call-to-action.js';
import { canEditArticle, canSeeArticle, type StaffUser } from '../../domain/accounts/staff.js';
import type { ArticleSnapshot } from '../../domain/articles/revision-diff.js';
import { availableActions, type WorkflowAction } from '../../domain/articles/workflow.js';
import { NotFound } from '../../domain/errors.js';
import { PAGE_SIZE, pageCount } from '../../domain/listing/pagination.js';
import {
  editorChoices,
  findArticleFacts,
  listAdminArticles,
  loadSnapshot,
  type AdminArticleFilter,
  type AdminArticleRow,
  type ArticleFacts,
  type EditorChoices,
  type ListScope,
} from '../../store/articles/article-admin.store.js';
import { behindTranslationIds } from '../../store/articles/translation.store.js';
import type { Dialect } from '../../store/db/database.js';
import type { DB } from '../../store/db/schema.js';
import { offeredSectionIds } from './save-article.js';

export type { AdminArticleFilter, AdminArticleRow, ArticleFacts, EditorChoices };

/** The articles a user's list shows; the SQL twin of canSeeArticle. */
export function listScope(user: StaffUser): ListScope {
  switch (user.role) {
    case 'administrator':
    case 'editor':
      return { kind: 'all' };
    case 'section_editor':
      return { kind: 'sections', sectionIds: user.sectionIds, userId: user.id };
    case 'author':
      return { kind: 'own', userId: user.id };
    case 'coordinator':
      return { kind: 'none' };
  }
}

/** One page of the admin's article list for this user. */
export async function adminArticleList(
  deps: { db: Kysely<DB>; dialect: Dialect },
  user: StaffUser,
  filter: AdminArticleFilter,
  page: number,
): Promise<{ rows: AdminArticleRow[]; total: number; pages: number; behind: ReadonlySet<number> }> {
  const { rows, total } = await listAdminArticles(
    deps.db,
    { dialect: deps.dialect, scope: listScope(user), filter },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  // Translations whose original had a public update since: flagged "behind the original".
  const behind = await behindTranslationIds(
    deps.db,
    rows.map((r) => r.id),
  );
  return { rows, total, pages: pageCount(total), behind };
}

/**
 * The choices the editor and the list offer this user: a section editor is offered only
 * their own sections, and only the campaigns they may attach (plus the one the article
 * already calls to, `keepCampaignId`, so that saving does not silently drop it). Retired
 * sections are offered only to an article already in them (`keepSectionIds`), for the same reason.
 */
export async function choicesFor(
  db: Kysely<DB>,
  user: StaffUser,
  keepCampaignId: number | null = null,
  keepSectionIds: readonly number[] = [],
): Promise<EditorChoices> {
  const choices = await editorChoices(db);
  const offered = new Set(
    offeredSectionIds(
      user,
      choices.sections.map((s) => s.id),
    ),
  );
  return {
    ...choices,
    sections: choices.sections.filter((s) => offered.has(s.id) && (s.retiredAt === null || keepSectionIds.includes(s.id))),
    campaigns: choices.campaigns.filter((c) => c.id === keepCampaignId || mayLinkCampaign(user, c)),
  };
}

/** An article as the editor opens it. */
export interface ArticleForEditing {
  readonly facts: ArticleFacts;
  readonly snapshot: ArticleSnapshot;
  /** False for an author's submitted article: they may look, not change. */
  readonly canEdit: boolean;
  readonly actions: readonly WorkflowAction[];
}

/** Loads an article for the editor; NotFound when the user may not see it. */
export async function articleForEditing(db: Kysely<DB>, user: StaffUser, id: number): Promise<ArticleForEditing> {
  const facts = await findArticleFacts(db, id);
  if (!facts || !canSeeArticle(user, facts)) throw new NotFound('The article');
  return { facts, snapshot: await loadSnapshot(db, id), canEdit: canEditArticle(user, facts), actions: availableActions(user, facts) };
}
