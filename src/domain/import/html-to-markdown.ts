import TurndownService from 'turndown';
import { gfm } from 'turndown-plugin-gfm';

/** What converting a body found that a person should know of. */
export interface ConversionNotes {
  /** Shortcodes of plugins that have no meaning outside WordPress, by name, dropped. */
  readonly droppedShortcodes: string[];
  /** Embedded players (iframes) kept as links to what they played. */
  embeds: number;
}

const BLOCK = /^<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|iframe|!--|dl|section|article|aside|header|footer|address|form|script|style)\b/i;

/**
 * WordPress stores a classic post without paragraph tags and adds them when showing it
 * (wpautop): blank lines part paragraphs, a single line break is a `<br>`. This does the
 * same, much simplified, so the paragraphs survive the conversion.
 */
export function autop(html: string): string {
  if (/<p[\s>]/i.test(html)) return html;
  return html
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '')
    .map((chunk) => (BLOCK.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Rewrites WordPress shortcodes into the HTML they stand for: `[caption]` into a figure
 * with its caption, `[embed]` and an address alone on its line (oEmbed) into a link.
 * Any other shortcode (a gallery, a plugin's form) means nothing here: it is dropped
 * and named in the notes.
 */
export function expandShortcodes(html: string, notes: ConversionNotes): string {
  let out = html.replace(/\[caption([^\]]*)\]([\s\S]*?)\[\/caption\]/gi, (_all, attrs: string, inner: string) => {
    const attrCaption = /caption="([^"]*)"/i.exec(attrs)?.[1];
    const end = Math.max(inner.lastIndexOf('</a>') + 4, inner.search(/<img\b[^>]*>/i) >= 0 ? inner.indexOf('>', inner.search(/<img\b/i)) + 1 : 0);
    const media = inner.slice(0, end);
    const caption = (attrCaption ?? inner.slice(end)).trim();
    return `<figure>${media}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
  });
  out = out.replace(/\[embed[^\]]*\]\s*(https?:\/\/[^\s[]+)\s*\[\/embed\]/gi, (_all, url: string) => {
    notes.embeds++;
    return `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
  });
  out = out.replace(/^[ \t]*(?:<p>)?[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*(?:<\/p>)?[ \t]*$/gm, (_all, url: string) => {
    notes.embeds++;
    return `\n<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>\n`;
  });
  out = out.replace(/\[\/?([a-z][a-z0-9_-]*)(?:\s[^\]]*)?\/?\]/gi, (all, name: string) => {
    // Footnote-like brackets in prose ("[sic]", "[1]") are text, not shortcodes.
    if (/^(sic|ed|and|etc)$/i.test(name) || name.length < 3) return all;
    if (!notes.droppedShortcodes.includes(name)) notes.droppedShortcodes.push(name);
    return '';
  });
  return out;
}

/** The addresses of images and links in a body, so their files can be found before it is converted. */
export function mediaAddresses(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/<(?:img|a)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)) found.add(m[1]!.replace(/&amp;/g, '&'));
  return [...found];
}

/** A YouTube or Vimeo player's address as the page a reader can follow. */
export function embedLink(src: string): string {
  const absolute = src.startsWith('//') ? `https:${src}` : src;
  const youtube = /^https?:\/\/(?:www\.)?youtube(?:-nocookie)?\.com\/embed\/([\w-]+)/.exec(absolute);
  if (youtube) return `https://www.youtube.com/watch?v=${youtube[1]}`;
  const vimeo = /^https?:\/\/player\.vimeo\.com\/video\/(\d+)/.exec(absolute);
  if (vimeo) return `https://vimeo.com/${vimeo[1]}`;
  return absolute;
}

/**
 * Converts a post's HTML to the Markdown article bodies are written in: headings,
 * emphasis, lists, links, quotes and tables keep their form; a figure keeps its image
 * and its caption (in italics under it); an embedded player becomes a link to what it
 * plays; scripts and styles go. `rewrite` gives each image's and link's new address
 * (the media library's), or null to drop an image whose file was not found.
 */
export function htmlToMarkdown(html: string, rewrite: (address: string) => string | null, notes: ConversionNotes): string {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*', hr: '---' });
  service.use(gfm);
  service.remove(['script', 'style', 'noscript', 'form', 'input', 'button']);
  service.addRule('iframe', {
    filter: ['iframe', 'embed', 'object', 'video', 'audio'],
    replacement: (_content, node) => {
      const element = node as unknown as { getAttribute(name: string): string | null };
      const src = element.getAttribute('src') ?? element.getAttribute('data') ?? '';
      if (!/^(https?:)?\/\//.test(src)) return '';
      notes.embeds++;
      const link = embedLink(src);
      return `\n\n<${link}>\n\n`;
    },
  });
  service.addRule('figcaption', {
    filter: 'figcaption',
    replacement: (content) => (content.trim() ? `\n\n*${content.trim().replace(/\n+/g, ' ')}*\n\n` : ''),
  });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const element = node as unknown as { getAttribute(name: string): string | null };
      const src = element.getAttribute('src');
      if (!src) return '';
      const target = rewrite(src);
      if (target === null) return '';
      const alt = (element.getAttribute('alt') ?? '').replace(/[[\]\n]/g, ' ').trim();
      return `![${alt}](${target.replace(/[()\s]/g, encodeURIComponent)})`;
    },
  });
  service.addRule('link', {
    filter: (node) => node.nodeName === 'A' && Boolean((node as unknown as { getAttribute(n: string): string | null }).getAttribute('href')),
    replacement: (content, node) => {
      const href = (node as unknown as { getAttribute(n: string): string }).getAttribute('href');
      const target = rewrite(href) ?? href;
      if (!content.trim()) return '';
      // A link around only an image (WordPress links every image to its file) keeps the image alone.
      if (/^!\[[^\]]*\]\([^)]*\)$/.test(content.trim())) return content;
      return `[${content}](${target.replace(/[()\s]/g, encodeURIComponent)})`;
    },
  });
  return service
    .turndown(autop(expandShortcodes(html, notes)))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
