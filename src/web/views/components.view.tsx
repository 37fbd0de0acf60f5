import type { VNode } from 'preact';
import { isUpdated, type ArticleSummary, type Byline } from '../../domain/articles/article.js';
import { bylineParts } from '../../domain/articles/byline.js';
import { articlePath, formatDate, listingPath } from './format.js';

/** A date readers can read and machines can parse. */
export function DateTime(props: { iso: string; class?: string }): VNode {
  return (
    <time class={props.class} dateTime={props.iso}>
      {formatDate(props.iso)}
    </time>
  );
}

/** A byline whose contributors and sections are links to their listings. */
export function BylineView(props: { byline: Byline }): VNode {
  return (
    <span class="byline">
      {bylineParts(props.byline).map((part) => {
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
  return isUpdated(props.article) ? <span class="updated-mark">[updated] </span> : null;
}

/** One item of a listing: kicker, title, date, byline with section, standfirst. */
export function ArticleTeaser(props: { article: ArticleSummary; headingLevel?: 2 | 3 }): VNode {
  const a = props.article;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="teaser" lang={a.language === 'en' ? undefined : a.language}>
      <Heading class="teaser-title">
        {a.kicker ? <span class="kicker">{a.kicker}: </span> : null}
        <UpdatedMark article={a} />
        <a href={articlePath(a.slug)}>{a.title}</a>
      </Heading>
      <p class="meta">
        <DateTime iso={a.publishedAt} />, <BylineView byline={a.byline} />
      </p>
      {a.standfirst ? <p class="standfirst">{a.standfirst}</p> : null}
    </article>
  );
}

/** Previous/next links with the page position; stable URLs (`?page=N`) that work without script. */
export function Pagination(props: { basePath: string; page: number; pages: number }): VNode | null {
  const { basePath, page, pages } = props;
  if (pages <= 1) return null;
  const href = (n: number) => (n === 1 ? basePath : `${basePath}?page=${n}`);
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a rel="prev" href={href(page - 1)}>
          ← Newer
        </a>
      ) : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a rel="next" href={href(page + 1)}>
          Older →
        </a>
      ) : null}
    </nav>
  );
}
