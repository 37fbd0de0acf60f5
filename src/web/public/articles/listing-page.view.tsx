import type { VNode } from 'preact';
import type { ArticleSummary } from '../../../domain/articles/article.js';
import { ArticleTeaser, Pagination } from '../../views/components.view.js';
import { useMessages } from '../../views/messages-context.js';

/** A paginated listing: per country, topic, section, contributor, type or month. */
export function ListingPage(props: {
  heading: string;
  intro?: string | null;
  /** What a page shows between its heading and its articles (a section's home). */
  lead?: VNode | null;
  items: readonly ArticleSummary[];
  basePath: string;
  page: number;
  pages: number;
  total: number;
}): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{props.heading}</h1>
      {props.intro ? <p class="intro">{props.intro}</p> : null}
      {props.lead ?? null}
      <p class="count">{m.t('public.listing.count', { count: props.total })}</p>
      {props.items.length === 0 ? <p>{m.t('public.listing.empty')}</p> : props.items.map((a) => <ArticleTeaser article={a} headingLevel={2} />)}
      <Pagination basePath={props.basePath} page={props.page} pages={props.pages} />
    </>
  );
}

/** An index of links with counts: countries, sections, archive months. */
export function IndexPage(props: { heading: string; entries: readonly { href: string; label: string; note?: string }[] }): VNode {
  return (
    <>
      <h1>{props.heading}</h1>
      <ul class="index">
        {props.entries.map((e) => (
          <li>
            <a href={e.href}>{e.label}</a>
            {e.note ? <span class="note"> {e.note}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
