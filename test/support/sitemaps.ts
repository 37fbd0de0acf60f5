import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';

/*
 * Sitemaps as a search engine reads them: checked by xmllint (Debian's libxml2-utils)
 * against the published schemas in test/fixtures/xsd, and read with a real XML parser.
 */

const XSD = fileURLToPath(new URL('../fixtures/xsd/', import.meta.url));

/** The schema of a sitemap index, and of a urlset with the news and XHTML extensions (test/fixtures/xsd/README.md). */
export const SCHEMAS = { index: `${XSD}siteindex.xsd`, urlset: `${XSD}urlset-with-extensions.xsd` } as const;

/** xmllint's verdict on a document against a schema: valid, or its error lines. */
export function validate(xml: string, schema: keyof typeof SCHEMAS): { valid: boolean; errors: string } {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMAS[schema], '-'], { input: xml, encoding: 'utf8', timeout: 30_000 });
  if (run.error) throw run.error;
  // xmllint says "- validates" on success; anything else it prints is an error.
  const errors = run.stderr
    .split('\n')
    .filter((line) => line !== '' && line !== '- validates')
    .join('\n');
  return { valid: run.status === 0, errors };
}

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** One `<url>` or `<sitemap>` of a sitemap, as read. */
export interface SitemapItem {
  readonly loc: string;
  readonly lastmod: string | null;
  /** hreflang and href of each `xhtml:link rel="alternate"`. */
  readonly alternates: readonly (readonly [string, string])[];
  readonly news: { readonly name: string; readonly language: string; readonly publicationDate: string; readonly title: string } | null;
}

/** The items of a sitemap or sitemap index, in order. */
export function readSitemap(xml: string): SitemapItem[] {
  const doc = new new JSDOM('').window.DOMParser().parseFromString(xml, 'application/xml');
  const root = doc.documentElement;
  if (root.namespaceURI !== SITEMAP_NS) throw new Error(`not a sitemap: ${root.tagName}`);
  const child = (parent: Element, ns: string, name: string) => parent.getElementsByTagNameNS(ns, name)[0]?.textContent ?? null;
  return [...root.children].map((item) => {
    const news = item.getElementsByTagNameNS(NEWS_NS, 'news')[0];
    return {
      loc: child(item, SITEMAP_NS, 'loc') ?? '',
      lastmod: child(item, SITEMAP_NS, 'lastmod'),
      alternates: [...item.getElementsByTagNameNS(XHTML_NS, 'link')].map((l) => [l.getAttribute('hreflang') ?? '', l.getAttribute('href') ?? ''] as const),
      news: news
        ? {
            name: child(news, NEWS_NS, 'name') ?? '',
            language: child(news, NEWS_NS, 'language') ?? '',
            publicationDate: child(news, NEWS_NS, 'publication_date') ?? '',
            title: child(news, NEWS_NS, 'title') ?? '',
          }
        : null,
    };
  });
}
