import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderInlineMarkdown, renderMarkdown } from '../../src/domain/articles/markdown.js';

describe('unit: Markdown bodies', () => {
  it('renders headings, lists, quotes and links', () => {
    const html = renderMarkdown(
      '## Strikers brutally treated\n\n- No cooperation with Nazarbayev’s regime!\n- Boycott\n\n> quote\n\n[CWI](https://example.org/cwi)',
    );
    expect(html).toContain('<h2>Strikers brutally treated</h2>');
    expect(html).toContain('<li>No cooperation with Nazarbayev’s regime!</li>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<a href="https://example.org/cwi" rel="noopener noreferrer nofollow">CWI</a>');
  });

  it('keeps the article title the only h1', () => {
    expect(renderMarkdown('# Big')).toBe('<h2>Big</h2>\n');
  });

  it('keeps mailto: and tel: links, which a call to action needs', () => {
    const html = renderMarkdown('[write](mailto:court@example.org) or [call](tel:+77172747570)');
    expect(html).toContain('href="mailto:court@example.org"');
    expect(html).toContain('href="tel:+77172747570"');
  });

  it.each([
    ['<script>alert(1)</script>', /<script/i],
    ['<img src=x onerror=alert(1)>', /<img/i],
    ['[x](javascript:alert(1))', /href="javascript:/i],
    ['[x](JaVaScRiPt:alert(1))', /href="javascript:/i],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)', /href="data:/i],
    ['![x](javascript:alert(1))', /<img/i],
    ['<a href="javascript:alert(1)">x</a>', /<a /i],
    ['<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ['<style>body{display:none}</style>', /<style/i],
    ['[x](vbscript:msgbox)', /href=/i],
    ['<svg onload=alert(1)>', /<svg/i],
  ])('neutralises hostile input %j', (source, forbidden) => {
    expect(renderMarkdown(source)).not.toMatch(forbidden);
  });

  it('shows raw HTML as text rather than dropping what the author wrote', () => {
    expect(renderMarkdown('a <b>bold</b> claim')).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('never lets an event handler or script through, whatever the input', () => {
    const pieces = fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '[',
      ']',
      '(',
      ')',
      'javascript:',
      'onerror=',
      '<script',
      '<img ',
      'src=',
      ' ',
      'x',
      '!',
      '\n',
      '`',
      '&#',
      ':',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const html = renderMarkdown(parts.join(''));
        // Checked inside tags only: the same characters as escaped text are harmless.
        expect(html).not.toMatch(/<script|<[a-z][^>]*\son[a-z]+=|<[a-z][^>]*\s(?:href|src)="\s*javascript:/i);
      }),
      { numRuns: 2000 },
    );
  });

  it('renders a single line without block elements', () => {
    expect(renderInlineMarkdown('*Free* education is a right')).toBe('<em>Free</em> education is a right');
  });
});
