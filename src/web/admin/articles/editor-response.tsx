import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { choicesFor, type ArticleForEditing } from '../../../services/articles/admin-articles.js';
import { articlePreviewLinks } from '../../../services/articles/preview-links.js';
import { articleRevisions } from '../../../services/articles/revisions.js';
import type { MarkdownRenderer } from '../../../services/articles/markdown-pool.js';
import type { Clock } from '../../../services/shared/clock.js';
import type { ContentChanges } from '../../../services/shared/content-changes.js';
import type { Dialect } from '../../../store/db/database.js';
import type { DB } from '../../../store/db/schema.js';
import { renderAdmin } from '../auth.plugin.js';
import { sendPrivateHtml, staffOf } from '../kit.js';
import { formFromSnapshot, NEW_ARTICLE_FORM } from './article-form.js';
import { EditorPage, type EditorPageProps } from './editor-page.view.js';
import { translationPanel } from '../../../services/articles/translations.js';
import { translationNotice } from './translations-panel.view.js';

/** What the article admin's routes need. */
export interface ArticleAdminDeps {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly changes: ContentChanges;
  readonly stylesheet: string;
  /** The fingerprinted URL of assets/editor.js. */
  readonly script: string;
  readonly publicUrl: string;
  /** Renders bodies in worker threads, for previews and saves. */
  readonly markdown: Pick<MarkdownRenderer, 'render'>;
}

/** What a step's redirect tells the editor it did, by a short code in the query. */
export const NOTICES: Readonly<Record<string, string>> = {
  created: 'Draft created.',
  saved: 'Saved as a new revision.',
  submit: 'Submitted for review.',
  return: 'Returned to draft.',
  schedule: 'Scheduled: it will be published at its time.',
  unschedule: 'Schedule cancelled; the article is a draft again.',
  publish: 'Published.',
  update: 'Public update added; the article is marked “[updated]”.',
  withdraw: 'Withdrawn: its page now says so, and listings leave it out.',
  restored: 'Restored as a new revision.',
  revoked: 'Preview link revoked.',
};

type EditorState = Partial<Omit<EditorPageProps, 'article' | 'choices' | 'csrf' | 'revisions' | 'links' | 'now' | 'translations'>> & {
  readonly article: ArticleForEditing | null;
};

/** Renders the editor page for an article (or a new one) with whatever the step left to show. */
export async function sendEditor(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ArticleAdminDeps,
  status: number,
  state: EditorState,
): Promise<FastifyReply> {
  const user = staffOf(request);
  const { article } = state;
  const id = article?.facts.id;
  const [choices, revisions, links, translations] = await Promise.all([
    choicesFor(deps.db, user, article?.facts.campaignId ?? null, article?.facts.sectionIds ?? []),
    id ? articleRevisions(deps, user, id) : [],
    id ? articlePreviewLinks(deps, user, id) : [],
    id ? translationPanel(deps.db, user, id) : null,
  ]);
  const translationsNotice = translationNotice((request.query as Record<string, unknown> | undefined)?.translations);
  const props: EditorPageProps = {
    form: article ? formFromSnapshot(article.snapshot, article.facts.version) : NEW_ARTICLE_FORM,
    errors: {},
    previewHtml: null,
    notice: null,
    conflict: null,
    workflow: null,
    createdLink: null,
    translationsInput: translationsNotice ? { errors: {}, notice: translationsNotice } : null,
    ...state,
    translations,
    choices,
    csrf: request.csrfToken,
    revisions,
    links,
    now: deps.clock().toISOString(),
  };
  const title = article ? `Edit: ${article.facts.title}` : 'New article';
  return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, title, <EditorPage {...props} />, { script: deps.script }));
}
