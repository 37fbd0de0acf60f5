import { xmlEscape } from '../feeds/feed-formats.js';

/*
 * The sitemap protocol's XML (https://www.sitemaps.org/protocol.html) with Google's news
 * extension and XHTML hreflang links. test/http/sitemaps.test.ts validates every file
 * Placard writes against the published schemas with xmllint.
 */

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** One `<url>`: an absolute address, its last public change, its other languages, and its news facts in the news sitemap. */
export interface UrlEntry {
  readonly loc: string;
  readonly lastmod?: string | null;
  readonly alternates?: readonly { readonly hreflang: string; readonly href: string }[];
  readonly news?: { readonly publication: string; readonly language: string; readonly publishedAt: string; readonly title: string };
}

/** An ISO time as W3C Datetime to the second: "2012-08-06T12:00:00Z". */
function w3cTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

function urlXml(entry: UrlEntry): string {
  const parts = [`<loc>${xmlEscape(entry.loc)}</loc>`];
  if (entry.lastmod) parts.push(`<lastmod>${w3cTime(entry.lastmod)}</lastmod>`);
  for (const a of entry.alternates ?? []) parts.push(`<xhtml:link rel="alternate" hreflang="${xmlEscape(a.hreflang)}" href="${xmlEscape(a.href)}"/>`);
  if (entry.news) {
    const n = entry.news;
    parts.push(
      `<news:news><news:publication><news:name>${xmlEscape(n.publication)}</news:name><news:language>${xmlEscape(n.language)}</news:language></news:publication>` +
        `<news:publication_date>${w3cTime(n.publishedAt)}</news:publication_date><news:title>${xmlEscape(n.title)}</news:title></news:news>`,
    );
  }
  return `<url>${parts.join('')}</url>`;
}

/** A `<urlset>`, declaring the news and XHTML namespaces only when an entry uses them. */
export function urlsetXml(entries: readonly UrlEntry[]): string {
  const news = entries.some((e) => e.news) ? ` xmlns:news="${NEWS_NS}"` : '';
  const xhtml = entries.some((e) => e.alternates?.length) ? ` xmlns:xhtml="${XHTML_NS}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}"${news}${xhtml}>\n${entries.map(urlXml).join('\n')}\n</urlset>\n`;
}

/** A `<sitemapindex>` of sitemaps, each with its newest change when known. */
export function sitemapIndexXml(entries: readonly { readonly loc: string; readonly lastmod?: string | null }[]): string {
  const items = entries.map((e) => `<sitemap><loc>${xmlEscape(e.loc)}</loc>${e.lastmod ? `<lastmod>${w3cTime(e.lastmod)}</lastmod>` : ''}</sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n${items.join('\n')}\n</sitemapindex>\n`;
}
