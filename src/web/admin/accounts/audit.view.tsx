import { useAdminZone, When } from '../time-zone.js';
import type { VNode } from 'preact';
import type { AuditPage } from '../../../services/audit/read-audit.js';
import { useMessages } from '../../views/messages-context.js';

function pageLink(page: number, action: string | undefined): string {
  const query = new URLSearchParams();
  if (action) query.set('action', action);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/admin/audit?${text}` : '/admin/audit';
}

/** The audit log, newest first, with a filter by action. Read-only: no buttons. */
export function AuditLogPage(props: { log: AuditPage; page: number; action: string | undefined }): VNode {
  const { log, page, action } = props;
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.nav.audit')}</h1>
      <form method="get" action="/admin/audit" class="inline filter">
        <label for="action">{m.t('admin.audit.action')}</label>{' '}
        <select id="action" name="action">
          <option value="">{m.t('admin.audit.all-actions')}</option>
          {log.actions.map((a) => (
            <option value={a} selected={a === action}>
              {a}
            </option>
          ))}
        </select>{' '}
        <button type="submit">{m.t('admin.outbox.show')}</button>
      </form>
      <p class="count">
        {log.pages > 1 ? m.t('admin.audit.count-page', { count: log.total, page, pages: log.pages }) : m.t('admin.audit.count', { count: log.total })}
      </p>
      <table class="admin-table audit">
        <thead>
          <tr>
            <th scope="col">{m.t('admin.time.when', { zone: useAdminZone() })}</th>
            <th scope="col">{m.t('admin.audit.who')}</th>
            <th scope="col">{m.t('admin.audit.action')}</th>
            <th scope="col">{m.t('admin.audit.subject')}</th>
            <th scope="col">{m.t('admin.audit.what')}</th>
          </tr>
        </thead>
        <tbody>
          {log.entries.map((entry) => (
            <tr>
              <td>
                <When iso={entry.at} seconds />
              </td>
              <td>{entry.actor_label}</td>
              <td>{entry.action}</td>
              <td>{entry.subject_type ? `${entry.subject_type} ${entry.subject_id ?? ''}` : ''}</td>
              <td>{entry.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pagination" aria-label={m.t('admin.pagination.label')}>
        {page > 1 ? (
          <a href={pageLink(page - 1, action)} rel="prev">
            {m.t('admin.media.newer')}
          </a>
        ) : null}
        {page < log.pages ? (
          <a href={pageLink(page + 1, action)} rel="next">
            {m.t('admin.media.older')}
          </a>
        ) : null}
      </nav>
    </>
  );
}
