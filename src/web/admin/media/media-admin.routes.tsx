import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import { BadQuery, Forbidden, ValidationFailed } from '../../../domain/errors.js';
import { parsePage } from '../../../domain/listing/pagination.js';
import { canEditMedia, UPLOAD_REFUSALS, type UploadRefusal } from '../../../domain/media/media-rules.js';
import { browseMedia, editMediaText, mediaDetails } from '../../../services/media/media-library.js';
import { uploadImage } from '../../../services/media/upload-image.js';
import type { Clock } from '../../../services/shared/clock.js';
import type { ContentChanges } from '../../../services/shared/content-changes.js';
import type { DB } from '../../../store/db/schema.js';
import type { MediaFiles } from '../../../store/media/media-files.js';
import { renderAdmin, messagesOf } from '../auth.plugin.js';
import { errorsByField, fieldErrorText, idParam, sendPrivateHtml, staffOf } from '../kit.js';
import { LibraryPage } from './media-library.view.js';
import { MediaPage, UploadPage } from './media-forms.view.js';
import { MAX_REQUEST_BYTES, readUploadForm, UPLOAD_LIMITS } from './read-upload.js';

/** What the media admin needs. */
export interface MediaAdminDeps {
  readonly db: Kysely<DB>;
  readonly media: MediaFiles;
  readonly clock: Clock;
  readonly changes: ContentChanges;
  readonly stylesheet: string;
}

type Form = Record<string, string | undefined>;
type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

const policy = { config: { policy: 'media.write' as const } };

function itemId(request: FastifyRequest): number {
  return idParam((request.params as { id?: string }).id ?? '', 'That media item');
}

function page(deps: MediaAdminDeps, request: FastifyRequest, reply: FastifyReply, status: number, title: string, body: VNode): FastifyReply {
  return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, title, body));
}

function library(deps: MediaAdminDeps): Handler {
  return async (request, reply) => {
    const query = request.query as Form;
    const parsed = parsePage(query.page);
    if (!parsed.ok) throw new BadQuery('page', parsed.message);
    const search = (query.q ?? '').trim().slice(0, 200);
    const result = await browseMedia(deps.db, { search, page: parsed.page });
    return page(deps, request, reply, 200, messagesOf(request).t('admin.media.heading'), <LibraryPage {...result} page={parsed.page} search={search} />);
  };
}

/** The upload form's message for a refusal decided before the service runs, in the reader's language. */
function refused(request: FastifyRequest, refusal: UploadRefusal): Form {
  return { file: fieldErrorText({ field: 'file', ...refusal }, messagesOf(request)) };
}

function receiveUpload(deps: MediaAdminDeps): Handler {
  const form = (request: FastifyRequest, reply: FastifyReply, status: number, values: Form, errors: Form) =>
    page(deps, request, reply, status, messagesOf(request).t('admin.media.upload'), <UploadPage csrf={request.csrfToken} values={values} errors={errors} />);
  return async (request, reply) => {
    if (!request.isMultipart()) return form(request, reply, 415, {}, refused(request, UPLOAD_REFUSALS.missing));
    if (!(Number(request.headers['content-length']) <= MAX_REQUEST_BYTES)) {
      // Refused unread; closing the connection spares reading the rest only to discard it.
      reply.header('connection', 'close');
      return form(request, reply, 413, {}, refused(request, UPLOAD_REFUSALS.tooLarge));
    }
    const upload = await readUploadForm(request);
    if (upload.tooLarge) return form(request, reply, 413, upload.fields, refused(request, UPLOAD_REFUSALS.tooLarge));
    try {
      const id = await uploadImage(deps, {
        ...upload.fields,
        bytes: upload.file?.bytes ?? null,
        fileName: upload.file?.name ?? null,
        uploaderId: staffOf(request).id,
      });
      return reply.redirect(`/admin/media/${id}?uploaded=1`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return form(request, reply, 422, upload.fields, errorsByField(error.errors, messagesOf(request)));
    }
  };
}

function showItem(deps: MediaAdminDeps): Handler {
  return async (request, reply) => {
    const { item, usedBy } = await mediaDetails(deps.db, itemId(request));
    const query = request.query as Form;
    const m = messagesOf(request);
    const notice = query.uploaded ? m.t('admin.media.notice-uploaded') : query.saved ? m.t('admin.dashboard.notice.saved') : undefined;
    const canEdit = request.staff !== null && canEditMedia(request.staff, item);
    const values = { alt: item.alt, caption: item.caption, credit: item.credit };
    return page(
      deps,
      request,
      reply,
      200,
      m.t('admin.media.heading'),
      <MediaPage item={item} usedBy={usedBy} csrf={request.csrfToken} canEdit={canEdit} values={values} errors={{}} notice={notice} />,
    );
  };
}

function saveItem(deps: MediaAdminDeps): Handler {
  return async (request, reply) => {
    const id = itemId(request);
    const { item, usedBy } = await mediaDetails(deps.db, id);
    if (!canEditMedia(staffOf(request), item)) throw new Forbidden(messagesOf(request).t('admin.media.read-only'));
    const form = (request.body ?? {}) as Form;
    try {
      await editMediaText(deps, id, form);
      return reply.redirect(`/admin/media/${id}?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return page(
        deps,
        request,
        reply,
        422,
        messagesOf(request).t('admin.media.heading'),
        <MediaPage item={item} usedBy={usedBy} csrf={request.csrfToken} canEdit values={form} errors={errorsByField(error.errors, messagesOf(request))} />,
      );
    }
  };
}

/**
 * The media library under /admin/media: browse and search, upload, edit an item's
 * text. Multipart parsing is registered in this plugin's scope only, so no other
 * route accepts a multipart body.
 */
export async function registerMediaAdminRoutes(app: FastifyInstance, deps: MediaAdminDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: UPLOAD_LIMITS, throwFileSizeLimit: false });
    scope.get('/media', policy, library(deps));
    scope.get('/media/upload', policy, async (request, reply) =>
      page(deps, request, reply, 200, messagesOf(request).t('admin.media.upload'), <UploadPage csrf={request.csrfToken} values={{}} errors={{}} />),
    );
    scope.post('/media/upload', policy, receiveUpload(deps));
    scope.get('/media/:id', policy, showItem(deps));
    scope.post('/media/:id', policy, saveItem(deps));
  });
}
