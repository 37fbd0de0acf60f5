import type { VNode } from 'preact';
import type { AuditPage } from '../../../services/audit/read-audit.js';

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
  return (
    <>
      <h1>Audit log</h1>
      <form method="get" action="/admin/audit" class="inline filter">
        <label for="action">Action</label>{' '}
        <select id="action" name="action">
          <option value="">All actions</option>
          {log.actions.map((a) => (
            <option value={a} selected={a === action}>
              {a}
            </option>
          ))}
        </select>{' '}
        <button type="submit">Show</button>
      </form>
      <p class="count">
        {log.total === 1 ? '1 entry' : `${log.total} entries`}
        {log.pages > 1 ? `, page ${page} of ${log.pages}` : ''}
      </p>
      <table class="admin-table audit">
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Subject</th>
            <th scope="col">What</th>
          </tr>
        </thead>
        <tbody>
          {log.entries.map((entry) => (
            <tr>
              <td>
                <time dateTime={entry.at}>{entry.at.slice(0, 19).replace('T', ' ')}</time>
              </td>
              <td>{entry.actor_label}</td>
              <td>{entry.action}</td>
              <td>{entry.subject_type ? `${entry.subject_type} ${entry.subject_id ?? ''}` : ''}</td>
              <td>{entry.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pagination" aria-label="Pages">
        {page > 1 ? (
          <a href={pageLink(page - 1, action)} rel="prev">
            Newer
          </a>
        ) : null}
        {page < log.pages ? (
          <a href={pageLink(page + 1, action)} rel="next">
            Older
          </a>
        ) : null}
      </nav>
    </>
  );
}
