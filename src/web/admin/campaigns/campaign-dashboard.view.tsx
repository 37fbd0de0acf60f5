import type { VNode } from 'preact';
import { allowedStatusChanges } from '../../../domain/campaigns/campaign-input.js';
import type { CampaignStatus } from '../../../domain/campaigns/campaign.js';
import { countryName } from '../../../domain/geo/countries.js';
import type { CampaignDashboard, CountRow } from '../../../services/campaigns/campaign-stats.js';
import { CsrfField } from '../admin-layout.view.js';
import { ColumnChart, RowChart } from './bar-chart.view.js';
import { LinkedArticles } from './campaign-editor.view.js';
import { CAMPAIGN_KIND_LABELS, CAMPAIGN_STATUS_LABELS } from './campaign-list.view.js';
import { DeliveryPanel, HeldPanel, OutcomesPanel, type OutcomeFormValues } from './campaign-panels.view.js';
import { ErrorSummary, type Errors } from './form-fields.view.js';

/** What each status button says, by the status it leads to (and, for active, where from). */
function statusButtonLabel(from: CampaignStatus, to: CampaignStatus): string {
  if (to === 'active') return from === 'draft' ? 'Activate: open it to supporters' : 'Reopen to supporters';
  if (to === 'paused') return 'Pause: stop taking actions for now';
  return 'Close the campaign';
}

function Facts(props: { dash: CampaignDashboard }): VNode {
  const c = props.dash.campaign;
  return (
    <dl class="facts">
      <dt>Kind</dt>
      <dd>{CAMPAIGN_KIND_LABELS[c.kind] ?? c.kind}</dd>
      <dt>Reference</dt>
      <dd>{c.reference ?? '—'}</dd>
      <dt>Status</dt>
      <dd>
        <span class={`status status-${c.status}`}>{CAMPAIGN_STATUS_LABELS[c.status] ?? c.status}</span>
        {c.closedAt ? ` since ${c.closedAt.slice(0, 10)}` : ''}
      </dd>
      <dt>Identity</dt>
      <dd>{c.identityMode === 'protective' ? 'Protective (signing name and country only)' : 'Named (full name, replies to the supporter)'}</dd>
      <dt>Deadline</dt>
      <dd>{c.deadline ? c.deadline.slice(0, 10) : 'None'}</dd>
      <dt>Delivery</dt>
      <dd>{c.deliveryPaused ? 'Paused: letters wait in the outbox' : 'Running'}</dd>
      <dt>Public page</dt>
      <dd>
        <a href={`/campaigns/${c.slug}`}>/campaigns/{c.slug}</a>
      </dd>
    </dl>
  );
}

function Controls(props: { dash: CampaignDashboard; csrf: string }): VNode {
  const c = props.dash.campaign;
  return (
    <div class="campaign-controls">
      <a class="button" href={`/admin/campaigns/${c.id}/edit`}>
        Edit the campaign
      </a>{' '}
      <a class="button" href={`/admin/campaigns/${c.id}/exports`}>
        Exports
      </a>
      {allowedStatusChanges(c.status).map((to) => (
        <form method="post" action={`/admin/campaigns/${c.id}/status`} class="inline">
          <CsrfField token={props.csrf} />
          <button type="submit" name="to" value={to} class={to === 'closed' ? 'danger' : undefined}>
            {statusButtonLabel(c.status, to)}
          </button>
        </form>
      ))}
      <form method="post" action={`/admin/campaigns/${c.id}/delivery`} class="inline">
        <CsrfField token={props.csrf} />
        {c.deliveryPaused ? (
          <button type="submit" name="paused" value="0">
            Resume delivery
          </button>
        ) : (
          <button type="submit" name="paused" value="1">
            Pause delivery
          </button>
        )}
      </form>
    </div>
  );
}

function Counts(props: { dash: CampaignDashboard }): VNode {
  const t = props.dash.tally;
  const petition = props.dash.campaign.kind === 'petition';
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading">Actions</h2>
      <dl class="counts">
        <div>
          <dt>{petition ? 'Confirmed signatures' : 'Confirmed (sent through Placard)'}</dt>
          <dd id="count-confirmed">{t.confirmed}</dd>
        </div>
        <div>
          <dt>Self-reported (own mail, calls)</dt>
          <dd id="count-self-reported">{t.selfReported}</dd>
        </div>
        <div>
          <dt>Waiting for email confirmation</dt>
          <dd id="count-pending">{t.pending}</dd>
        </div>
        <div>
          <dt>Held (over the rate limit)</dt>
          <dd id="count-held">{t.held}</dd>
        </div>
      </dl>
    </section>
  );
}

function sum(rows: readonly CountRow[], key: 'confirmed' | 'selfReported'): number {
  return rows.reduce((n, r) => n + r[key], 0);
}

function Charts(props: { dash: CampaignDashboard }): VNode {
  const { perDay, perCountry } = props.dash;
  const busiest = [...perDay].sort((a, b) => b.confirmed + b.selfReported - (a.confirmed + a.selfReported))[0];
  const dayText =
    busiest && busiest.confirmed + busiest.selfReported > 0 ? ` The busiest day was ${busiest.key} with ${busiest.confirmed + busiest.selfReported}.` : '';
  const top = perCountry[0];
  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading">Actions over time and by country</h2>
      <ColumnChart
        id="per-day"
        keyHeading="Day (UTC)"
        title={`Actions per day, ${perDay[0]?.key ?? ''} to ${perDay.at(-1)?.key ?? ''}`}
        description={`${sum(perDay, 'confirmed')} confirmed and ${sum(perDay, 'selfReported')} self-reported actions in the last ${perDay.length} days.${dayText}`}
        bars={perDay.map((r) => ({ label: r.key, confirmed: r.confirmed, selfReported: r.selfReported }))}
      />
      <RowChart
        id="per-country"
        keyHeading="Country"
        limit={20}
        title="Actions per supporters’ country"
        description={
          top
            ? `Actions from ${perCountry.length} ${perCountry.length === 1 ? 'country' : 'countries'}; the most from ${countryName(top.key)} (${top.confirmed + top.selfReported}).`
            : 'No actions yet.'
        }
        bars={perCountry.map((r) => ({ label: countryName(r.key), confirmed: r.confirmed, selfReported: r.selfReported }))}
      />
    </section>
  );
}

const OUTCOME_FIELDS = new Set(['occurredOn', 'title', 'body']);

/** Where a message's field is: the outcome form here, or (what activating needs) the edit page. */
function errorHref(campaignId: number, field: string): string | null {
  if (OUTCOME_FIELDS.has(field)) return `#${field}`;
  return field === 'status' ? null : `/admin/campaigns/${campaignId}/edit#${field}`;
}

/**
 * The coordinator's page of one campaign: what it is, its counts and charts, how
 * delivery goes per target, held submissions, outcome updates, and its controls.
 */
export function CampaignDashboardPage(props: {
  dash: CampaignDashboard;
  csrf: string;
  notice: string | null;
  errors: Errors;
  outcome: OutcomeFormValues;
}): VNode {
  const { dash } = props;
  const c = dash.campaign;
  const risky = dash.highRiskTargetCountries;
  return (
    <>
      <p>
        <a href="/admin/campaigns">← Campaigns</a>
      </p>
      <h1>{c.reference ? `${c.reference}: ${c.title}` : c.title}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <ErrorSummary errors={props.errors} hrefOf={(field) => errorHref(c.id, field)} />
      {c.identityMode === 'named' && risky.length > 0 ? (
        <p class="warning" role="alert">
          Warning: this campaign is in named mode and {risky.map(countryName).join(', ')} {risky.length === 1 ? 'is' : 'are'} marked high-risk. Letters there
          carry supporters’ full names and email addresses. <a href={`/admin/campaigns/${c.id}/edit#identityMode`}>Change the identity mode</a>.
        </p>
      ) : null}
      <Facts dash={dash} />
      <Controls dash={dash} csrf={props.csrf} />
      <Counts dash={dash} />
      <Charts dash={dash} />
      <DeliveryPanel dash={dash} />
      <HeldPanel dash={dash} csrf={props.csrf} />
      <OutcomesPanel dash={dash} csrf={props.csrf} errors={props.errors} values={props.outcome} />
      <LinkedArticles articles={dash.articles} />
    </>
  );
}
