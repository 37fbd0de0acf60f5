import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { StaffUser } from '../../../domain/accounts/staff.js';
import { choicesFor, type ArticleForEditing, type EditorChoices } from '../../../services/articles/admin-articles.js';
import { articlePreviewLinks } from '../../../services/articles/preview-links.js';
import { articleRevisions } from '../../../services/articles/revisions.js';
import type { MarkdownRenderer } from '../../../services/articles/markdown-pool.js';
import type { Clock } from '../../../services/shared/clock.js';
import type { ContentChanges } from '../../../services/shared/content-changes.js';
import type { Dialect } from '../../../store/db/database.js';
import type { DB } from '../../../store/db/schema.js';
import type { Messages } from '../../../i18n/messages.js';
import { messagesOf, renderAdmin } from '../auth.plugin.js';
import { sendPrivateHtml, staffOf } from '../kit.js';
import { formFromSnapshot, NEW_ARTICLE_FORM, type EditorForm } from './article-form.js';
import { EditorPage, type EditorPageProps } from './editor-page.view.js';
import { translationPanel } from '../../../services/articles/translations.js';
import { articleSectionZone } from '../../../services/time/section-zones.js';
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

/**
 * A new article's form: a member of staff who works for sections starts in their first
 * section, in that section's first language, so a Russian section's editor does not
 * have to remember to change "en" on every article.
 */
function newArticleForm(user: StaffUser, choices: EditorChoices): EditorForm {
  const own = user.role === 'administrator' ? undefined : choices.sections.find((s) => user.sectionIds.includes(s.id));
  if (!own) return NEW_ARTICLE_FORM;
  return { ...NEW_ARTICLE_FORM, language: own.languages[0] ?? NEW_ARTICLE_FORM.language, sections: [own.slug] };
}

const NOTICES = new Set(['created', 'saved', 'submit', 'return', 'schedule', 'unschedule', 'publish', 'update', 'withdraw', 'restored', 'revoked']);

/** What a step's redirect tells the editor it did, by a short code in the query; an unknown code shows nothing. */
export function noticeText(m: Messages, code: unknown): string | null {
  return typeof code === 'string' && NOTICES.has(code) ? m.t(`admin.editor.notice.${code}`) : null;
}

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
  const [choices, revisions, links, translations, zone] = await Promise.all([
    choicesFor(deps.db, user, article?.facts.campaignId ?? null, article?.facts.sectionIds ?? []),
    id ? articleRevisions(deps, user, id) : [],
    id ? articlePreviewLinks(deps, user, id) : [],
    id ? translationPanel(deps.db, user, id) : null,
    id ? articleSectionZone(deps.db, id) : null,
  ]);
  const translationsNotice = translationNotice((request.query as Record<string, unknown> | undefined)?.translations);
  const props: EditorPageProps = {
    form: article ? formFromSnapshot(article.snapshot, article.facts.version) : newArticleForm(user, choices),
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
  const m = messagesOf(request);
  const title = article ? m.t('admin.editor.page-title', { title: article.facts.title }) : m.t('admin.articles.new');
  return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, title, <EditorPage {...props} />, { script: deps.script, zone }));
}
