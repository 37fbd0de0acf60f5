import type { VNode } from 'preact';
import type { PreviewLinkRow } from '../../../services/articles/preview-links.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function state(link: PreviewLinkRow, now: string): string {
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
  return (
    <section class="preview-links" aria-labelledby="preview-links-heading">
      <h2 id="preview-links-heading">Preview links</h2>
      <p class="hint">Anyone with a preview link can read this article as it is now, without signing in, until the link expires or is revoked.</p>
      {created ? (
        <div class="notice" role="status">
          <p>New preview link, working until {when.format(new Date(created.expiresAt))} UTC. Copy it now: it is not shown again.</p>
          <p>
            <input type="text" readOnly aria-label="Preview link" value={created.url} class="wide" />
          </p>
        </div>
      ) : null}
      {links.length > 0 ? (
        <ul>
          {links.map((link) => (
            <li>
              Made {when.format(new Date(link.createdAt))} UTC{link.createdBy ? ` by ${link.createdBy}` : ''}, {state(link, now)}
              {state(link, now) === 'live' ? (
                <>
                  {' '}
                  until {when.format(new Date(link.expiresAt))} UTC{' '}
                  <form method="post" action={`/admin/articles/${id}/preview-links/revoke`} class="inline">
                    <CsrfField token={csrf} />
                    <input type="hidden" name="link" value={link.tokenHash} />
                    <button type="submit">Revoke</button>
                  </form>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <form method="post" action={`/admin/articles/${id}/preview-links`} class="inline">
        <CsrfField token={csrf} />
        <label for="days">Days the link works</label> <FieldError id="days-error" message={props.error} />
        <input id="days" name="days" type="number" min={1} max={30} value="7" aria-describedby={props.error ? 'days-error' : undefined} />{' '}
        <button type="submit">Create preview link</button>
      </form>
    </section>
  );
}
