import type { SiteIdentity } from '../../../domain/site/site-identity.js';
import type { VNode } from 'preact';
import type { ArticleSummary } from '../../../domain/articles/article.js';
import { ArticleTeaser, BylineView, DateTime, UpdatedMark } from '../../views/components.view.js';
import { articlePath } from '../../views/format.js';
import { ownLanguage } from '../../../i18n/site-language.js';
import { useMessages } from '../../views/messages-context.js';

/** The front page as the captured page composes it: a lead story, "Latest news", "Analysis". */
export function FrontPage(props: {
  lead: ArticleSummary | null;
  latest: readonly ArticleSummary[];
  analysis: readonly ArticleSummary[];
  site: SiteIdentity;
}): VNode {
  const m = useMessages();
  const { lead } = props;
  return (
    <>
      <h1 class="visually-hidden">{props.site.name}</h1>
      {lead ? (
        <article class="lead-story" aria-labelledby="lead-title" {...ownLanguage(lead.language, m)}>
          <h2 id="lead-title" class="lead-title">
            {lead.kicker ? <span class="kicker">{lead.kicker}: </span> : null}
            <UpdatedMark article={lead} />
            <a href={articlePath(lead.slug)}>{lead.title}</a>
          </h2>
          <p class="meta">
            <DateTime iso={lead.publishedAt} />, <BylineView byline={lead.byline} />
          </p>
          {lead.standfirst ? <p class="standfirst">{lead.standfirst}</p> : null}
        </article>
      ) : (
        <p>{m.t('public.front.nothingYet')}</p>
      )}
      <div class="columns">
        <section aria-labelledby="latest-heading">
          <h2 id="latest-heading">
            <a href="/types/news">{m.t('public.front.latest')}</a>
          </h2>
          {props.latest.map((a) => (
            <ArticleTeaser article={a} />
          ))}
        </section>
        <section aria-labelledby="analysis-heading">
          <h2 id="analysis-heading">
            <a href="/types/analysis">{m.t('public.nav.analysis')}</a>
          </h2>
          {props.analysis.map((a) => (
            <ArticleTeaser article={a} />
          ))}
        </section>
      </div>
    </>
  );
}
