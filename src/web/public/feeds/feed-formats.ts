/** One feed, in the shape every format is written from. */
export interface FeedDocument {
  readonly title: string;
  /** The page the feed lists, absolute. */
  readonly link: string;
  /** The newest change to any item: a publication or a public update. */
  readonly updated: Date;
  /** The channel's language: the listing's for a per-language feed, else the site's default. */
  readonly language: string;
  readonly links: { readonly rss: string; readonly atom: string; readonly json: string };
  readonly items: readonly FeedEntry[];
}

/**
 * One article in a feed. Title, summary and author are plain text; only `contentHtml` is
 * HTML. `id` never changes, whatever happens to the article, so an update is the same item.
 */
export interface FeedEntry {
  readonly id: string;
  readonly link: string;
  readonly title: string;
  readonly summary: string | null;
  readonly contentHtml: string;
  readonly author: string;
  /** The article's language (BCP 47). */
  readonly language: string;
  /** The first publication; it stays when the article is updated. */
  readonly published: Date;
  /** The last public update, or null for an article never updated. */
  readonly updated: Date | null;
  readonly enclosure: FeedEnclosure | null;
}

/** The lead image as a feed attaches it: an absolute URL, its MIME type and its size in bytes. */
export interface FeedEnclosure {
  readonly url: string;
  readonly type: string;
  readonly length: number;
}

/*
 * The feeds are written here rather than by a feed library: the `feed` package wraps titles
 * in CDATA and escapes only the first `]]>` in them, so a title could close the section and
 * add items of its own, and it marks titles and standfirsts as HTML although the site shows
 * them as text. Here nothing is CDATA: every value is escaped as XML text or attribute, and
 * plain-text fields are declared as text (Atom `type="text"`) or escaped once more as HTML
 * where the format reads HTML (an RSS description).
 */

/** Characters XML 1.0 does not allow at all (https://www.w3.org/TR/xml/#charsets); dropped rather than escaped. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an XML element or a double-quoted attribute. */
export function xmlEscape(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text as HTML that shows exactly that text. */
function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function element(name: string, text: string, attributes = ''): string {
  return `<${name}${attributes}>${xmlEscape(text)}</${name}>`;
}

/** RSS 2.0 (https://www.rssboard.org/rss-specification): titles as text, the standfirst as escaped HTML. */
export function rss2(feed: FeedDocument): string {
  const items = feed.items.map((item) =>
    [
      '<item>',
      element('title', item.title),
      element('link', item.link),
      element('guid', item.id, ' isPermaLink="false"'),
      element('pubDate', item.published.toUTCString()),
      // RSS 2.0 has no element for a change. atom:updated (the namespace is declared for atom:link)
      // is read as the modification by feedparser and readers that know Atom; dc:date is RSS 1.0's
      // only item date, which readers take for the publication, so it would contradict pubDate.
      item.updated ? element('atom:updated', item.updated.toISOString()) : '',
      // A description is HTML to RSS readers, so the plain-text standfirst is escaped as HTML first.
      item.summary ? element('description', htmlEscape(item.summary)) : '',
      element('content:encoded', item.contentHtml),
      element('dc:creator', item.author),
      item.enclosure ? `<enclosure url="${xmlEscape(item.enclosure.url)}" length="${item.enclosure.length}" type="${xmlEscape(item.enclosure.type)}"/>` : '',
      '</item>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    element('title', feed.title),
    element('link', feed.link),
    element('description', feed.title),
    element('lastBuildDate', feed.updated.toUTCString()),
    element('docs', 'https://www.rssboard.org/rss-specification'),
    element('language', feed.language),
    `<atom:link href="${xmlEscape(feed.links.rss)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** Atom (RFC 4287): titles and summaries `type="text"`, the article `type="html"`. */
export function atom1(feed: FeedDocument): string {
  const entries = feed.items.map((item) =>
    [
      `<entry xml:lang="${xmlEscape(item.language)}">`,
      element('title', item.title, ' type="text"'),
      element('id', item.id),
      `<link href="${xmlEscape(item.link)}"/>`,
      item.enclosure
        ? `<link rel="enclosure" type="${xmlEscape(item.enclosure.type)}" length="${item.enclosure.length}" href="${xmlEscape(item.enclosure.url)}"/>`
        : '',
      // Atom requires `updated`: the publication when nothing changed since.
      element('updated', (item.updated ?? item.published).toISOString()),
      element('published', item.published.toISOString()),
      item.summary ? element('summary', item.summary, ' type="text"') : '',
      element('content', item.contentHtml, ' type="html"'),
      `<author>${element('name', item.author)}</author>`,
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(feed.language)}">`,
    element('id', feed.link),
    element('title', feed.title, ' type="text"'),
    element('updated', feed.updated.toISOString()),
    `<link rel="alternate" href="${xmlEscape(feed.link)}"/>`,
    `<link rel="self" href="${xmlEscape(feed.links.atom)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1): `title` and `summary` are plain text by definition. */
export function jsonFeed(feed: FeedDocument): string {
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: feed.title,
      home_page_url: feed.link,
      feed_url: feed.links.json,
      language: feed.language,
      items: feed.items.map((item) => ({
        id: item.id,
        url: item.link,
        title: item.title,
        ...(item.summary ? { summary: item.summary } : {}),
        content_html: item.contentHtml,
        date_published: item.published.toISOString(),
        date_modified: (item.updated ?? item.published).toISOString(),
        authors: [{ name: item.author }],
        language: item.language,
        // `image` is what JSON Feed readers show; the attachment carries the type and size an RSS enclosure does.
        ...(item.enclosure
          ? { image: item.enclosure.url, attachments: [{ url: item.enclosure.url, mime_type: item.enclosure.type, size_in_bytes: item.enclosure.length }] }
          : {}),
      })),
    },
    null,
    2,
  );
}
