import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { ArticleStatus } from '../../domain/articles/article.js';
import type { Messages } from '../../i18n/messages.js';
import type { DB } from '../../store/db/schema.js';
import { readWxrContent, type WxrArticle } from '../../store/export/wxr.store.js';

/*
 * "Leaving Placard for WordPress" (docs/operations.md): a WordPress eXtended RSS 1.2 file,
 * the format of WordPress's own Tools → Export, which its importer reads. Articles become
 * posts (their rendered HTML, the standfirst as excerpt), contributors authors, countries
 * categories, topics tags, media attachments that the importer downloads from this site.
 */

/** The article statuses as WordPress names them. */
const WP_STATUS: Readonly<Record<ArticleStatus, string>> = {
  draft: 'draft',
  in_review: 'pending',
  scheduled: 'future',
  published: 'publish',
  withdrawn: 'private',
};

// Characters XML 1.0 does not allow at all; Placard's input guard keeps them out, this keeps the file well-formed regardless.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text for an element or attribute. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A CDATA section holding any text: `]]>` inside is split across two sections, as WordPress's exporter does. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** "2012-08-27 10:00:00", WordPress's date columns. */
function wpDate(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

/** Root-relative links and images in an article's HTML, made absolute: the importer fetches them from here. */
function absolute(html: string, origin: string): string {
  return html.replace(/(\s(?:href|src)=")\/(?!\/)/g, `$1${origin}/`);
}

/** What goes at the top of the file. */
export interface WxrSite {
  readonly origin: string;
  readonly name: string;
  readonly description: string;
  readonly language: string;
}

const BYLINE_AUTHOR = 'placard';

/**
 * Writes the WordPress export of every article. `messages` names the countries (the
 * categories) in the site's language.
 */
export async function exportWordPress(
  deps: { db: Kysely<DB>; messages: Messages; now: Date },
  site: WxrSite,
  file: string,
): Promise<{ posts: number; attachments: number }> {
  const content = await readWxrContent(deps.db);
  const origin = site.origin.replace(/\/+$/, '');
  const topics = new Map(content.topics.map((t) => [t.id, t]));
  const contributors = new Map(content.contributors.map((c) => [c.id, c]));
  const countries = [...new Set(content.articles.flatMap((a) => a.countries))].sort();
  // Posts and attachments share WordPress's id space: attachments are numbered after the last article.
  const attachmentBase = content.articles.reduce((max, a) => Math.max(max, a.id), 0);
  const parentOf = new Map<number, number>();
  for (const article of content.articles) if (article.imageId !== null && !parentOf.has(article.imageId)) parentOf.set(article.imageId, article.id);

  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, 'utf8');
  // A write error (a full disk) surfaces when the file is closed, not as an uncaught event.
  out.on('error', () => undefined);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };

  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<!-- A WordPress eXtended RSS file made by Placard: import it with Tools → Import → WordPress. -->
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>${xmlText(site.name)}</title>
  <link>${xmlText(origin)}</link>
  <description>${xmlText(site.description)}</description>
  <pubDate>${deps.now.toUTCString()}</pubDate>
  <language>${xmlText(site.language)}</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>${xmlText(origin)}</wp:base_site_url>
  <wp:base_blog_url>${xmlText(origin)}</wp:base_blog_url>
`);
  const authors = [{ id: 0, slug: BYLINE_AUTHOR, name: site.name }, ...content.contributors];
  for (const [index, author] of authors.entries()) {
    await write(`  <wp:author><wp:author_id>${index + 1}</wp:author_id><wp:author_login>${cdata(author.slug)}</wp:author_login><wp:author_email>${cdata('')}</wp:author_email><wp:author_display_name>${cdata(author.name)}</wp:author_display_name><wp:author_first_name>${cdata('')}</wp:author_first_name><wp:author_last_name>${cdata('')}</wp:author_last_name></wp:author>
`);
  }
  for (const [index, code] of countries.entries()) {
    await write(`  <wp:category><wp:term_id>${index + 1}</wp:term_id><wp:category_nicename>${cdata(code.toLowerCase())}</wp:category_nicename><wp:category_parent>${cdata('')}</wp:category_parent><wp:cat_name>${cdata(deps.messages.countryName(code))}</wp:cat_name></wp:category>
`);
  }
  for (const topic of content.topics) {
    await write(`  <wp:tag><wp:term_id>${countries.length + topic.id}</wp:term_id><wp:tag_slug>${cdata(topic.slug)}</wp:tag_slug><wp:tag_name>${cdata(topic.name)}</wp:tag_name></wp:tag>
`);
  }
  await write(`  <generator>Placard</generator>
`);

  const item = async (fields: {
    id: number;
    title: string;
    link: string;
    creator: string;
    content: string;
    excerpt: string;
    date: string;
    name: string;
    status: string;
    parent: number;
    type: 'post' | 'attachment';
    extra: string;
  }) =>
    write(`  <item>
    <title>${xmlText(fields.title)}</title>
    <link>${xmlText(fields.link)}</link>
    <pubDate>${new Date(fields.date).toUTCString()}</pubDate>
    <dc:creator>${cdata(fields.creator)}</dc:creator>
    <guid isPermaLink="false">${xmlText(`${origin}/?p=${fields.id}`)}</guid>
    <description></description>
    <content:encoded>${cdata(fields.content)}</content:encoded>
    <excerpt:encoded>${cdata(fields.excerpt)}</excerpt:encoded>
    <wp:post_id>${fields.id}</wp:post_id>
    <wp:post_date>${cdata(wpDate(fields.date))}</wp:post_date>
    <wp:post_date_gmt>${cdata(wpDate(fields.date))}</wp:post_date_gmt>
    <wp:comment_status>${cdata('closed')}</wp:comment_status>
    <wp:ping_status>${cdata('closed')}</wp:ping_status>
    <wp:post_name>${cdata(fields.name)}</wp:post_name>
    <wp:status>${cdata(fields.status)}</wp:status>
    <wp:post_parent>${fields.parent}</wp:post_parent>
    <wp:menu_order>0</wp:menu_order>
    <wp:post_type>${cdata(fields.type)}</wp:post_type>
    <wp:post_password>${cdata('')}</wp:post_password>
    <wp:is_sticky>0</wp:is_sticky>
${fields.extra}  </item>
`);

  const post = (article: WxrArticle) => {
    const categories = [
      ...article.countries.map(
        (code) => `    <category domain="category" nicename="${xmlText(code.toLowerCase())}">${cdata(deps.messages.countryName(code))}</category>\n`,
      ),
      ...article.topicIds.flatMap((id) => {
        const topic = topics.get(id);
        return topic ? [`    <category domain="post_tag" nicename="${xmlText(topic.slug)}">${cdata(topic.name)}</category>\n`] : [];
      }),
    ];
    const thumbnail =
      article.imageId !== null
        ? `    <wp:postmeta><wp:meta_key>${cdata('_thumbnail_id')}</wp:meta_key><wp:meta_value>${cdata(String(attachmentBase + article.imageId))}</wp:meta_value></wp:postmeta>\n`
        : '';
    const language = `    <wp:postmeta><wp:meta_key>${cdata('placard_language')}</wp:meta_key><wp:meta_value>${cdata(article.language)}</wp:meta_value></wp:postmeta>\n`;
    const author = contributors.get(article.contributorIds[0] ?? -1)?.slug ?? BYLINE_AUTHOR;
    return item({
      id: article.id,
      title: article.title,
      link: `${origin}/articles/${encodeURIComponent(article.slug)}`,
      creator: author,
      content: absolute(article.bodyHtml, origin),
      excerpt: article.standfirst,
      date: article.publishedAt ?? article.createdAt,
      name: article.slug,
      status: WP_STATUS[article.status],
      parent: 0,
      type: 'post',
      extra: categories.join('') + thumbnail + language,
    });
  };

  for (const article of content.articles) await post(article);
  for (const media of content.media) {
    const url = `${origin}${media.path}`;
    const name = media.path.replace(/^.*\//, '').replace(/\.[a-z0-9]+$/, '');
    await item({
      id: attachmentBase + media.id,
      title: media.alt || name,
      link: url,
      creator: BYLINE_AUTHOR,
      content: '',
      excerpt: media.caption ?? '',
      date: media.createdAt,
      name: name.toLowerCase(),
      status: 'inherit',
      parent: parentOf.get(media.id) ?? 0,
      type: 'attachment',
      extra: `    <wp:attachment_url>${cdata(url)}</wp:attachment_url>
    <wp:postmeta><wp:meta_key>${cdata('_wp_attachment_image_alt')}</wp:meta_key><wp:meta_value>${cdata(media.alt)}</wp:meta_value></wp:postmeta>
`,
    });
  }
  await write(`</channel>
</rss>
`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  await rename(partial, file);
  return { posts: content.articles.length, attachments: content.media.length };
}
