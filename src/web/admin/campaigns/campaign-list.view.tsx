import { DeadlineTime } from './deadline.view.js';
import type { VNode } from 'preact';
import type { AdminCampaignRow } from '../../../services/campaigns/campaign-admin.js';
import type { Messages } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';

const CAMPAIGN_STATUSES = new Set(['draft', 'active', 'paused', 'closed']);

/** How a campaign's status reads in the admin; an unknown code is shown as stored. */
export function campaignStatusName(m: Messages, status: string): string {
  return CAMPAIGN_STATUSES.has(status) ? m.t(`admin.campaign-status.${status}`) : status;
}

/** How a campaign's kind reads in the admin. */
export function campaignKindName(m: Messages, kind: string): string {
  return kind === 'letter' || kind === 'petition' ? m.t(`admin.campaign-kind.${kind}`) : kind;
}

/** The campaigns the user manages, with their confirmed counts; administrators also get the high-risk setting. */
export function CampaignList(props: { rows: readonly AdminCampaignRow[]; canSetHighRisk: boolean }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.campaigns.heading')}</h1>
      <p>
        <a class="button" href="/admin/campaigns/new">
          {m.t('admin.campaigns.new')}
        </a>
        {props.canSetHighRisk ? (
          <>
            {' '}
            <a href="/admin/campaigns/settings">{m.t('admin.campaigns.high-risk')}</a>
          </>
        ) : null}
      </p>
      {props.rows.length === 0 ? (
        <p>{m.t('admin.campaigns.none')}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{m.t('admin.campaigns.column.title')}</th>
              <th scope="col">{m.t('admin.campaigns.column.reference')}</th>
              <th scope="col">{m.t('admin.campaigns.column.kind')}</th>
              <th scope="col">{m.t('admin.campaigns.column.status')}</th>
              <th scope="col">{m.t('admin.campaigns.column.confirmed')}</th>
              <th scope="col">{m.t('admin.campaigns.column.deadline')}</th>
              <th scope="col">{m.t('admin.campaigns.column.section')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/campaigns/${r.id}`}>{r.title}</a>
                </th>
                <td>{r.reference ?? '—'}</td>
                <td>{campaignKindName(m, r.kind)}</td>
                <td>
                  <span class={`status status-${r.status}`}>{campaignStatusName(m, r.status)}</span>
                </td>
                <td class="number">{m.number(r.confirmed)}</td>
                <td>{r.deadline ? <DeadlineTime deadline={r.deadline} zone={r.deadlineZone} /> : '—'}</td>
                <td>{r.section ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
