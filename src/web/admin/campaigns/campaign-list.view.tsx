import type { VNode } from 'preact';
import type { AdminCampaignRow } from '../../../services/campaigns/campaign-admin.js';

/** How a status reads in the admin. */
export const CAMPAIGN_STATUS_LABELS: Readonly<Record<string, string>> = { draft: 'Draft', active: 'Active', paused: 'Paused', closed: 'Closed' };

/** How a kind reads in the admin. */
export const CAMPAIGN_KIND_LABELS: Readonly<Record<string, string>> = { letter: 'Urgent action', petition: 'Petition' };

/** The campaigns the user manages, with their confirmed counts; administrators also get the high-risk setting. */
export function CampaignList(props: { rows: readonly AdminCampaignRow[]; canSetHighRisk: boolean }): VNode {
  return (
    <>
      <h1>Campaigns</h1>
      <p>
        <a class="button" href="/admin/campaigns/new">
          New campaign
        </a>
        {props.canSetHighRisk ? (
          <>
            {' '}
            <a href="/admin/campaigns/settings">High-risk countries</a>
          </>
        ) : null}
      </p>
      {props.rows.length === 0 ? (
        <p>No campaigns yet.</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Reference</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Confirmed</th>
              <th scope="col">Deadline</th>
              <th scope="col">Section</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/campaigns/${r.id}`}>{r.title}</a>
                </th>
                <td>{r.reference ?? '—'}</td>
                <td>{CAMPAIGN_KIND_LABELS[r.kind] ?? r.kind}</td>
                <td>
                  <span class={`status status-${r.status}`}>{CAMPAIGN_STATUS_LABELS[r.status] ?? r.status}</span>
                </td>
                <td class="number">{r.confirmed.toLocaleString('en')}</td>
                <td>{r.deadline ? <time dateTime={r.deadline.slice(0, 10)}>{r.deadline.slice(0, 10)}</time> : '—'}</td>
                <td>{r.section ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
