import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { bylineText } from '../../../domain/articles/byline.js';
import { isUpdated, type ArticleView, type LeadImage } from '../../../domain/articles/article.js';
import type { Campaign } from '../../../domain/campaigns/campaign.js';
import { FORMAT_FILES, isImageFormat } from '../../../domain/media/media.js';
import type { Messages } from '../../../i18n/messages.js';
import { ownLanguage } from '../../../i18n/site-language.js';
import type { MediaFiles } from '../../../store/media/media-files.js';
import { MessagesContext } from '../../views/messages-context.js';
import { articlePath } from '../../views/format.js';
import { CallToAction } from '../articles/article-page.view.js';
import { mediaType } from '../media/media.routes.js';
import type { FeedEnclosure, FeedEntry } from './feed-formats.js';

/**
 * The public updates at the top of an item, as the article page shows them above the body:
 * a feed reader shows an item once, so the note must be the first thing a reader sees when
 * the item comes back changed. The dates and "Updated" are in the item's language when
 * Placard has its catalogue; when not, they say which language they are in.
 */
function Updates(props: { article: ArticleView; m: Messages }): VNode | null {
  const { article, m } = props;
  if (article.updates.length === 0) return null;
  const chrome = ownLanguage(m.language, article);
  return (
    <aside class="updates">
      {article.updates.map((u) => (
        <p>
          <strong {...chrome}>{m.rich('public.article.updatedAt', { date: () => <time dateTime={u.at}>{m.date(u.at, 'long')}</time> })}</strong> {u.note}
        </p>
      ))}
    </aside>
  );
}

/**
 * The lead image as an enclosure: its largest rendition in the uploaded format (what the
 * page's `<img src>` names), with the size its rendition was stored with. An image without
 * renditions (an SVG) is measured from its file; one whose file is missing is left out,
 * since RSS requires a length and a reader could not fetch it anyway.
 */
export async function leadEnclosure(image: LeadImage | null, media: MediaFiles, baseUrl: string): Promise<FeedEnclosure | null> {
  if (!image) return null;
  const url = new URL(image.src, baseUrl + '/').href;
  const variant = image.variants.find((v) => v.src === image.src);
  if (variant && isImageFormat(variant.format)) return { url, type: FORMAT_FILES[variant.format].mime, length: variant.bytes };
  const name = image.src.startsWith('/media/') ? image.src.slice('/media/'.length) : null;
  const type = name ? mediaType(name) : undefined;
  const bytes = name && type ? await media.read(name) : undefined;
  return type && bytes ? { url, type, length: bytes.length } : null;
}

/**
 * One article as a feed item. Everything a reader sees of it is in the article's
 * language: "[updated]" before the title (the word the site's pages put there), the update
 * notes, the call to action. The id is the article's address and never changes, so an
 * update replaces the item a reader has instead of adding a second one.
 */
export function feedEntry(
  item: { article: ArticleView; campaign: Campaign | null; enclosure: FeedEnclosure | null },
  context: { m: Messages; baseUrl: string },
): FeedEntry {
  const { article, campaign } = item;
  const { m, baseUrl } = context;
  const url = baseUrl + articlePath(article.slug);
  const title = article.kicker ? `${article.kicker}: ${article.title}` : article.title;
  const within = (node: VNode) => renderToString(h(MessagesContext.Provider, { value: m }, node));
  const chrome = ownLanguage(m.language, article);
  const updates = within(<Updates article={article} m={m} />);
  const cta = campaign ? within(<CallToAction campaign={campaign} baseUrl={baseUrl} lang={chrome.lang} dir={chrome.dir} />) : '';
  return {
    id: url,
    link: url,
    title: isUpdated(article) ? `${m.t('public.article.updatedMark')} ${title}` : title,
    summary: article.standfirst,
    contentHtml: updates + article.bodyHtml + cta,
    author: bylineText(article.byline),
    language: article.language,
    published: new Date(article.publishedAt),
    updated: article.lastUpdateAt ? new Date(article.lastUpdateAt) : null,
    enclosure: item.enclosure,
  };
}
