import type { SiteIdentity } from '../../../domain/site/site-identity.js';
import type { VNode } from 'preact';
import type { ArticleView } from '../../../domain/articles/article.js';
import { bylineText } from '../../../domain/articles/byline.js';

/** Open Graph tags and schema.org NewsArticle JSON-LD, so shares and search engines show the article right. */
export function articleHead(article: ArticleView, url: string, site: SiteIdentity, publicUrl: string): { head: VNode; jsonLd: unknown } {
  const head = (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:title" content={article.title} />
      <meta property="og:url" content={url} />
      <meta property="og:site_name" content={site.name} />
      {article.standfirst ? <meta property="og:description" content={article.standfirst} /> : null}
      <meta property="article:published_time" content={article.publishedAt} />
      {article.lastUpdateAt ? <meta property="article:modified_time" content={article.lastUpdateAt} /> : null}
    </>
  );
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': article.type === 'analysis' ? 'AnalysisNewsArticle' : article.type === 'review' ? 'ReviewNewsArticle' : 'NewsArticle',
    headline: article.title,
    description: article.standfirst || undefined,
    datePublished: article.publishedAt,
    dateModified: article.lastUpdateAt ?? article.publishedAt,
    inLanguage: article.language,
    url,
    author:
      article.byline.credits.length > 0
        ? article.byline.credits.map((c) => ({
            '@type': 'Person',
            name: c.contributor.name,
            affiliation: c.section ? { '@type': 'Organization', name: c.section.name } : undefined,
          }))
        : [{ '@type': 'Organization', name: bylineText(article.byline) }],
    publisher: {
      '@type': 'Organization',
      name: site.name,
      ...(site.logo ? { logo: { '@type': 'ImageObject', url: publicUrl + site.logo.src } } : {}),
    },
  };
  return { head, jsonLd };
}
