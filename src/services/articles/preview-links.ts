import type { StaffUser } from '../../domain/accounts/staff.js';
import { canSeeArticle } from '../../domain/accounts/staff.js';
import type { ArticleView } from '../../domain/articles/article.js';
import type { Campaign } from '../../domain/campaigns/campaign.js';
import { NotFound, ValidationFailed } from '../../domain/errors.js';
import { findArticleFacts } from '../../store/articles/article-admin.store.js';
import { findArticleViewById } from '../../store/articles/article-read.store.js';
import { findLivePreviewLink, insertPreviewLink, listPreviewLinks, revokePreviewLink, type PreviewLinkRow } from '../../store/articles/preview-link.store.js';
import { newToken, tokenHash } from '../accounts/tokens.js';
import { publicCampaign } from './read-articles.js';
import type { ArticleEditDeps } from './save-article.js';

export type { PreviewLinkRow };

/** A week: long enough for a reviewer outside the newsroom, short enough that a forwarded link dies. */
export const DEFAULT_PREVIEW_DAYS = 7;

async function visible(deps: Pick<ArticleEditDeps, 'db'>, user: StaffUser, articleId: number): Promise<void> {
  const facts = await findArticleFacts(deps.db, articleId);
  if (!facts || !canSeeArticle(user, facts)) throw new NotFound('The article');
}

/**
 * Creates a link that shows the article, in whatever state, to anyone who has it, until
 * it expires or is revoked. Only the token's hash is stored: the token is returned this
 * once, and a copy of the database opens nothing.
 */
export async function createPreviewLink(
  deps: Omit<ArticleEditDeps, 'changes'>,
  user: StaffUser,
  articleId: number,
  days: number = DEFAULT_PREVIEW_DAYS,
): Promise<{ token: string; expiresAt: string }> {
  if (!Number.isInteger(days) || days < 1 || days > 30)
    throw new ValidationFailed([{ field: 'days', message: 'A preview link lasts from 1 to 30 days.', key: 'domain.article.preview-days' }]);
  await visible(deps, user, articleId);
  const token = newToken();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  await insertPreviewLink(deps.db, {
    token_hash: tokenHash(token),
    article_id: articleId,
    created_by: user.id,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    revoked_at: null,
  });
  return { token, expiresAt };
}

/** The article's preview links, newest first. */
export async function articlePreviewLinks(deps: Pick<ArticleEditDeps, 'db'>, user: StaffUser, articleId: number): Promise<PreviewLinkRow[]> {
  await visible(deps, user, articleId);
  return listPreviewLinks(deps.db, articleId);
}

/** Revokes a link at once; NotFound when the article has no such live link. */
export async function revokeArticlePreviewLink(deps: Omit<ArticleEditDeps, 'changes'>, user: StaffUser, articleId: number, hash: string): Promise<void> {
  await visible(deps, user, articleId);
  if (!(await revokePreviewLink(deps.db, articleId, hash, deps.clock().toISOString()))) throw new NotFound('That preview link');
}

/**
 * The article a preview link opens, as its public page would show it. Expired, revoked
 * and unknown tokens are all simply NotFound, so a guess learns nothing.
 */
export async function previewByToken(deps: Omit<ArticleEditDeps, 'changes'>, token: string): Promise<{ article: ArticleView; campaign: Campaign | null }> {
  const link = /^[A-Za-z0-9_-]{43}$/.test(token) ? await findLivePreviewLink(deps.db, tokenHash(token), deps.clock().toISOString()) : undefined;
  const article = link ? await findArticleViewById(deps.db, link.articleId) : undefined;
  if (!article) throw new NotFound('The preview');
  const campaign = await publicCampaign(deps.db, article.campaignId);
  // A draft has no publication time yet; the preview shows when it would appear if published now.
  return { article: { ...article, publishedAt: article.publishedAt || deps.clock().toISOString() }, campaign };
}
