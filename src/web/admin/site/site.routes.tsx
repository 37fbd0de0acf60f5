import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import { ValidationFailed } from '../../../domain/errors.js';
import type { SiteIdentityInput, StoredSiteIdentity } from '../../../domain/site/site-identity.js';
import { catalogues } from '../../../i18n/messages.js';
import { mediaChoices } from '../../../services/media/media-library.js';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import type { DB } from '../../../store/db/schema.js';
import { useMessages } from '../../views/messages-context.js';
import { CsrfField } from '../admin-layout.view.js';
import { messagesOf, renderAdmin } from '../auth.plugin.js';
import { mediaOptions, SelectField, TextField, type KeyedErrors } from '../form-fields.view.js';
import { errorsByField, field, formOf, sendPrivateHtml, staffOf } from '../kit.js';

/** What the site identity page needs. */
export interface SiteAdminDeps {
  readonly db: Kysely<DB>;
  readonly site: SiteIdentityService;
  readonly stylesheet: string;
}

const NAMES = ['name', 'tagline', 'logoMediaId', 'defaultLanguage', 'defaultTimeZone', 'footer', 'contactEmail'] as const;

function formOfStored(s: StoredSiteIdentity): SiteIdentityInput {
  return {
    name: s.name,
    tagline: s.tagline ?? '',
    logoMediaId: s.logoMediaId === null ? '' : String(s.logoMediaId),
    defaultLanguage: s.defaultLanguage,
    defaultTimeZone: s.defaultTimeZone,
    footer: s.footer ?? '',
    contactEmail: s.contactEmail ?? '',
  };
}

function SiteForm(props: {
  csrf: string;
  form: SiteIdentityInput;
  errors: KeyedErrors;
  media: readonly { id: number; path: string; alt: string }[];
  saved: boolean;
}): VNode {
  const m = useMessages();
  const { form, errors } = props;
  const languages = catalogues()
    .languages()
    .map((l): [string, string] => [l, `${m.languageName(l)} (${l})`]);
  return (
    <>
      <h1>{m.t('admin.site.title')}</h1>
      {props.saved ? (
        <p class="notice" role="status">
          {m.t('admin.site.saved')}
        </p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p class="form-error" role="alert">
          {m.t('admin.site.fix')}
        </p>
      ) : null}
      <form method="post" action="/admin/site" class="stack" novalidate>
        <CsrfField token={props.csrf} />
        <TextField name="name" label={m.t('admin.site.field.name')} value={form.name} errors={errors} required />
        <TextField name="tagline" label={m.t('admin.site.field.tagline')} value={form.tagline} errors={errors} />
        <SelectField
          name="logoMediaId"
          label={m.t('admin.site.field.logo')}
          value={form.logoMediaId}
          errors={errors}
          hint={m.t('admin.site.hint.logo')}
          options={mediaOptions(props.media, m.t('admin.site.noLogo'), m.t('admin.site.noAlt'))}
        />
        <SelectField
          name="defaultLanguage"
          label={m.t('admin.site.field.defaultLanguage')}
          value={form.defaultLanguage}
          errors={errors}
          hint={m.t('admin.site.hint.defaultLanguage')}
          options={languages}
        />
        <TextField
          name="defaultTimeZone"
          label={m.t('admin.site.field.defaultTimeZone')}
          value={form.defaultTimeZone}
          errors={errors}
          hint={m.t('admin.site.hint.defaultTimeZone')}
        />
        <TextField name="footer" label={m.t('admin.site.field.footer')} value={form.footer} errors={errors} rows={3} hint={m.t('admin.site.hint.footer')} />
        <TextField name="contactEmail" label={m.t('admin.site.field.contactEmail')} value={form.contactEmail} errors={errors} type="email" />
        <button type="submit">{m.t('admin.site.save')}</button>
      </form>
    </>
  );
}

/** The site's identity, for administrators: its name, tagline, logo, default language and time zone, footer and contact. */
export function registerSiteAdmin(app: FastifyInstance, deps: SiteAdminDeps): void {
  const send = async (request: FastifyRequest, reply: FastifyReply, status: number, form: SiteIdentityInput, errors: KeyedErrors, saved: boolean) => {
    const body = <SiteForm csrf={request.csrfToken} form={form} errors={errors} media={await mediaChoices(deps.db)} saved={saved} />;
    return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, messagesOf(request).t('admin.site.title'), body));
  };

  app.get('/site', { config: { policy: 'settings.manage' } }, async (request, reply) =>
    send(request, reply, 200, formOfStored(deps.site.stored()), {}, (request.query as Record<string, string | undefined>).saved === '1'),
  );

  app.post('/site', { config: { policy: 'settings.manage' } }, async (request, reply) => {
    const sent = formOf(request);
    const form = Object.fromEntries(NAMES.map((name) => [name, field(sent, name)])) as unknown as SiteIdentityInput;
    try {
      await deps.site.update(staffOf(request), form);
      return reply.redirect('/admin/site?saved=1', 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return send(request, reply, 422, form, errorsByField(error.errors, messagesOf(request)), false);
    }
  });
}
