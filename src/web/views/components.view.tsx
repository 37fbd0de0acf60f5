import type { VNode } from 'preact';
import { isUpdated, type ArticleSummary, type Byline } from '../../domain/articles/article.js';
import { bylineParts } from '../../domain/articles/byline.js';
import { countryKickerName } from '../../domain/articles/kicker.js';
import type { Messages } from '../../i18n/messages.js';
import { ownLanguage } from '../../i18n/site-language.js';
import { articlePath, listingPath } from './format.js';
import { useMessages } from './messages-context.js';

/** A date readers can read, in the page's language, and machines can parse. */
export function DateTime(props: { iso: string; class?: string; style?: 'long' | 'month' }): VNode {
  const m = useMessages();
  return (
    <time class={props.class} dateTime={props.iso}>
      {m.date(props.iso, props.style ?? 'long')}
    </time>
  );
}

/** The words a byline is joined with, in the page's language. */
export function bylineJoiners(m: Messages): { and: string; separator: string } {
  return { and: m.t('public.byline.and'), separator: m.t('public.byline.separator') };
}

/** A byline whose contributors and sections are links to their listings. */
export function BylineView(props: { byline: Byline }): VNode {
  const m = useMessages();
  return (
    <span class="byline">
      {bylineParts(props.byline, bylineJoiners(m)).map((part) => {
        if (part.kind === 'text') return part.text;
        const kind = part.kind === 'contributor' ? 'contributors' : 'sections';
        return (
          <a href={listingPath(kind, part.slug)} rel={part.kind === 'contributor' ? 'author' : undefined}>
            {part.text}
          </a>
        );
      })}
    </span>
  );
}

/** The "[updated]" mark that the captured page puts before a changed article's title. */
export function UpdatedMark(props: { article: Pick<ArticleSummary, 'lastUpdateAt'> }): VNode | null {
  const m = useMessages();
  return isUpdated(props.article) ? <span class="updated-mark">{m.t('public.article.updatedMark')} </span> : null;
}

/**
 * One item of a listing: kicker, title, date, byline with section, standfirst. A teaser
 * in another language than the page carries its own `lang` and `dir`; its date and
 * "[updated]" mark, written in the page's language, carry the page's.
 */
export function ArticleTeaser(props: { article: ArticleSummary; headingLevel?: 2 | 3 }): VNode {
  const m = useMessages();
  const a = props.article;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  const own = ownLanguage(a.language, m);
  const chrome = (children: VNode) =>
    own.lang ? (
      <span lang={m.language} dir={m.dir}>
        {children}
      </span>
    ) : (
      children
    );
  return (
    <article class="teaser" {...own}>
      <Heading class="teaser-title">
        {a.kicker ? <span class="kicker">{a.kicker}: </span> : null}
        {chrome(<UpdatedMark article={a} />)}
        <a href={articlePath(a.slug)}>{a.title}</a>
      </Heading>
      <p class="meta">
        {chrome(<DateTime iso={a.publishedAt} />)}, <BylineView byline={a.byline} />
      </p>
      {a.standfirst ? <p class="standfirst">{a.standfirst}</p> : null}
    </article>
  );
}

/** Previous/next links with the page position; stable URLs (`?page=N`) that work without script. */
export function Pagination(props: { basePath: string; page: number; pages: number }): VNode | null {
  const m = useMessages();
  const { basePath, page, pages } = props;
  if (pages <= 1) return null;
  const href = (n: number) => (n === 1 ? basePath : `${basePath}?page=${n}`);
  return (
    <nav class="pagination" aria-label={m.t('public.pagination.label')}>
      {page > 1 ? (
        <a rel="prev" href={href(page - 1)}>
          {m.t('public.pagination.newer')}
        </a>
      ) : null}
      <span>{m.t('public.pagination.position', { page, pages })}</span>
      {page < pages ? (
        <a rel="next" href={href(page + 1)}>
          {m.t('public.pagination.older')}
        </a>
      ) : null}
    </nav>
  );
}

/**
 * A country's name in the page's language: in English the network's own short names
 * ("Britain", "US"), as kickers show them; in other languages ICU's.
 */
export function countryLabel(m: Messages, code: string): string {
  return m.language === 'en' ? countryKickerName(code) : m.countryName(code);
}
