import { closeSync, openSync, writeSync } from 'node:fs';

const AUTHORS = ['anna', 'erlan', 'lucia', 'kwame', 'mei'];
const COUNTRIES = ['Kazakhstan', 'Nigeria', 'Chile', 'Ireland', 'Egypt', 'Россия'];
const TOPICS = ['Labour', 'Housing', 'Climate', 'Women', 'Students'];
const PARAGRAPH =
  'Workers at the plant stopped the lines on Monday morning, demanding the wages owed since March and an end to the new shift pattern. ' +
  'The union says more than three hundred took part, and that the management has refused every meeting since the dispute began.';

/**
 * Writes a WordPress export (WXR 1.2, as WordPress 6 writes it) of `posts` published posts
 * to `path`, piece by piece, so that a file of any size can be made without holding it:
 * each post has a few paragraphs (`paragraphs`), a country category, a topic tag, an
 * author and a dated permalink. For the import's tests and its benchmark.
 */
export function writeWxr(path: string, posts: number, options: { paragraphs?: number; site?: string } = {}): void {
  const site = options.site ?? 'https://bench.example';
  const fd = openSync(path, 'w');
  const out = (text: string) => writeSync(fd, text);
  out(`<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress/6.4.2" created="2024-01-15 10:02" -->
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench News</title>
	<link>${site}</link>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${site}</wp:base_site_url>
	<wp:base_blog_url>${site}</wp:base_blog_url>
${AUTHORS.map((a, i) => `	<wp:author><wp:author_id>${i + 1}</wp:author_id><wp:author_login><![CDATA[${a}]]></wp:author_login><wp:author_display_name><![CDATA[${a[0]!.toUpperCase()}${a.slice(1)} Writer]]></wp:author_display_name></wp:author>`).join('\n')}
	<generator>https://wordpress.org/?v=6.4.2</generator>
`);
  const body = Array.from({ length: options.paragraphs ?? 4 }, () => `<!-- wp:paragraph -->\n<p>${PARAGRAPH}</p>\n<!-- /wp:paragraph -->`).join('\n\n');
  for (let i = 1; i <= posts; i++) {
    const day = new Date(Date.UTC(2015, 0, 1) + i * 3_600_000 * 7);
    const gmt = day.toISOString().slice(0, 19).replace('T', ' ');
    const local = new Date(day.getTime() + 3 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const [y, m, d] = [gmt.slice(0, 4), gmt.slice(5, 7), gmt.slice(8, 10)];
    const slug = `strike-report-number-${i}`;
    out(`	<item>
		<title><![CDATA[Strike report number ${i}]]></title>
		<link>${site}/${y}/${m}/${d}/${slug}/</link>
		<dc:creator><![CDATA[${AUTHORS[i % AUTHORS.length]}]]></dc:creator>
		<guid isPermaLink="false">${site}/?p=${i}</guid>
		<content:encoded><![CDATA[${body}]]></content:encoded>
		<excerpt:encoded><![CDATA[Report ${i} from the picket lines.]]></excerpt:encoded>
		<wp:post_id>${i}</wp:post_id>
		<wp:post_date><![CDATA[${local}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[${gmt}]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[${slug}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<category domain="category" nicename="c"><![CDATA[${COUNTRIES[i % COUNTRIES.length]}]]></category>
		<category domain="post_tag" nicename="t"><![CDATA[${TOPICS[i % TOPICS.length]}]]></category>
	</item>
`);
  }
  out('</channel>\n</rss>\n');
  closeSync(fd);
}
