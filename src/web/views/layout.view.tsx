import type { ComponentChildren, VNode } from 'preact';
import type { SiteIdentity } from '../../domain/site/site-identity.js';
import { useMessages } from './messages-context.js';
import { jsonForScript } from './render.js';

/** What every page passes to the layout. */
export interface LayoutProps {
  readonly title: string;
  readonly description?: string;
  /** Absolute canonical URL. */
  readonly canonical?: string;
  readonly stylesheet: string;
  /** The site's name, tagline, logo and footer (services/site). */
  readonly site: SiteIdentity;
  /** Extra head elements (Open Graph, feeds, rel=next). */
  readonly head?: ComponentChildren;
  readonly jsonLd?: unknown;
  /** Path of the page's feeds without the extension ("/countries/kazakhstan/feed"). */
  readonly feed?: string;
  /**
   * The page in every language it exists in, with `x-default` (docs/decisions/0022).
   * Absent: the page itself, in the messages' language and as x-default.
   */
  readonly alternates?: readonly { readonly hreflang: string; readonly href: string }[];
  readonly children: ComponentChildren;
}

/**
 * The frame of every public page: a skip link first (keyboard users reach the content
 * in one key press), then banner, navigation, main and footer landmarks. No script, no
 * font, nothing from another origin.
 */
export function Layout(props: LayoutProps): VNode {
  const m = useMessages();
  const { site } = props;
  const pageTitle = props.title === site.name ? props.title : `${props.title} · ${site.name}`;
  const self = props.canonical;
  const alternates =
    props.alternates ??
    (self
      ? [
          { hreflang: m.language, href: self },
          { hreflang: 'x-default', href: self },
        ]
      : []);
  return (
    <html lang={m.language} dir={m.dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{pageTitle}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
        {alternates.map((a) => (
          <link rel="alternate" hreflang={a.hreflang} href={a.href} />
        ))}
        <link rel="stylesheet" href={props.stylesheet} />
        {props.feed ? (
          <>
            <link rel="alternate" type="application/rss+xml" title={`${props.title} (RSS)`} href={`${props.feed}.xml`} />
            <link rel="alternate" type="application/atom+xml" title={`${props.title} (Atom)`} href={`${props.feed}.atom`} />
            <link rel="alternate" type="application/feed+json" title={`${props.title} (JSON Feed)`} href={`${props.feed}.json`} />
          </>
        ) : null}
        {props.head}
        {props.jsonLd ? <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(props.jsonLd) }} /> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {m.t('public.layout.skip')}
        </a>
        <header class="site-header">
          <a class="site-name" href="/">
            {site.logo ? <img class="site-logo" src={site.logo.src} alt="" height={40} /> : null}
            {site.name}
          </a>
          {site.tagline ? <p class="site-tagline">{site.tagline}</p> : null}
          <nav aria-label={m.t('public.nav.label')}>
            <ul>
              <li>
                <a href="/types/news">{m.t('public.nav.news')}</a>
              </li>
              <li>
                <a href="/types/analysis">{m.t('public.nav.analysis')}</a>
              </li>
              <li>
                <a href="/countries">{m.t('public.nav.countries')}</a>
              </li>
              <li>
                <a href="/sections">{m.t('public.nav.sections')}</a>
              </li>
              <li>
                <a href="/archive">{m.t('public.nav.archive')}</a>
              </li>
            </ul>
          </nav>
          <form role="search" method="get" action="/search" class="site-search" aria-label={m.t('public.search.site-label')}>
            <label for="site-search-q">{m.t('public.search.query')}</label>
            <input id="site-search-q" name="q" type="search" maxLength={200} />
            <button type="submit">{m.t('public.search.submit')}</button>
          </form>
        </header>
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>{site.footer ?? m.t('public.layout.footer', { site: site.name })}</p>
          {site.contactEmail ? (
            <p>
              <a href={`mailto:${site.contactEmail}`}>{site.contactEmail}</a>
            </p>
          ) : null}
        </footer>
      </body>
    </html>
  );
}
