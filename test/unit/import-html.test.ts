import { describe, expect, it } from 'vitest';
import { autop, embedLink, htmlToMarkdown, mediaAddresses, type ConversionNotes } from '../../src/domain/import/html-to-markdown.js';
import { renderMarkdown } from '../../src/domain/articles/markdown.js';

const notes = (): ConversionNotes => ({ droppedShortcodes: [], embeds: 0 });
const keep = (a: string) => a;

describe('converting WordPress bodies to Markdown', () => {
  it('keeps the paragraphs of a classic post that WordPress stored without tags', () => {
    expect(autop('First line\nsame paragraph\n\nSecond')).toBe('<p>First line<br>\nsame paragraph</p>\n<p>Second</p>');
    const md = htmlToMarkdown('Hello <strong>world</strong>\n\nSecond <em>one</em>', keep, notes());
    expect(md).toBe('Hello **world**\n\nSecond *one*');
  });

  it('keeps a captioned image as the image with its caption under it, at its new address', () => {
    const n = notes();
    const html =
      '[caption id="attachment_5" align="alignnone" width="300"]<a href="http://old.example/wp-content/uploads/2019/05/x.jpg"><img src="http://old.example/wp-content/uploads/2019/05/x-300x200.jpg" alt="A march" /></a> Marchers in Almaty[/caption]';
    const md = htmlToMarkdown(html, (a) => (a.includes('x-300') ? '/media/small.jpg' : a.includes('uploads') ? '/media/full.jpg' : a), n);
    expect(md).toBe('![A march](/media/small.jpg)\n\n*Marchers in Almaty*');
    expect(renderMarkdown(md)).toContain('<img src="/media/small.jpg" alt="A march"');
  });

  it('keeps figures of the block editor with their figcaption', () => {
    const md = htmlToMarkdown(
      '<!-- wp:image --><figure class="wp-block-image"><img src="/a.jpg" alt="Strike"/><figcaption>Dock workers</figcaption></figure><!-- /wp:image -->',
      keep,
      notes(),
    );
    expect(md).toBe('![Strike](/a.jpg)\n\n*Dock workers*');
  });

  it('drops an image whose file was not found, keeping the text around it', () => {
    expect(htmlToMarkdown('<p>Before <img src="/gone.jpg" alt="x"> after</p>', () => null, notes())).toBe('Before  after');
  });

  it('keeps tables, quotes and lists', () => {
    const md = htmlToMarkdown(
      '<blockquote><p>Workers of the world</p></blockquote><table><thead><tr><th>City</th><th>Strikers</th></tr></thead><tbody><tr><td>Almaty</td><td>300</td></tr></tbody></table><ul><li>one</li><li>two</li></ul>',
      keep,
      notes(),
    );
    expect(md).toContain('> Workers of the world');
    expect(md).toContain('| City | Strikers |');
    expect(md).toContain('| Almaty | 300 |');
    expect(md).toContain('-   one');
    expect(renderMarkdown(md)).toContain('<table>');
  });

  it('keeps embedded players and oEmbed addresses as links, and counts them', () => {
    const n = notes();
    const md = htmlToMarkdown(
      'Watch:\n\nhttps://www.youtube.com/watch?v=abc123\n\n<iframe src="https://www.youtube.com/embed/XyZ_9" width="560"></iframe>\n\n[embed]https://vimeo.com/42[/embed]',
      keep,
      n,
    );
    expect(md).toContain('[https://www.youtube.com/watch?v=abc123](https://www.youtube.com/watch?v=abc123)');
    expect(md).toContain('<https://www.youtube.com/watch?v=XyZ_9>');
    expect(md).toContain('[https://vimeo.com/42](https://vimeo.com/42)');
    expect(n.embeds).toBe(3);
    expect(embedLink('//player.vimeo.com/video/77')).toBe('https://vimeo.com/77');
  });

  it('drops the shortcodes of plugins and names them, leaving bracketed prose alone', () => {
    const n = notes();
    const md = htmlToMarkdown('<p>[gallery ids="1,2"] They said [sic] it twice [1].</p><p>[contact-form-7 id="3"]</p>', keep, n);
    expect(md).toBe('They said \\[sic\\] it twice \\[1\\].');
    expect(n.droppedShortcodes).toEqual(['gallery', 'contact-form-7']);
  });

  it('removes scripts and finds the addresses of images and links', () => {
    expect(htmlToMarkdown('<p>Hi</p><script>alert(1)</script>', keep, notes())).toBe('Hi');
    expect(mediaAddresses('<a href="/x.jpg"><img src="/y.jpg?a=1&amp;b=2"></a>')).toEqual(['/x.jpg', '/y.jpg?a=1&b=2']);
  });
});
