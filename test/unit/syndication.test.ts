import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/domain/articles/markdown.js';
import { copyBody } from '../../src/domain/syndication/copy-body.js';
import { isSourceAddress, parseSourceAddress } from '../../src/domain/syndication/source-address.js';
import { english } from '../../src/i18n/messages.js';

describe('unit: the address of a site or section to follow', () => {
  it('reads a handle with or without its leading @, and a web address', () => {
    expect(parseSourceAddress(' @kazakhstan@news.example.org ')).toEqual({ kind: 'handle', value: '@kazakhstan@news.example.org' });
    expect(parseSourceAddress('sweden@rattvisepartiet.example:8443')).toEqual({ kind: 'handle', value: '@sweden@rattvisepartiet.example:8443' });
    expect(parseSourceAddress('https://news.example.org/sections/kazakhstan')).toEqual({ kind: 'url', value: 'https://news.example.org/sections/kazakhstan' });
  });

  it('refuses anything else with a message an editor can act on, in the catalogue’s words', () => {
    for (const typed of [
      '',
      'kazakhstan',
      '@kazakhstan',
      'ftp://news.example.org/',
      'https://user:pass@news.example.org/',
      '@a b@host',
      'javascript:alert(1)',
    ]) {
      const parsed = parseSourceAddress(typed);
      expect(isSourceAddress(parsed), typed).toBe(false);
      if (isSourceAddress(parsed)) continue;
      expect(parsed.field).toBe('address');
      expect(english().t(parsed.key!)).toBe(parsed.message);
    }
  });
});

describe('unit: a republished body', () => {
  const html = [
    '<h2>On the quay</h2>',
    '<p>Workers walked out at <strong>dawn</strong>, <a href="https://news.example.org/articles/earlier">again</a>.</p>',
    '<p><img src="https://news.example.org/media/x.jpg" alt="the quay"><img src="https://tracker.example.net/pixel.gif"></p>',
    '<script>alert(1)</script><style>body{display:none}</style>',
    '<p><a href="javascript:alert(1)">click</a></p>',
    '<form action="https://evil.example"><input name="x"></form>',
    '<p onclick="alert(1)">Solidarity.</p>',
  ].join('\n');

  it('keeps headings, emphasis and links, and leaves out images, scripts, styles, forms and handlers', () => {
    const out = renderMarkdown(copyBody(html));
    expect(out).toContain('<h2>On the quay</h2>');
    expect(out).toContain('<strong>dawn</strong>');
    expect(out).toContain('href="https://news.example.org/articles/earlier"');
    expect(out).toContain('Solidarity.');
    for (const gone of ['<img', 'pixel.gif', 'x.jpg', '<script', 'alert(1)', '<style', 'display:none', '<form', 'evil.example', 'onclick', 'javascript:']) {
      expect(out).not.toContain(gone);
    }
  });
});
