import type { VNode } from 'preact';
import { OUTBOX_STATUSES, type OutboxMessage, type OutboxRow } from '../../../services/mail/outbox-admin.js';

const time = (iso: string | null) => (iso ? <time dateTime={iso}>{iso.slice(0, 16).replace('T', ' ')}</time> : '—');

function pageHref(status: string | undefined, page: number): string {
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/admin/outbox?${text}` : '/admin/outbox';
}

function OutboxTable(props: { rows: readonly OutboxRow[] }): VNode {
  return (
    <table class="admin-table outbox">
      <thead>
        <tr>
          <th scope="col">Subject</th>
          <th scope="col">Kind</th>
          <th scope="col">Recipient</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Not before (UTC)</th>
          <th scope="col">Sent (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((m) => (
          <tr>
            <th scope="row">
              <a href={`/admin/outbox/${m.id}`}>{m.subject || '(no subject)'}</a>
            </th>
            <td>{m.kind}</td>
            <td>{m.recipient ?? '—'}</td>
            <td>
              <span class={`status status-${m.status}`}>{m.status}</span>
            </td>
            <td>{m.attempts}</td>
            <td>{time(m.notBefore)}</td>
            <td>{time(m.sentAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Where mail goes, then the latest messages with a filter by status. Viewing it is audited. */
export function OutboxPage(props: {
  route: string;
  rows: readonly OutboxRow[];
  total: number;
  page: number;
  pages: number;
  status: string | undefined;
}): VNode {
  const { rows, page, pages, status } = props;
  return (
    <>
      <h1>Outbox</h1>
      <p class="notice">{props.route}</p>
      <p class="hint">Recipients include supporters’ addresses: every visit to this page is recorded in the audit log.</p>
      <form method="get" action="/admin/outbox" class="filters" role="search" aria-label="Filter messages">
        <div class="field">
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">Any</option>
            {OUTBOX_STATUSES.map((s) => (
              <option value={s} selected={s === status}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      <p class="count" role="status">
        {props.total === 1 ? '1 message' : `${props.total} messages`}
        {pages > 1 ? `, page ${page} of ${pages}` : ''}
      </p>
      {rows.length === 0 ? <p>No messages.</p> : <OutboxTable rows={rows} />}
      <nav class="pagination" aria-label="Pages">
        {page > 1 ? (
          <a href={pageHref(status, page - 1)} rel="prev">
            Newer
          </a>
        ) : null}
        {page < pages ? (
          <a href={pageHref(status, page + 1)} rel="next">
            Older
          </a>
        ) : null}
      </nav>
    </>
  );
}

/** One message in full: its envelope, its state and its text exactly as it goes out. */
export function OutboxMessagePage(props: { message: OutboxMessage }): VNode {
  const m = props.message;
  const cc = JSON.parse(m.cc) as string[];
  return (
    <>
      <p>
        <a href="/admin/outbox">← Outbox</a>
      </p>
      <h1>{m.subject || '(no subject)'}</h1>
      <dl class="facts">
        <dt>Kind</dt>
        <dd>{m.kind}</dd>
        <dt>To</dt>
        <dd>{m.recipient ?? '—'}</dd>
        <dt>Copy to</dt>
        <dd>{cc.length ? cc.join(', ') : '—'}</dd>
        <dt>From (name)</dt>
        <dd>{m.from_name ?? '—'}</dd>
        <dt>Reply-To</dt>
        <dd>{m.reply_to ?? '—'}</dd>
        <dt>Message-ID</dt>
        <dd>
          <code>{m.message_id}</code>
        </dd>
        <dt>Status</dt>
        <dd>{m.status}</dd>
        <dt>Attempts</dt>
        <dd>{m.attempts}</dd>
        <dt>Queued</dt>
        <dd>{time(m.created_at)}</dd>
        <dt>Not before</dt>
        <dd>{time(m.not_before)}</dd>
        <dt>Sent</dt>
        <dd>{time(m.sent_at)}</dd>
        <dt>Last error</dt>
        <dd>{m.last_error ?? '—'}</dd>
        {m.campaign_id ? (
          <>
            <dt>Campaign</dt>
            <dd>
              <a href={`/admin/campaigns/${m.campaign_id}`}>Campaign {m.campaign_id}</a>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>Text</h2>
      <pre class="message-text">{m.body}</pre>
    </>
  );
}
