import { xml2js, type Element } from 'xml-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { createThroughForm } from '../support/articles.js';
import { createStaff, signInAs } from '../support/staff.js';

/** Titles, kickers and standfirsts that try to leave their element or their CDATA section. */
const HOSTILE = [
  { title: 'Breaking ]]> out ]]> twice', kickerOverride: 'CDATA ]]>', standfirst: 'Ends ]]><item><title>forged</title></item>' },
  { title: '</title><item><title>forged', kickerOverride: '<item>', standfirst: '</description></item><item><title>forged</title>' },
  { title: 'Tom &amp; Jerry & <b>bold</b>', kickerOverride: 'Q&A', standfirst: '<script>alert(1)</script> &lt; literally' },
];

/** Parses strictly (unknown entities, mismatched tags and stray text are errors) and returns the one root element. */
function parseXml(body: string): Element {
  const doc = xml2js(body, { compact: false }) as Element;
  const roots = (doc.elements ?? []).filter((e) => e.type === 'element');
  expect(roots).toHaveLength(1);
  return roots[0]!;
}

function children(parent: Element, name: string): Element[] {
  return (parent.elements ?? []).filter((e) => e.type === 'element' && e.name === name);
}

/** The text an XML reader gets from an element: text and CDATA joined, entities decoded. */
function text(parent: Element, name: string): string {
  const [el] = children(parent, name);
  return (el?.elements ?? []).map((n) => String(n.text ?? n.cdata ?? '')).join('');
}

describe.each(DATABASES)('http (%s): feeds with hostile titles', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    const editor = await signInAs(t, await createStaff(t, 'editor'));
    for (const fields of HOSTILE) {
      const id = await createThroughForm(editor, { ...fields, topics: 'Hostile feeds' });
      expect((await editor.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(303);
    }
  });
  afterAll(async () => t?.close());

  const expected = HOSTILE.map((a) => `${a.kickerOverride}: ${a.title}`).sort();

  it('keeps RSS to one item per article, with titles and standfirsts read back as typed', async () => {
    const res = await t.app.inject('/topics/hostile-feeds/feed.xml');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<![CDATA[');
    const [channel] = children(parseXml(res.body), 'channel');
    const items = children(channel!, 'item');
    expect(items).toHaveLength(HOSTILE.length);
    expect(items.map((i) => text(i, 'title')).sort()).toEqual(expected);
    // An RSS description is HTML: the standfirst is escaped so that a reader shows it as text.
    const first = items.find((i) => text(i, 'title').startsWith('<item>'))!;
    expect(text(first, 'description')).toBe('&lt;/description&gt;&lt;/item&gt;&lt;item&gt;&lt;title&gt;forged&lt;/title&gt;');
  });

  it('keeps Atom to one entry per article, titles and summaries as text', async () => {
    const res = await t.app.inject('/topics/hostile-feeds/feed.atom');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<![CDATA[');
    const entries = children(parseXml(res.body), 'entry');
    expect(entries).toHaveLength(HOSTILE.length);
    expect(entries.map((e) => text(e, 'title')).sort()).toEqual(expected);
    expect(entries.map((e) => text(e, 'summary')).sort()).toEqual(HOSTILE.map((a) => a.standfirst).sort());
    for (const e of entries) {
      expect(children(e, 'title')[0]!.attributes).toEqual({ type: 'text' });
      expect(children(e, 'summary')[0]!.attributes).toEqual({ type: 'text' });
    }
  });

  it('gives JSON Feed the same items, as plain text', async () => {
    const res = await t.app.inject('/topics/hostile-feeds/feed.json');
    const feed = res.json() as { items: { title: string; summary: string }[] };
    expect(feed.items.map((i) => i.title).sort()).toEqual(expected);
    expect(feed.items.map((i) => i.summary).sort()).toEqual(HOSTILE.map((a) => a.standfirst).sort());
  });
});
