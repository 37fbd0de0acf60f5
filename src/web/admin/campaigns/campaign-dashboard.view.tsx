import { useAdminZone } from '../time-zone.js';
import { DeadlineTime } from './deadline.view.js';
import type { VNode } from 'preact';
import { allowedStatusChanges } from '../../../domain/campaigns/campaign-input.js';
import type { CampaignStatus } from '../../../domain/campaigns/campaign.js';
import type { Messages } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';
import type { CampaignDashboard, CountRow } from '../../../services/campaigns/campaign-stats.js';
import { CsrfField } from '../admin-layout.view.js';
import { ColumnChart, RowChart } from './bar-chart.view.js';
import { LinkedArticles } from './campaign-editor.view.js';
import { campaignKindName, campaignStatusName } from './campaign-list.view.js';
import { DeliveryPanel, HeldPanel, OutcomesPanel, type OutcomeFormValues } from './campaign-panels.view.js';
import { ErrorSummary, type Errors } from './form-fields.view.js';

/** What each status button says, by the status it leads to (and, for active, where from). */
function statusButtonLabel(m: Messages, from: CampaignStatus, to: CampaignStatus): string {
  if (to === 'active') return m.t(from === 'draft' ? 'admin.dashboard.activate' : 'admin.dashboard.reopen');
  if (to === 'paused') return m.t('admin.dashboard.pause');
  return m.t('admin.dashboard.close');
}

function Facts(props: { dash: CampaignDashboard }): VNode {
  const zone = useAdminZone();
  const c = props.dash.campaign;
  const m = useMessages();
  return (
    <dl class="facts">
      <dt>{m.t('admin.dashboard.kind')}</dt>
      <dd>{campaignKindName(m, c.kind)}</dd>
      <dt>{m.t('admin.dashboard.reference')}</dt>
      <dd>{c.reference ?? '—'}</dd>
      <dt>{m.t('admin.dashboard.status')}</dt>
      <dd>
        <span class={`status status-${c.status}`}>{campaignStatusName(m, c.status)}</span>
        {c.closedAt ? ` ${m.t('admin.dashboard.since', { date: m.date(c.closedAt, 'long', zone) })}` : ''}
      </dd>
      <dt>{m.t('admin.dashboard.identity')}</dt>
      <dd>{m.t(c.identityMode === 'protective' ? 'admin.dashboard.identity-protective' : 'admin.dashboard.identity-named')}</dd>
      <dt>{m.t('admin.dashboard.deadline')}</dt>
      <dd>{c.deadline ? <DeadlineTime deadline={c.deadline} zone={c.deadlineZone ?? null} /> : m.t('admin.dashboard.deadline-none')}</dd>
      <dt>{m.t('admin.dashboard.delivery')}</dt>
      <dd>{m.t(c.deliveryPaused ? 'admin.dashboard.delivery-paused' : 'admin.dashboard.delivery-running')}</dd>
      <dt>{m.t('admin.dashboard.public-page')}</dt>
      <dd>
        <a href={`/campaigns/${c.slug}`}>/campaigns/{c.slug}</a>
      </dd>
    </dl>
  );
}

function Controls(props: { dash: CampaignDashboard; csrf: string }): VNode {
  const c = props.dash.campaign;
  const m = useMessages();
  return (
    <div class="campaign-controls">
      <a class="button" href={`/admin/campaigns/${c.id}/edit`}>
        {m.t('admin.dashboard.edit')}
      </a>{' '}
      <a class="button" href={`/admin/campaigns/${c.id}/exports`}>
        {m.t('admin.dashboard.exports')}
      </a>
      {allowedStatusChanges(c.status).map((to) => (
        <form method="post" action={`/admin/campaigns/${c.id}/status`} class="inline">
          <CsrfField token={props.csrf} />
          <button type="submit" name="to" value={to} class={to === 'closed' ? 'danger' : undefined}>
            {statusButtonLabel(m, c.status, to)}
          </button>
        </form>
      ))}
      <form method="post" action={`/admin/campaigns/${c.id}/delivery`} class="inline">
        <CsrfField token={props.csrf} />
        {c.deliveryPaused ? (
          <button type="submit" name="paused" value="0">
            {m.t('admin.dashboard.resume-delivery')}
          </button>
        ) : (
          <button type="submit" name="paused" value="1">
            {m.t('admin.dashboard.pause-delivery')}
          </button>
        )}
      </form>
    </div>
  );
}

function Counts(props: { dash: CampaignDashboard }): VNode {
  const t = props.dash.tally;
  const petition = props.dash.campaign.kind === 'petition';
  const m = useMessages();
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading">{m.t('admin.dashboard.actions')}</h2>
      <dl class="counts">
        <div>
          <dt>{m.t(petition ? 'admin.dashboard.count-signatures' : 'admin.dashboard.count-confirmed')}</dt>
          <dd id="count-confirmed">{m.number(t.confirmed)}</dd>
        </div>
        <div>
          <dt>{m.t('admin.dashboard.count-self-reported')}</dt>
          <dd id="count-self-reported">{m.number(t.selfReported)}</dd>
        </div>
        <div>
          <dt>{m.t('admin.dashboard.count-pending')}</dt>
          <dd id="count-pending">{m.number(t.pending)}</dd>
        </div>
        <div>
          <dt>{m.t('admin.dashboard.count-held')}</dt>
          <dd id="count-held">{m.number(t.held)}</dd>
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
  const m = useMessages();
  const dayText =
    busiest && busiest.confirmed + busiest.selfReported > 0
      ? ` ${m.t('admin.dashboard.busiest-day', { day: busiest.key, count: busiest.confirmed + busiest.selfReported })}`
      : '';
  const top = perCountry[0];
  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading">{m.t('admin.dashboard.charts')}</h2>
      <ColumnChart
        id="per-day"
        keyHeading={m.t('admin.dashboard.day')}
        title={m.t('admin.dashboard.per-day-title', { from: perDay[0]?.key ?? '', to: perDay.at(-1)?.key ?? '' })}
        description={`${m.t('admin.dashboard.per-day-description', { confirmed: sum(perDay, 'confirmed'), selfReported: sum(perDay, 'selfReported'), days: perDay.length })}${dayText}`}
        bars={perDay.map((r) => ({ label: r.key, confirmed: r.confirmed, selfReported: r.selfReported }))}
      />
      <RowChart
        id="per-country"
        keyHeading={m.t('admin.dashboard.country')}
        limit={20}
        title={m.t('admin.dashboard.per-country-title')}
        description={
          top
            ? m.t('admin.dashboard.per-country-description', {
                count: perCountry.length,
                country: m.countryName(top.key),
                total: top.confirmed + top.selfReported,
              })
            : m.t('admin.chart.none')
        }
        bars={perCountry.map((r) => ({ label: m.countryName(r.key), confirmed: r.confirmed, selfReported: r.selfReported }))}
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
  const m = useMessages();
  return (
    <>
      <p>
        <a href="/admin/campaigns">{m.t('admin.campaign-editor.back-to-list')}</a>
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
          {m.rich('admin.dashboard.named-warning', {
            count: risky.length,
            countries: m.list(risky.map((code) => m.countryName(code))),
            link: (chunks) => <a href={`/admin/campaigns/${c.id}/edit#identityMode`}>{chunks}</a>,
          })}
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
