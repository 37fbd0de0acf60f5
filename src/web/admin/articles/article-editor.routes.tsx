import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { allows } from '../../../domain/accounts/staff.js';
import { validateArticle, type FieldError } from '../../../domain/articles/article-input.js';
import { ARTICLE_STATUSES, ARTICLE_TYPES } from '../../../domain/articles/article.js';
import { diffSnapshots, type ArticleSnapshot } from '../../../domain/articles/revision-diff.js';
import { BadQuery, Conflict, TextTooComplex, ValidationFailed } from '../../../domain/errors.js';
import { parsePage } from '../../../domain/listing/pagination.js';
import type { Messages } from '../../../i18n/messages.js';
import { adminArticleList, articleForEditing, choicesFor, type AdminArticleFilter, type EditorChoices } from '../../../services/articles/admin-articles.js';
import { createDraft, saveArticle } from '../../../services/articles/save-article.js';
import { renderAdmin, messagesOf } from '../auth.plugin.js';
import { formFieldOf, formFromSnapshot, readEditorForm, snapshotFromForm, type EditorForm } from './article-form.js';
import { ArticleList, type ListQuery } from './article-list.view.js';
import { errorsByField, idParam, sendPrivateHtml, staffOf } from '../kit.js';
import { noticeText, sendEditor, type ArticleAdminDeps } from './editor-response.js';

const LIST_KEYS = ['status', 'section', 'type', 'country', 'contributor', 'owner', 'language', 'q'] as const;

function readListQuery(raw: Record<string, unknown>): ListQuery {
  return Object.fromEntries(LIST_KEYS.map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string).slice(0, 200) : undefined]).filter(([, v]) => v));
}

/** The list's filter from its query; values that match nothing known are ignored rather than refused. */
function listFilter(query: ListQuery, choices: EditorChoices): AdminArticleFilter {
  const number = (text: string | undefined) => (text && /^[0-9]{1,9}$/.test(text) ? Number(text) : undefined);
  return {
    status: ARTICLE_STATUSES.find((s) => s === query.status),
    type: ARTICLE_TYPES.find((t) => t === query.type),
    sectionId: choices.sections.find((s) => s.slug === query.section)?.id,
    country: query.country?.trim().toUpperCase() || undefined,
    contributorId: number(query.contributor),
    ownerId: number(query.owner),
    language: query.language || undefined,
    search: query.q,
  };
}

/**
 * Rules the form alone can check before anything is stored. When the form has a
 * problem of its own the article's rules are checked too, so every message shows at once.
 */
function formProblems(formErrors: readonly FieldError[], snapshot: ArticleSnapshot): FieldError[] {
  if (formErrors.length === 0) return [];
  return [...formErrors, ...validateArticle({ ...snapshot, status: 'draft', publishedAt: null, updates: [] })];
}

/**
 * The body's preview, rendered in a worker thread. A body too long or too slow to render
 * gets a message in the preview's place instead (422): the editor keeps the text.
 */
async function preview(deps: ArticleAdminDeps, source: string, m: Messages): Promise<{ status: number; html: string }> {
  try {
    return { status: 200, html: await deps.markdown.render(source) };
  } catch (error) {
    if (!(error instanceof TextTooComplex)) throw error;
    return {
      status: 422,
      html: renderToString(
        <p class="form-error" role="alert">
          {m.t('admin.editor.preview-failed', { reason: error.message })}
        </p>,
      ),
    };
  }
}

/** The list, the new-article form, the editor, saving with its conflict check, and the body preview. */
export function registerEditorRoutes(app: FastifyInstance, deps: ArticleAdminDeps): void {
  app.get('/articles', { config: { policy: 'articles.read' } }, async (request, reply) => {
    const user = staffOf(request);
    const raw = request.query as Record<string, unknown>;
    const parsed = parsePage(raw.page);
    if (!parsed.ok) throw new BadQuery('page', parsed.message);
    const query = readListQuery(raw);
    const choices = await choicesFor(deps.db, user);
    const list = await adminArticleList(deps, user, listFilter(query, choices), parsed.page);
    const body = <ArticleList {...list} page={parsed.page} query={query} choices={choices} canWrite={allows(user, 'articles.write')} />;
    return sendPrivateHtml(reply, 200, renderAdmin(request, deps.stylesheet, messagesOf(request).t('admin.articles.heading'), body));
  });

  app.get('/articles/new', { config: { policy: 'articles.write' } }, async (request, reply) => sendEditor(request, reply, deps, 200, { article: null }));

  app.post('/articles/new', { config: { policy: 'articles.write' } }, async (request, reply) => {
    const user = staffOf(request);
    const form = readEditorForm(request.body);
    const { snapshot, errors } = snapshotFromForm(form, (await choicesFor(deps.db, user)).sections);
    if ((request.body as Record<string, unknown>).intent === 'preview') {
      const shown = await preview(deps, form.bodyMarkdown, messagesOf(request));
      return sendEditor(request, reply, deps, shown.status, { article: null, form, previewHtml: shown.html });
    }
    const problems = formProblems(errors, snapshot);
    if (problems.length > 0)
      return sendEditor(request, reply, deps, 422, { article: null, form, errors: errorsByField(problems, messagesOf(request), formFieldOf) });
    try {
      const created = await createDraft(deps, user, snapshot);
      return reply.redirect(`/admin/articles/${created.id}/edit?notice=created`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendEditor(request, reply, deps, 422, { article: null, form, errors: errorsByField(error.errors, messagesOf(request), formFieldOf) });
    }
  });

  app.get<{ Params: { id: string } }>('/articles/:id/edit', { config: { policy: 'articles.read' } }, async (request, reply) => {
    const article = await articleForEditing(deps.db, staffOf(request), idParam(request.params.id, 'The article'));
    const code = (request.query as Record<string, unknown>).notice;
    return sendEditor(request, reply, deps, 200, { article, notice: noticeText(messagesOf(request), code) });
  });

  app.post<{ Params: { id: string } }>('/articles/:id/edit', { config: { policy: 'articles.write' } }, async (request, reply) =>
    saveFromForm(request, reply, deps, idParam(request.params.id, 'The article')),
  );

  // The live preview: editor.js posts the body as it is typed and shows the sanitised HTML that comes back.
  // PREVIEW_ENDPOINT, below the admin plugin's prefix.
  app.post('/articles/preview', { config: { policy: 'articles.write' } }, async (request, reply) => {
    const body = (request.body as Record<string, unknown>).bodyMarkdown;
    const shown = await preview(deps, typeof body === 'string' ? body : '', messagesOf(request));
    return sendPrivateHtml(reply, shown.status, shown.html);
  });
}

async function saveFromForm(request: FastifyRequest, reply: FastifyReply, deps: ArticleAdminDeps, id: number): Promise<FastifyReply> {
  const user = staffOf(request);
  const article = await articleForEditing(deps.db, user, id);
  const form = readEditorForm(request.body);
  const { snapshot, errors } = snapshotFromForm(form, (await choicesFor(deps.db, user)).sections);
  if ((request.body as Record<string, unknown>).intent === 'preview') {
    const shown = await preview(deps, form.bodyMarkdown, messagesOf(request));
    return sendEditor(request, reply, deps, shown.status, { article, form, previewHtml: shown.html });
  }
  const problems = formProblems(errors, snapshot);
  if (problems.length > 0) return sendEditor(request, reply, deps, 422, { article, form, errors: errorsByField(problems, messagesOf(request), formFieldOf) });
  const baseVersion = /^[0-9]{1,9}$/.test(form.version) ? Number(form.version) : 0;
  try {
    await saveArticle(deps, user, { id, baseVersion }, snapshot);
    return reply.redirect(`/admin/articles/${id}/edit?notice=saved`, 303);
  } catch (error) {
    if (error instanceof ValidationFailed)
      return sendEditor(request, reply, deps, 422, { article, form, errors: errorsByField(error.errors, messagesOf(request), formFieldOf) });
    if (error instanceof Conflict) return sendConflict(request, reply, deps, { id, form, snapshot });
    throw error;
  }
}

/**
 * Someone saved first. The page comes back with what this user typed, untouched, and the
 * other version beside it; the form now carries the newer version, so saving again
 * replaces it knowingly.
 */
async function sendConflict(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ArticleAdminDeps,
  sent: { id: number; form: EditorForm; snapshot: ArticleSnapshot },
): Promise<FastifyReply> {
  const current = await articleForEditing(deps.db, staffOf(request), sent.id);
  const theirs = formFromSnapshot(current.snapshot, current.facts.version);
  const conflict = { theirs, version: current.facts.version, changes: diffSnapshots(sent.snapshot, current.snapshot) };
  return sendEditor(request, reply, deps, 409, { article: current, form: { ...sent.form, version: String(current.facts.version) }, conflict });
}
