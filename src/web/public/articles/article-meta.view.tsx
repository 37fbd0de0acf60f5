import type { VNode } from 'preact';
import type { ArticleView } from '../../../domain/articles/article.js';
import { bylineText } from '../../../domain/articles/byline.js';
import type { ImageVariant } from '../../../domain/media/media.js';
import { openGraphLocale } from '../../../domain/site/open-graph.js';
import type { SiteIdentity } from '../../../domain/site/site-identity.js';
import type { PublicTranslations } from '../../../services/articles/translations.js';
import type { SocialImage } from '../../../services/media/social-image.js';
import { articlePath, listingPath } from '../../views/format.js';

/** What an article's head says beyond the article: its translations, its preview image, the logo's size. */
export interface ArticleHeadContext {
  readonly translations: PublicTranslations;
  /** The lead image's rendition for link previews (services/media/social-image.ts); null without a lead image. */
  readonly card: SocialImage | null;
  /** The site logo's size, stated in the publisher's logo when known. */
  readonly logoSize: { readonly width: number; readonly height: number } | null;
}

type ImageFacts = { readonly src: string; readonly width: number | null; readonly height: number | null };

/**
 * The lead image's widest rendition, the preview's among them (the original format
 * before WebP at equal width), or the file itself when it has none (an SVG).
 */
function largestImage(article: ArticleView, card: SocialImage | null): ImageFacts | null {
  const image = article.image;
  if (!image) return null;
  const candidates: ImageVariant[] = [...image.variants];
  if (card) candidates.push({ src: card.src, width: card.width, height: card.height, format: card.mime, bytes: 0 });
  const best = candidates.reduce<ImageVariant | null>((a, b) => (!a || b.width > a.width || (b.width === a.width && a.format === 'webp') ? b : a), null);
  return best ?? { src: image.src, width: image.width, height: image.height };
}

/**
 * Open Graph and Twitter card tags and schema.org NewsArticle JSON-LD, so shares and
 * search engines show the article right: a 1200 px preview image served by this site,
 * the locale and its translations' locales, authors with the sections they write for,
 * the publisher with its logo, where it first appeared, and which articles translate it.
 */
export function articleHead(
  article: ArticleView,
  url: string,
  site: SiteIdentity,
  publicUrl: string,
  context: ArticleHeadContext,
): { head: VNode; jsonLd: unknown } {
  const { translations, card } = context;
  const abs = (path: string) => (/^https?:\/\//.test(path) ? path : publicUrl + path);
  const otherLanguages = translations.published.filter((t) => t.id !== article.id);
  const alt = article.image?.alt ?? '';
  const head = (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:title" content={article.title} />
      <meta property="og:url" content={url} />
      <meta property="og:site_name" content={site.name} />
      {article.standfirst ? <meta property="og:description" content={article.standfirst} /> : null}
      <meta property="og:locale" content={openGraphLocale(article.language)} />
      {otherLanguages.map((t) => (
        <meta property="og:locale:alternate" content={openGraphLocale(t.language)} />
      ))}
      {card ? (
        <>
          <meta property="og:image" content={abs(card.src)} />
          <meta property="og:image:type" content={card.mime} />
          <meta property="og:image:width" content={String(card.width)} />
          <meta property="og:image:height" content={String(card.height)} />
          {alt ? <meta property="og:image:alt" content={alt} /> : null}
        </>
      ) : null}
      <meta property="article:published_time" content={article.publishedAt} />
      {article.lastUpdateAt ? <meta property="article:modified_time" content={article.lastUpdateAt} /> : null}
      {article.sections[0] ? <meta property="article:section" content={article.sections[0].name} /> : null}
      <meta name="twitter:card" content={card ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={article.title} />
      {article.standfirst ? <meta name="twitter:description" content={article.standfirst} /> : null}
      {card ? <meta name="twitter:image" content={abs(card.src)} /> : null}
      {card && alt ? <meta name="twitter:image:alt" content={alt} /> : null}
    </>
  );

  const section = (s: { slug: string; name: string }) => ({ '@type': 'Organization', name: s.name, url: abs(listingPath('sections', s.slug)) });
  const { credits, collective, collectiveSection } = article.byline;
  const authors = [
    ...credits.map((c) => ({
      '@type': 'Person',
      name: c.contributor.name,
      url: abs(listingPath('contributors', c.contributor.slug)),
      ...(c.role ? { jobTitle: c.role } : {}),
      ...(c.section ? { affiliation: section(c.section) } : {}),
    })),
    // A collective byline is the section's reporters: an organisation within the section.
    ...(collective || credits.length === 0
      ? [
          {
            '@type': 'Organization',
            name: collective ?? bylineText(article.byline),
            ...(collectiveSection ? { parentOrganization: section(collectiveSection) } : {}),
          },
        ]
      : []),
  ];
  const image = largestImage(article, card);
  const work = (t: { slug: string; language: string; title: string }) => ({
    '@type': 'NewsArticle',
    url: abs(articlePath(t.slug)),
    headline: t.title,
    inLanguage: t.language,
  });
  const isOriginal = translations.original?.id === article.id;
  const provenance = article.provenance;
  const basedOnUrl = provenance?.url ?? provenance?.publication?.url ?? null;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': article.type === 'analysis' ? 'AnalysisNewsArticle' : article.type === 'review' ? 'ReviewNewsArticle' : 'NewsArticle',
    '@id': url,
    mainEntityOfPage: url,
    url,
    headline: article.title,
    description: article.standfirst || undefined,
    datePublished: article.publishedAt,
    // A public update is a change readers are told of; silent corrections do not count.
    dateModified: article.lastUpdateAt ?? article.publishedAt,
    inLanguage: article.language,
    image: image
      ? [{ '@type': 'ImageObject', url: abs(image.src), ...(image.width && image.height ? { width: image.width, height: image.height } : {}) }]
      : undefined,
    author: authors,
    publisher: {
      '@type': 'Organization',
      name: site.name,
      url: abs('/'),
      ...(site.logo
        ? {
            logo: {
              '@type': 'ImageObject',
              url: abs(site.logo.src),
              ...(context.logoSize ? { width: context.logoSize.width, height: context.logoSize.height } : {}),
            },
          }
        : {}),
    },
    isBasedOn:
      provenance && (provenance.publication || basedOnUrl)
        ? {
            '@type': 'CreativeWork',
            ...(basedOnUrl ? { url: basedOnUrl } : {}),
            ...(provenance.publication
              ? {
                  publisher: {
                    '@type': 'Organization',
                    name: provenance.publication.name,
                    ...(provenance.publication.url ? { url: provenance.publication.url } : {}),
                  },
                }
              : {}),
          }
        : undefined,
    translationOfWork: translations.original && !isOriginal ? work(translations.original) : undefined,
    workTranslation: isOriginal && otherLanguages.length > 0 ? otherLanguages.map(work) : undefined,
  };
  return { head, jsonLd };
}
