import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ValidationFailed } from '../../../domain/errors.js';
import { countryName } from '../../../domain/geo/countries.js';
import { highRiskCountries, setHighRiskCountries } from '../../../services/campaigns/high-risk-countries.js';
import { CsrfField } from '../admin-layout.view.js';
import { renderAdmin, messagesOf } from '../auth.plugin.js';
import { errorsByField, field, formOf, sendPrivateHtml, staffOf } from '../kit.js';
import type { CampaignAdminDeps } from './campaign-admin-deps.js';
import { ErrorSummary, TextField, type Errors } from './form-fields.view.js';

function HighRiskPage(props: { csrf: string; typed: string; current: readonly string[]; errors: Errors; saved: boolean }): VNode {
  return (
    <>
      <p>
        <a href="/admin/campaigns">← Campaigns</a>
      </p>
      <h1>High-risk countries</h1>
      {props.saved ? (
        <p class="notice" role="status">
          Saved.
        </p>
      ) : null}
      <ErrorSummary errors={props.errors} />
      <p>
        A new campaign with a target in one of these countries is protective unless its coordinator chooses otherwise: letters are sent by the organisation and
        signed only with the name the supporter chooses to sign with and their country, with anything else that identifies them removed from the text,, so that
        government never learns who wrote.
      </p>
      <p>Now: {props.current.length ? props.current.map((c) => `${countryName(c)} (${c})`).join(', ') : 'none'}.</p>
      <form method="post" action="/admin/campaigns/settings" class="stack">
        <CsrfField token={props.csrf} />
        <TextField name="countries" label="Countries" value={props.typed} errors={props.errors} hint="ISO 3166-1 codes separated by commas: KZ, BY, RU." />
        <button type="submit">Save</button>
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
    return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, 'High-risk countries', body));
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
