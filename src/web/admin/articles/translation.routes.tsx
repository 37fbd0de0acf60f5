import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationFailed } from '../../../domain/errors.js';
import { articleForEditing } from '../../../services/articles/admin-articles.js';
import { addTranslation, linkTranslation, markTranslationUpToDate, unlinkTranslation } from '../../../services/articles/translations.js';
import { errorsByField, field, formOf, idParam, staffOf } from '../kit.js';
import { messagesOf } from '../auth.plugin.js';
import { sendEditor, type ArticleAdminDeps } from './editor-response.js';
import type { TranslationNotice, TranslationsInput } from './translations-panel.view.js';

const back = (reply: FastifyReply, id: number, notice: TranslationNotice) =>
  reply.redirect(`/admin/articles/${id}/edit?translations=${notice}#translations`, 303);

const OWN_FIELDS = new Set(['translationLanguage', 'linkReference']);
// A rule of the article itself (the copied draft's) goes at the top of the panel.
const placeOf = (name: string) => (OWN_FIELDS.has(name) ? name : 'translations');

/** The editor again, 422, with the panel's messages beside their fields and what was typed. */
async function refusedPanel(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ArticleAdminDeps,
  id: number,
  error: ValidationFailed,
  typed: Omit<TranslationsInput, 'errors'>,
) {
  const article = await articleForEditing(deps.db, staffOf(request), id);
  return sendEditor(request, reply, deps, 422, { article, translationsInput: { ...typed, errors: errorsByField(error.errors, messagesOf(request), placeOf) } });
}

/**
 * The Translations panel's steps (docs/decisions/0022): add a translation (a new draft,
 * opened at once), link an existing article, unlink one, mark a translation up to date
 * with its original. Each needs the right to write; the service checks the articles.
 */
export function registerTranslationRoutes(app: FastifyInstance, deps: ArticleAdminDeps): void {
  app.post<{ Params: { id: string } }>('/articles/:id/translations/add', { config: { policy: 'articles.write' } }, async (request, reply) => {
    const id = idParam(request.params.id, 'The article');
    const language = field(formOf(request), 'translationLanguage');
    try {
      const created = await addTranslation(deps, staffOf(request), id, { language, messages: messagesOf(request) });
      return back(reply, created.id, 'added');
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return refusedPanel(request, reply, deps, id, error, { language });
    }
  });

  app.post<{ Params: { id: string } }>('/articles/:id/translations/link', { config: { policy: 'articles.write' } }, async (request, reply) => {
    const id = idParam(request.params.id, 'The article');
    const reference = field(formOf(request), 'linkReference');
    try {
      await linkTranslation(deps, staffOf(request), id, { reference, messages: messagesOf(request) });
      return back(reply, id, 'linked');
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return refusedPanel(request, reply, deps, id, error, { reference });
    }
  });

  app.post<{ Params: { id: string } }>('/articles/:id/translations/unlink', { config: { policy: 'articles.write' } }, async (request, reply) => {
    const id = idParam(request.params.id, 'The article');
    const memberId = idParam(field(formOf(request), 'memberId'), 'That translation');
    try {
      await unlinkTranslation(deps, staffOf(request), id, { memberId, messages: messagesOf(request) });
      return back(reply, id, 'unlinked');
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return refusedPanel(request, reply, deps, id, error, {});
    }
  });

  app.post<{ Params: { id: string } }>('/articles/:id/translations/current', { config: { policy: 'articles.write' } }, async (request, reply) => {
    const id = idParam(request.params.id, 'The article');
    await markTranslationUpToDate(deps, staffOf(request), id);
    return back(reply, id, 'current');
  });
}
