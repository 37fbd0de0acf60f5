import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { ValidationFailed } from '../../../domain/errors.js';
import { mediaChoices } from '../../../services/media/media-library.js';
import {
  addPublication,
  allSections,
  createSectionFrom,
  editPublication,
  editSection,
  removePublication,
  sectionForEditing,
  setRetired,
} from '../../../services/sections/section-admin.js';
import type { Clock } from '../../../services/shared/clock.js';
import type { ContentChanges } from '../../../services/shared/content-changes.js';
import type { DB } from '../../../store/db/schema.js';
import { messagesOf, renderAdmin } from '../auth.plugin.js';
import { errorsByField, field, formOf, idParam, sendPrivateHtml, staffOf } from '../kit.js';
import { emptySectionForm, formOfSection, sectionFormOf, sectionInputOf, type SectionForm } from './section-form.js';
import { PublicationsPanel, RetirePanel, SectionFormView, SectionList } from './sections.view.js';

/** What the sections admin needs. */
export interface SectionsAdminDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly changes: ContentChanges;
  readonly stylesheet: string;
  /** The time zone a new section's form starts with (the site's). */
  readonly defaultTimeZone: () => string;
}

const POLICY = { config: { policy: 'settings.manage' as const } };

/** The add form's fields are named apart from the listed publications' own. */
const ADD_FIELDS: Record<string, string> = { publicationName: 'newPublicationName', publicationUrl: 'newPublicationUrl' };

interface EditState {
  readonly form?: SectionForm;
  readonly errors?: Record<string, string>;
  readonly added?: { name: string; url: string };
  readonly addErrors?: Record<string, string>;
  readonly editErrors?: readonly string[];
}

/**
 * Sections in the admin, for administrators: the list, a new section, its edit page with
 * its publications, and retiring one (kept with its articles, offered for nothing new).
 */
export function registerSectionsAdmin(app: FastifyInstance, deps: SectionsAdminDeps): void {
  const sendNew = async (request: FastifyRequest, reply: FastifyReply, status: number, form: SectionForm, errors: Record<string, string>) => {
    const body = (
      <>
        <h1>{messagesOf(request).t('admin.sections.new')}</h1>
        <SectionFormView action="/admin/sections" csrf={request.csrfToken} form={form} errors={errors} media={await mediaChoices(deps.db)} />
      </>
    );
    return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, messagesOf(request).t('admin.sections.new'), body));
  };

  const sendEdit = async (request: FastifyRequest, reply: FastifyReply, status: number, id: number, state: EditState = {}) => {
    const { section, publications } = await sectionForEditing(deps.db, id);
    const saved = (request.query as Record<string, string | undefined>).saved === '1';
    const body = (
      <>
        <h1>{section.name}</h1>
        {section.retiredAt ? <p class="notice">{messagesOf(request).t('admin.sections.retired')}</p> : null}
        {saved && status === 200 ? (
          <p class="notice" role="status">
            {messagesOf(request).t('admin.sections.saved')}
          </p>
        ) : null}
        <p>
          <a href={`/sections/${encodeURIComponent(section.slug)}`}>{messagesOf(request).t('admin.sections.viewPage')}</a>
        </p>
        <SectionFormView
          action={`/admin/sections/${id}`}
          csrf={request.csrfToken}
          form={state.form ?? formOfSection(section)}
          errors={state.errors ?? {}}
          media={await mediaChoices(deps.db)}
        />
        <PublicationsPanel
          sectionId={id}
          csrf={request.csrfToken}
          publications={publications}
          added={state.added ?? { name: '', url: '' }}
          errors={state.addErrors ?? {}}
          editErrors={state.editErrors ?? []}
        />
        <RetirePanel section={section} csrf={request.csrfToken} />
      </>
    );
    return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, section.name, body));
  };

  app.get('/sections', POLICY, async (request, reply) => {
    const body = <SectionList sections={await allSections(deps.db)} />;
    return sendPrivateHtml(reply, 200, renderAdmin(request, deps.stylesheet, messagesOf(request).t('admin.sections.title'), body));
  });

  app.get('/sections/new', POLICY, async (request, reply) => sendNew(request, reply, 200, emptySectionForm(deps.defaultTimeZone()), {}));

  app.post('/sections', POLICY, async (request, reply) => {
    const form = sectionFormOf(formOf(request));
    try {
      const section = await createSectionFrom(deps, staffOf(request), sectionInputOf(form));
      return reply.redirect(`/admin/sections/${section.id}?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendNew(request, reply, 422, form, errorsByField(error.errors, messagesOf(request)));
    }
  });

  app.get<{ Params: { id: string } }>('/sections/:id', POLICY, async (request, reply) =>
    sendEdit(request, reply, 200, idParam(request.params.id, 'The section')),
  );

  app.post<{ Params: { id: string } }>('/sections/:id', POLICY, async (request, reply) => {
    const id = idParam(request.params.id, 'The section');
    const form = sectionFormOf(formOf(request));
    try {
      await editSection(deps, staffOf(request), id, sectionInputOf(form));
      return reply.redirect(`/admin/sections/${id}?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendEdit(request, reply, 422, id, { form, errors: errorsByField(error.errors, messagesOf(request)) });
    }
  });

  for (const [path, retired] of [
    ['retire', true],
    ['unretire', false],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/sections/:id/${path}`, POLICY, async (request, reply) => {
      const id = idParam(request.params.id, 'The section');
      await setRetired(deps, staffOf(request), id, retired);
      return reply.redirect(`/admin/sections/${id}?saved=1`, 303);
    });
  }

  app.post<{ Params: { id: string } }>('/sections/:id/publications', POLICY, async (request, reply) => {
    const id = idParam(request.params.id, 'The section');
    const form = formOf(request);
    const added = { name: field(form, 'newPublicationName'), url: field(form, 'newPublicationUrl') };
    try {
      await addPublication(deps, staffOf(request), id, added);
      return reply.redirect(`/admin/sections/${id}?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendEdit(request, reply, 422, id, { added, addErrors: errorsByField(error.errors, messagesOf(request), (f) => ADD_FIELDS[f] ?? f) });
    }
  });

  app.post<{ Params: { id: string; publicationId: string } }>('/sections/:id/publications/:publicationId', POLICY, async (request, reply) => {
    const id = idParam(request.params.id, 'The section');
    const publicationId = idParam(request.params.publicationId, 'The publication');
    const form = formOf(request);
    try {
      await editPublication(deps, staffOf(request), id, publicationId, { name: field(form, 'publicationName'), url: field(form, 'publicationUrl') });
      return reply.redirect(`/admin/sections/${id}?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendEdit(request, reply, 422, id, { editErrors: error.errors.map((e) => e.message) });
    }
  });

  app.post<{ Params: { id: string; publicationId: string } }>('/sections/:id/publications/:publicationId/delete', POLICY, async (request, reply) => {
    const id = idParam(request.params.id, 'The section');
    await removePublication(deps, staffOf(request), id, idParam(request.params.publicationId, 'The publication'));
    return reply.redirect(`/admin/sections/${id}?saved=1`, 303);
  });
}
