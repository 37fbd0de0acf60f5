import { describe, expect, it } from 'vitest';
import { page } from '../support/html.js';

/*
 * The tests' page reader (test/support/html.ts): if it misread a page, the assertions
 * built on it would pass or fail for the wrong reason.
 */

const HTML = `<!DOCTYPE html>
<html lang="en"><head><title>Act &amp; write</title><style>h1 { color: red }</style></head>
<body>
  <h1 class="title big">Free  <em>Natalya</em>
    Sokolova</h1>
  <ul class="targets">
    <li><a href="/t/1">Head of the Supreme Court</a></li>
    <li class="gone"><a href="/t/2">Prosecutor General</a></li>
    <li><span>No address</span></li>
  </ul>
  <p>First</p><p>Second<br>line</p>
  <strong>1</strong>,234 people
  <form action="/campaigns/x/act" method="post" id="act">
    <label for="name">Your name</label>
    <input id="name" name="name" value="Ada &quot;the Countess&quot; &lt;L&gt;" aria-describedby="name-hint name-error" aria-invalid="true">
    <p id="name-hint">As you sign.</p>
    <p class="field-error" id="name-error">A name is required.</p>
    <label><input type="checkbox" name="updates" value="yes" checked> Tell me</label>
    <input type="checkbox" name="updates" value="news">
    <input type="radio" name="mode" value="named"><input type="radio" name="mode" value="protective" checked>
    <select name="country"><option value="IE">Ireland</option><option value="KZ" selected>Kazakhstan</option></select>
    <select name="empty"><option value="">Choose</option><option value="x">X</option></select>
    <textarea name="letter">
Dear Sir,
&lt;b&gt;free&lt;/b&gt;</textarea>
    <input type="hidden" name="_csrf" value="token">
    <input name="off" value="no" disabled>
    <button type="submit" name="intent" value="send">Send</button>
  </form>
  <form id="other"><input name="name" value="Someone else"></form>
  <form id="frozen"><input type="hidden" name="version" value="3"><fieldset disabled><input name="title" value="Kept"></fieldset></form>
  <fieldset aria-describedby="sections-error"><p class="field-error" id="sections-error">Choose a section.</p>
    <label><input type="checkbox" name="sections" value="ie"> Ireland</label></fieldset>
  <dl class="facts"><dt>Status</dt><dd><span>Closed</span> since 2026-03-02</dd><div><dt>Sent</dt><dd>4</dd></div></dl>
  <script type="application/ld+json">{"@type":"NewsArticle","headline":"A &amp; B"}</script>
  <table><tr><th scope="row">Ireland</th><td>2</td><td>0</td></tr><tr><th scope="row">Kazakhstan</th><td>2</td><td>1</td></tr></table>
  <script>document.write('not text')</script>
  <!-- not text either -->
</body></html>`;

describe('unit: the tests’ page reader', () => {
  const doc = page(HTML);

  it('reads text as a reader sees it: entities decoded, white space collapsed, blocks apart, no script, style or comment', () => {
    expect(doc.text('title')).toBe('Act & write');
    expect(doc.text('h1')).toBe('Free Natalya Sokolova');
    expect(doc.texts('p:not(.field-error):not([id])')).toEqual(['First', 'Second line']);
    expect(doc.text('body')).toContain('First Second line 1,234 people');
    expect(doc.text('body')).not.toMatch(/not text|color: red|NewsArticle/);
    // No-break spaces stay: a phone number must not break across lines.
    expect(page('<a>+7\u00a07172</a>').text('a')).toBe('+7\u00a07172');
  });

  it('finds elements by type, id, class, attribute, :not and :checked, through descendant, child and sibling combinators, and lists', () => {
    expect(doc.count('li')).toBe(3);
    expect(doc.texts('ul.targets > li:not(.gone) a')).toEqual(['Head of the Supreme Court']);
    expect(doc.texts('.targets li.gone a, h1 em')).toEqual(['Natalya', 'Prosecutor General']);
    expect(doc.all('a[href^="/t/"]').map((a) => a.attr('href'))).toEqual(['/t/1', '/t/2']);
    expect(doc.count('a[href$="2"]')).toBe(1);
    expect(doc.count('a[href*="t/"]')).toBe(2);
    expect(doc.text('h1[class~=big]')).toBe('Free Natalya Sokolova');
    expect(doc.text('#name-hint + p')).toBe('A name is required.');
    expect(doc.all('input:checked').map((i) => i.attr('value'))).toEqual(['yes', 'protective']);
    expect(doc.text('option:checked')).toBe('Kazakhstan');
    expect(doc.has('form#act input[name=_csrf]')).toBe(true);
    expect(doc.has('table td > a')).toBe(false);
    // The scope's own descendants only.
    expect(
      doc
        .first('#other')
        .all('input')
        .map((i) => i.attr('value')),
    ).toEqual(['Someone else']);
  });

  it('refuses a selector it does not understand instead of matching nothing', () => {
    expect(() => doc.all('li:first-child')).toThrow(/selector "li:first-child"/);
    expect(() => doc.all('ul ~ p')).toThrow(/selector "ul ~ p"/);
    expect(() => doc.all('')).toThrow(/selector/);
    expect(() => doc.first('.missing')).toThrow('no element matches ".missing"');
  });

  it('reads a field as filled in: its value, label, message beside it and validity', () => {
    const form = doc.first('#act');
    const name = form.field('name');
    expect(name.value).toBe('Ada "the Countess" <L>');
    expect(name.label).toBe('Your name');
    expect(name.error).toBe('A name is required.');
    expect(name.invalid).toBe(true);
    expect(form.errorFor('country')).toBeUndefined();
    expect(form.field('updates')).toMatchObject({ value: 'yes', values: ['yes'], label: 'Tell me' });
    expect(form.field('mode').value).toBe('protective');
    expect(form.field('country').value).toBe('KZ');
    expect(form.field('empty').value).toBe('');
    expect(form.field('letter').value).toBe('Dear Sir,\n<b>free</b>');
    expect(doc.first('#other').field('name').value).toBe('Someone else');
    expect(() => form.field('nope')).toThrow('no field named "nope"');
    // A group of boxes is described by its fieldset.
    expect(doc.errorFor('sections')).toBe('Choose a section.');
  });

  it('reads what a form would send, links, and table rows', () => {
    expect(doc.first('#act').formValues()).toEqual({
      name: ['Ada "the Countess" <L>'],
      updates: ['yes'],
      mode: ['protective'],
      country: ['KZ'],
      empty: [''],
      letter: ['Dear Sir,\n<b>free</b>'],
      _csrf: ['token'],
    });
    expect(doc.links('.targets')).toEqual([
      { text: 'Head of the Supreme Court', href: '/t/1' },
      { text: 'Prosecutor General', href: '/t/2' },
    ]);
    expect(doc.rows()).toEqual([
      ['Ireland', '2', '0'],
      ['Kazakhstan', '2', '1'],
    ]);
    expect(doc.first('form').attr('action')).toBe('/campaigns/x/act');
    // A disabled fieldset sends nothing.
    expect(doc.first('#frozen').formValues()).toEqual({ version: ['3'] });
    expect(doc.definitions('dl.facts')).toEqual({ Status: 'Closed since 2026-03-02', Sent: '4' });
    expect(JSON.parse(doc.first('script[type="application/ld+json"]').rawText)).toEqual({ '@type': 'NewsArticle', headline: 'A &amp; B' });
    expect(doc.first('h1').attr('missing')).toBeUndefined();
  });
});
