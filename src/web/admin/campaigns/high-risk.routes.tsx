import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ValidationFailed } from '../../../domain/errors.js';
import { highRiskCountries, setHighRiskCountries } from '../../../services/campaigns/high-risk-countries.js';
import { CsrfField } from '../admin-layout.view.js';
import { useMessages } from '../../views/messages-context.js';
import { renderAdmin, messagesOf } from '../auth.plugin.js';
import { errorsByField, field, formOf, sendPrivateHtml, staffOf } from '../kit.js';
import type { CampaignAdminDeps } from './campaign-admin-deps.js';
import { ErrorSummary, TextField, type Errors } from './form-fields.view.js';

function HighRiskPage(props: { csrf: string; typed: string; current: readonly string[]; errors: Errors; saved: boolean }): VNode {
  const m = useMessages();
  return (
    <>
      <p>
        <a href="/admin/campaigns">{m.t('admin.campaign-editor.back-to-list')}</a>
      </p>
      <h1>{m.t('admin.campaigns.high-risk')}</h1>
      {props.saved ? (
        <p class="notice" role="status">
          {m.t('admin.dashboard.notice.saved')}
        </p>
      ) : null}
      <ErrorSummary errors={props.errors} />
      <p>{m.t('admin.high-risk.intro')}</p>
      <p>
        {m.t('admin.high-risk.now', {
          countries: props.current.length ? m.list(props.current.map((c) => `${m.countryName(c)} (${c})`)) : m.t('admin.high-risk.none'),
        })}
      </p>
      <form method="post" action="/admin/campaigns/settings" class="stack">
        <CsrfField token={props.csrf} />
        <TextField
          name="countries"
          label={m.t('admin.high-risk.countries')}
          value={props.typed}
          errors={props.errors}
          hint={m.t('admin.high-risk.countries-hint')}
        />
        <button type="submit">{m.t('admin.campaign-form.save')}</button>
      </form>
    </>
  );
}

/** The administrators' list of high-risk countries, which decides the default identity mode of campaigns. */
export function registerHighRiskRoutes(app: FastifyInstance, deps: CampaignAdminDeps): void {
  const page = async (request: FastifyRequest, reply: FastifyReply, status: number, state: { typed?: string; errors?: Errors; saved?: boolean }) => {
    const current = await highRiskCountries(deps.db);
    const body = (
      <HighRiskPage
        csrf={request.csrfToken}
        typed={state.typed ?? current.join(', ')}
        current={current}
        errors={state.errors ?? {}}
        saved={state.saved ?? false}
      />
    );
    return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, messagesOf(request).t('admin.campaigns.high-risk'), body));
  };

  app.get('/campaigns/settings', { config: { policy: 'settings.manage' } }, async (request, reply) =>
    page(request, reply, 200, { saved: (request.query as Record<string, unknown>).saved === '1' }),
  );

  app.post('/campaigns/settings', { config: { policy: 'settings.manage' } }, async (request, reply) => {
    const typed = field(formOf(request), 'countries');
    try {
      await setHighRiskCountries(deps, staffOf(request), typed);
      return reply.redirect('/admin/campaigns/settings?saved=1', 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return page(request, reply, 422, { typed, errors: errorsByField(error.errors, messagesOf(request)) });
    }
  });
}
