import { useAdminZone, zonedText } from '../time-zone.js';
import type { VNode } from 'preact';
import type { PreviewLinkRow } from '../../../services/articles/preview-links.js';
import { useMessages } from '../../views/messages-context.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';

function state(link: PreviewLinkRow, now: string): 'revoked' | 'expired' | 'live' {
  if (link.revokedAt) return 'revoked';
  return link.expiresAt <= now ? 'expired' : 'live';
}

/**
 * The article's preview links: who made each, until when it works, and a button to
 * revoke it. A new link's address is shown once, right after it is made: only its hash
 * is kept.
 */
export function PreviewLinks(props: {
  id: number;
  links: readonly PreviewLinkRow[];
  csrf: string;
  now: string;
  created: { url: string; expiresAt: string } | null;
  error?: string;
}): VNode {
  const { id, links, csrf, now, created } = props;
  const m = useMessages();
  const zone = useAdminZone();
  const when = (iso: string) => zonedText(m, iso, zone);
  return (
    <section class="preview-links" aria-labelledby="preview-links-heading">
      <h2 id="preview-links-heading">{m.t('admin.preview-links.heading')}</h2>
      <p class="hint">{m.t('admin.preview-links.intro')}</p>
      {created ? (
        <div class="notice" role="status">
          <p>{m.t('admin.preview-links.created', { until: when(created.expiresAt) })}</p>
          <p>
            <input type="text" readOnly aria-label={m.t('admin.preview-links.link')} value={created.url} class="wide" />
          </p>
        </div>
      ) : null}
      {links.length > 0 ? (
        <ul>
          {links.map((link) => (
            <li>
              {link.createdBy
                ? m.t('admin.preview-links.made-by', { time: when(link.createdAt), name: link.createdBy })
                : m.t('admin.preview-links.made', { time: when(link.createdAt) })}
              , {m.t(`admin.preview-links.state.${state(link, now)}`)}
              {state(link, now) === 'live' ? (
                <>
                  {' '}
                  {m.t('admin.preview-links.until', { time: when(link.expiresAt) })}{' '}
                  <form method="post" action={`/admin/articles/${id}/preview-links/revoke`} class="inline">
                    <CsrfField token={csrf} />
                    <input type="hidden" name="link" value={link.tokenHash} />
                    <button type="submit">{m.t('admin.preview-links.revoke')}</button>
                  </form>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <form method="post" action={`/admin/articles/${id}/preview-links`} class="inline">
        <CsrfField token={csrf} />
        <label for="days">{m.t('admin.preview-links.days')}</label> <FieldError id="days-error" message={props.error} />
        <input id="days" name="days" type="number" min={1} max={30} value="7" aria-describedby={props.error ? 'days-error' : undefined} />{' '}
        <button type="submit">{m.t('admin.preview-links.create')}</button>
      </form>
    </section>
  );
}
