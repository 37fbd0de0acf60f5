import sanitizeHtml from 'sanitize-html';
import { htmlToMarkdown } from '../import/html-to-markdown.js';

/** What of the source's markup is read at all: text structure and web links, nothing that loads or runs. */
const SOURCE_MARKUP: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'b',
    'em',
    'i',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'code',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'figure',
    'figcaption',
    's',
    'del',
  ],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

/**
 * A received article's body as the Markdown articles are written in: the source's HTML
 * sanitised first (text structure and web links only: no image, script, style, form,
 * frame, handler or `javascript:` link survives), then converted (headings, emphasis,
 * lists, links, quotes and tables kept). Placard's own Markdown renders it afterwards,
 * passing no raw HTML, so nothing of the source's markup reaches a page as it was sent
 * and no reader's browser loads anything from the source's server.
 */
export function copyBody(html: string): string {
  return htmlToMarkdown(sanitizeHtml(html, SOURCE_MARKUP), () => null, { droppedShortcodes: [], embeds: 0 });
}
