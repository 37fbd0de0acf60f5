import { child, childrenNamed, childText, innerXml, type XmlNode } from './xml-stream.js';

/** Which kind of archive a file is, known from its root element. */
export type ArchiveKind = 'wxr' | 'rss' | 'atom';

/** A category or tag as the old site named it. */
export interface SourceTerm {
  readonly kind: 'category' | 'tag';
  readonly slug: string;
  readonly name: string;
}

/**
 * One item of an archive in the importer's terms, whatever its format: a WordPress post,
 * page, attachment or menu entry, or an RSS item or Atom entry (always a "post").
 */
export interface SourceItem {
  /** Stable within its source: `post:ID` for WordPress, the entry's id or link for feeds. */
  readonly key: string;
  readonly postType: string;
  readonly wpId: string | null;
  readonly title: string;
  readonly link: string;
  readonly guid: string;
  readonly html: string;
  readonly excerpt: string;
  /** WordPress's status (publish, draft, pending, private, future, trash); feeds give publish. */
  readonly status: string;
  /** The post's slug, percent-decoded ('' when WordPress had none yet). */
  readonly slug: string;
  /** The old site's local time, "YYYY-MM-DD HH:MM:SS", when the format gives it. */
  readonly localDate: string | null;
  /** The moment, ISO 8601 UTC, when the format gives it. */
  readonly utcDate: string | null;
  readonly author: string;
  readonly terms: readonly SourceTerm[];
  readonly meta: Readonly<Record<string, string>>;
  /** An attachment's file address. */
  readonly attachmentUrl: string;
  /** A feed item's enclosed images. */
  readonly enclosures: readonly string[];
  readonly comments: number;
}

/** What an archive says about its site: names, addresses, language, authors. */
export interface SourceChannel {
  title: string;
  link: string;
  language: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
  generator: string;
  /** Set for a WordPress export (WXR 1.0, 1.1, 1.2). */
  wxrVersion: string;
  /** login → display name. */
  readonly authors: Map<string, string>;
}

/** An empty channel, filled as the archive's header elements are read. */
export function emptyChannel(): SourceChannel {
  return { title: '', link: '', language: '', baseSiteUrl: '', baseBlogUrl: '', generator: '', wxrVersion: '', authors: new Map() };
}

/** The kind of archive its root element names, or null for anything else. */
export function archiveKind(root: string, hasWpNamespace: boolean): ArchiveKind | null {
  if (root === 'rss') return hasWpNamespace ? 'wxr' : 'rss';
  if (root === 'feed') return 'atom';
  return null;
}

/** True for the path of an element the reader keeps as a record: a child of `<channel>` or of Atom's `<feed>`. */
export function isRecordPath(path: readonly string[]): boolean {
  return (path.length === 3 && path[0] === 'rss' && path[1] === 'channel') || (path.length === 2 && path[0] === 'feed');
}

/** Decodes a percent-encoded slug ("%d0%bd%d0%be" → "но"); one that is not valid UTF-8 stays as it was. */
export function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug).normalize('NFC');
  } catch {
    return slug;
  }
}

/** "2019-05-14 10:00:00" read as UTC; null for WordPress's "0000-00-00 00:00:00" and anything unreadable. */
export function wpUtc(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m || m[1] === '0000') return null;
  const at = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

function feedDate(value: string): string | null {
  if (!value) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) || new Date(at).getUTCFullYear() < 1971 ? null : new Date(at).toISOString();
}

/** Applies a header element of the archive (`<title>`, `<wp:author>`, …) to the channel. */
export function readChannelElement(channel: SourceChannel, node: XmlNode): void {
  switch (node.name) {
    case 'title':
      channel.title = node.text.trim();
      break;
    case 'link':
      if (node.attrs.href === undefined) channel.link = node.text.trim();
      else if (!node.attrs.rel || node.attrs.rel === 'alternate') channel.link = node.attrs.href;
      break;
    case 'wp:wxr_version':
      channel.wxrVersion = node.text.trim();
      break;
    case 'language':
      channel.language = node.text.trim();
      break;
    case 'generator':
      channel.generator = node.text.trim();
      break;
    case 'wp:base_site_url':
      channel.baseSiteUrl = node.text.trim();
      break;
    case 'wp:base_blog_url':
      channel.baseBlogUrl = node.text.trim();
      break;
    case 'wp:author': {
      const login = childText(node, 'wp:author_login');
      if (login) channel.authors.set(login, childText(node, 'wp:author_display_name') || login);
      break;
    }
  }
}

/** A WordPress `<item>` in the importer's terms. */
export function readWxrItem(node: XmlNode): SourceItem {
  const meta: Record<string, string> = {};
  for (const m of childrenNamed(node, 'wp:postmeta')) meta[childText(m, 'wp:meta_key')] = child(m, 'wp:meta_value')?.text ?? '';
  const wpId = childText(node, 'wp:post_id');
  const terms: SourceTerm[] = [];
  for (const c of childrenNamed(node, 'category')) {
    const kind = c.attrs.domain === 'post_tag' ? 'tag' : c.attrs.domain === 'category' || !c.attrs.domain ? 'category' : null;
    if (kind) terms.push({ kind, slug: decodeSlug(c.attrs.nicename ?? ''), name: c.text.trim() });
  }
  return {
    key: `post:${wpId}`,
    postType: childText(node, 'wp:post_type') || 'post',
    wpId,
    title: childText(node, 'title'),
    link: childText(node, 'link'),
    guid: childText(node, 'guid'),
    html: child(node, 'content:encoded')?.text ?? '',
    excerpt: child(node, 'excerpt:encoded')?.text.trim() ?? '',
    status: childText(node, 'wp:status') || 'publish',
    slug: decodeSlug(childText(node, 'wp:post_name')),
    localDate: childText(node, 'wp:post_date') || null,
    utcDate: wpUtc(childText(node, 'wp:post_date_gmt')),
    author: childText(node, 'dc:creator'),
    terms,
    meta,
    attachmentUrl: childText(node, 'wp:attachment_url'),
    enclosures: [],
    comments: childrenNamed(node, 'wp:comment').length,
  };
}

/** An RSS 2.0 `<item>` in the importer's terms. */
export function readRssItem(node: XmlNode): SourceItem {
  const link = childText(node, 'link');
  const guid = childText(node, 'guid');
  const encoded = child(node, 'content:encoded')?.text;
  return {
    key: `item:${guid || link || childText(node, 'title')}`,
    postType: 'post',
    wpId: null,
    title: childText(node, 'title'),
    link,
    guid,
    html: encoded ?? child(node, 'description')?.text ?? '',
    excerpt: encoded ? (child(node, 'description')?.text.trim() ?? '') : '',
    status: 'publish',
    slug: '',
    localDate: null,
    utcDate: feedDate(childText(node, 'pubDate') || childText(node, 'dc:date')),
    author: childText(node, 'dc:creator') || childText(node, 'author').replace(/^\S+@\S+\s*\((.*)\)$/, '$1'),
    terms: childrenNamed(node, 'category').map((c) => ({ kind: 'category' as const, slug: '', name: c.text.trim() })),
    meta: {},
    attachmentUrl: '',
    enclosures: childrenNamed(node, 'enclosure')
      .filter((e) => (e.attrs.type ?? 'image/').startsWith('image/') && e.attrs.url)
      .map((e) => e.attrs.url!),
    comments: 0,
  };
}

function atomText(node: XmlNode | undefined): string {
  if (!node) return '';
  return node.attrs.type === 'xhtml' ? innerXml(node.children[0] ?? node) : node.attrs.type === 'html' ? node.text : escapeText(node.text);
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An Atom `<entry>` in the importer's terms. */
export function readAtomEntry(node: XmlNode): SourceItem {
  const links = childrenNamed(node, 'link');
  const link = (links.find((l) => !l.attrs.rel || l.attrs.rel === 'alternate') ?? links[0])?.attrs.href ?? '';
  const id = childText(node, 'id');
  const content = child(node, 'content');
  const summary = child(node, 'summary');
  return {
    key: `item:${id || link || childText(node, 'title')}`,
    postType: 'post',
    wpId: null,
    title:
      child(node, 'title')?.attrs.type === 'html'
        ? (child(node, 'title')
            ?.text.replace(/<[^>]*>/g, '')
            .trim() ?? '')
        : childText(node, 'title'),
    link,
    guid: id,
    html: atomText(content ?? summary),
    excerpt: content && summary ? summary.text.replace(/<[^>]*>/g, '').trim() : '',
    status: 'publish',
    slug: '',
    localDate: null,
    utcDate: feedDate(childText(node, 'published') || childText(node, 'updated')),
    author: (child(node, 'author') && childText(child(node, 'author')!, 'name')) || '',
    terms: childrenNamed(node, 'category').map((c) => ({ kind: 'category' as const, slug: '', name: (c.attrs.label ?? c.attrs.term ?? '').trim() })),
    meta: {},
    attachmentUrl: '',
    enclosures: links.filter((l) => l.attrs.rel === 'enclosure' && (l.attrs.type ?? 'image/').startsWith('image/') && l.attrs.href).map((l) => l.attrs.href!),
    comments: 0,
  };
}
