import { useAdminZone, When } from '../time-zone.js';
import type { VNode } from 'preact';
import { OUTBOX_STATUSES, type OutboxMessage, type OutboxRow } from '../../../services/mail/outbox-admin.js';
import type { Messages } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';

const time = (iso: string | null) => (iso ? <When iso={iso} /> : '—');

const STATUSES = new Set<string>(OUTBOX_STATUSES);

/** A message's status in the reader's language; an unknown code as stored. */
function statusText(m: Messages, status: string): string {
  return STATUSES.has(status) ? m.t(`admin.outbox.status.${status}`) : status;
}

function pageHref(status: string | undefined, page: number): string {
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/admin/outbox?${text}` : '/admin/outbox';
}

function OutboxTable(props: { rows: readonly OutboxRow[] }): VNode {
  const m = useMessages();
  const zone = useAdminZone();
  return (
    <table class="admin-table outbox">
      <thead>
        <tr>
          <th scope="col">{m.t('admin.outbox.subject')}</th>
          <th scope="col">{m.t('admin.outbox.kind')}</th>
          <th scope="col">{m.t('admin.outbox.recipient')}</th>
          <th scope="col">{m.t('admin.outbox.status')}</th>
          <th scope="col">{m.t('admin.outbox.attempts')}</th>
          <th scope="col">{m.t('admin.time.not-before', { zone })}</th>
          <th scope="col">{m.t('admin.time.sent', { zone })}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            <th scope="row">
              <a href={`/admin/outbox/${row.id}`}>{row.subject || m.t('admin.outbox.no-subject')}</a>
            </th>
            <td>{row.kind}</td>
            <td>{row.recipient ?? '—'}</td>
            <td>
              <span class={`status status-${row.status}`}>{statusText(m, row.status)}</span>
            </td>
            <td>{m.number(row.attempts)}</td>
            <td>{time(row.notBefore)}</td>
            <td>{time(row.sentAt)}</td>
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
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.nav.outbox')}</h1>
      <p class="notice">{props.route}</p>
      <p class="hint">{m.t('admin.outbox.audited')}</p>
      <form method="get" action="/admin/outbox" class="filters" role="search" aria-label={m.t('admin.outbox.filter-label')}>
        <div class="field">
          <label for="status">{m.t('admin.outbox.status')}</label>
          <select id="status" name="status">
            <option value="">{m.t('admin.articles.filter.any')}</option>
            {OUTBOX_STATUSES.map((s) => (
              <option value={s} selected={s === status}>
                {statusText(m, s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{m.t('admin.outbox.show')}</button>
      </form>
      <p class="count" role="status">
        {pages > 1 ? m.t('admin.outbox.count-page', { count: props.total, page, pages }) : m.t('admin.outbox.count', { count: props.total })}
      </p>
      {rows.length === 0 ? <p>{m.t('admin.outbox.none')}</p> : <OutboxTable rows={rows} />}
      <nav class="pagination" aria-label={m.t('admin.pagination.label')}>
        {page > 1 ? (
          <a href={pageHref(status, page - 1)} rel="prev">
            {m.t('admin.media.newer')}
          </a>
        ) : null}
        {page < pages ? (
          <a href={pageHref(status, page + 1)} rel="next">
            {m.t('admin.media.older')}
          </a>
        ) : null}
      </nav>
    </>
  );
}

/** One message in full: its envelope, its state and its text exactly as it goes out. */
export function OutboxMessagePage(props: { message: OutboxMessage }): VNode {
  const message = props.message;
  const m = useMessages();
  const cc = JSON.parse(message.cc) as string[];
  return (
    <>
      <p>
        <a href="/admin/outbox">{m.t('admin.outbox.back')}</a>
      </p>
      <h1>{message.subject || m.t('admin.outbox.no-subject')}</h1>
      <dl class="facts">
        <dt>{m.t('admin.outbox.kind')}</dt>
        <dd>{message.kind}</dd>
        <dt>{m.t('admin.outbox.to')}</dt>
        <dd>{message.recipient ?? '—'}</dd>
        <dt>{m.t('admin.outbox.copy-to')}</dt>
        <dd>{cc.length ? cc.join(', ') : '—'}</dd>
        <dt>{m.t('admin.outbox.from-name')}</dt>
        <dd>{message.from_name ?? '—'}</dd>
        <dt>Reply-To</dt>
        <dd>{message.reply_to ?? '—'}</dd>
        <dt>Message-ID</dt>
        <dd>
          <code>{message.message_id}</code>
        </dd>
        <dt>{m.t('admin.outbox.status')}</dt>
        <dd>{statusText(m, message.status)}</dd>
        <dt>{m.t('admin.outbox.attempts')}</dt>
        <dd>{m.number(message.attempts)}</dd>
        <dt>{m.t('admin.outbox.queued')}</dt>
        <dd>{time(message.created_at)}</dd>
        <dt>{m.t('admin.outbox.not-before')}</dt>
        <dd>{time(message.not_before)}</dd>
        <dt>{m.t('admin.outbox.sent')}</dt>
        <dd>{time(message.sent_at)}</dd>
        <dt>{m.t('admin.outbox.last-error')}</dt>
        <dd>{message.last_error ?? '—'}</dd>
        {message.campaign_id ? (
          <>
            <dt>{m.t('admin.outbox.campaign')}</dt>
            <dd>
              <a href={`/admin/campaigns/${message.campaign_id}`}>{m.t('admin.outbox.campaign-number', { id: message.campaign_id })}</a>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{m.t('admin.outbox.text')}</h2>
      <pre class="message-text">{message.body}</pre>
    </>
  );
}
