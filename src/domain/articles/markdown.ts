import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// html: false makes markdown-it escape raw HTML instead of passing it on; linkify turns
// bare addresses into links. The sanitizer below is the second wall: it runs on the
// output whatever the renderer did (renderers have passed raw HTML and `javascript:` links before: marked does).
const renderer = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

const allowedTags = [
  'h2',
  'h3',
  'h4',
  'p',
  'br',
  'hr',
  'blockquote',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'code',
  'pre',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  's',
  'sup',
  'sub',
];

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  // mailto: and tel: are what a call to action is made of; javascript:, data: and
  // vbscript: are refused outright.
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    // An article's headline is its only h1, so "# x" in a body becomes h2 (headings stay in order).
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const external = /^https?:/i.test(href);
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer nofollow' } : attribs };
    },
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy', alt: attribs.alt ?? '' } }),
  },
};

/**
 * The longest body Placard renders, in characters. 200,000 is ten times the longest demo
 * article and several times a long report; markdown-it takes about 0.4 s on the worst
 * input of this length found (`![[` repeated), where 1.9 MB of `[` took 4.2 s.
 */
export const MARKDOWN_MAX_CHARS = 200_000;

/**
 * Renders an article body from Markdown to HTML that is safe to put in a page as it is:
 * raw HTML in the source is shown as text, scripts, event handlers, `javascript:` links
 * and inline styles never survive.
 */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(renderer.render(source), sanitizeOptions);
}

/** Renders a single line (a standfirst or caption) with emphasis and links but no blocks. */
export function renderInlineMarkdown(source: string): string {
  return sanitizeHtml(renderer.renderInline(source), { ...sanitizeOptions, allowedTags: ['strong', 'em', 'a', 'code'] });
}
