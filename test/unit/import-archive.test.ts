import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAtomEntry, readRssItem, readWxrItem, decodeSlug, type SourceItem } from '../../src/domain/import/archive.js';
import {
  countryNameIndex,
  mapStatus,
  mapTerms,
  offsetOf,
  oldAddressesOf,
  oldAddressKey,
  publicationMoment,
  readImportMap,
} from '../../src/domain/import/mapping.js';
import { ArchiveUnreadable, type XmlNode } from '../../src/domain/import/xml-stream.js';
import { fileSource, streamArchive, type ArchiveSource } from '../../src/services/import/read-archive.js';
import { uploadsFile } from '../../src/services/import/import-archive.js';

const fixture = (name: string) => new URL(`../fixtures/wxr/${name}`, import.meta.url).pathname;

async function records(source: ArchiveSource): Promise<XmlNode[]> {
  const out: XmlNode[] = [];
  await streamArchive(source, (node) => void out.push(node));
  return out;
}

/** Bytes in memory, handed over in small pieces so that characters are split across them. */
function bytesSource(name: string, bytes: Uint8Array, piece = 7): ArchiveSource {
  return {
    name,
    async *open() {
      for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
    },
  };
}

const posts = async (source: ArchiveSource) => (await records(source)).filter((n) => n.name === 'item').map(readWxrItem);

async function failure(source: ArchiveSource): Promise<string> {
  const error = await records(source).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ArchiveUnreadable);
  return (error as Error).message;
}

describe('reading WordPress exports', () => {
  it('reads a WordPress 6 export (WXR 1.2): posts, attachments, pages and menus, with decoded slugs', async () => {
    const items = await posts(fileSource(fixture('wordpress-6.xml'), 'wordpress-6.xml'));
    expect(items.map((i) => `${i.wpId}:${i.postType}`)).toEqual([
      '101:post',
      '201:attachment',
      '202:attachment',
      '102:post',
      '103:post',
      '104:post',
      '105:post',
      '106:post',
      '107:post',
      '108:post',
      '110:page',
      '111:nav_menu_item',
      '112:product',
    ]);
    const strike = items[0]!;
    expect(strike).toMatchObject({ title: 'Dock workers strike in Aktau', status: 'publish', author: 'anna', utcDate: '2019-05-14T10:30:00.000Z' });
    expect(strike.meta._thumbnail_id).toBe('201');
    expect(strike.terms).toEqual([
      { kind: 'category', slug: 'kazakhstan', name: 'Kazakhstan' },
      { kind: 'tag', slug: 'labour', name: 'Labour' },
    ]);
    expect(strike.comments).toBe(2);
    const russian = items[3]!;
    expect(russian.slug).toBe('забастовка-в-жанаозене');
    expect(russian.terms[0]).toEqual({ kind: 'category', slug: 'казахстан', name: 'Казахстан' });
    expect(items[5]!.title).toBe('香港工人团结 ✊🏽');
    expect(items[6]!).toMatchObject({ slug: '', utcDate: null, localDate: '2019-09-01 10:00:00', status: 'draft' });
  });

  it('reads a WordPress 4 export in windows-1251 and a WordPress 5 export with a byte-order mark', async () => {
    const [rally] = await posts(fileSource(fixture('wordpress-4-windows-1251.xml')));
    expect(rally!.title).toBe('Митинг в Москве — «Нет пенсионной реформе»');
    expect(rally!.slug).toBe('митинг-в-москве');
    expect(rally!.html).toContain('Тысячи человек');
    const [strike] = await posts(fileSource(fixture('wordpress-5-bom.xml')));
    expect(strike!.title).toBe('Huelga general en Chile');
  });

  it('reads UTF-16 with a byte-order mark and ISO-8859-1, split across pieces anywhere', async () => {
    const text = readFileSync(fixture('wordpress-5-bom.xml'), 'utf8')
      .replace(/^\uFEFF/, '')
      .replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await posts(bytesSource('le.xml', le)))[0]!.title).toBe('Huelga general en Chile');
    const be = Buffer.from(le);
    be.swap16();
    expect((await posts(bytesSource('be.xml', be, 5)))[0]!.terms.map((t) => t.name)).toEqual(['Chile', 'Internacional']);
    const rss = (await records(fileSource(fixture('feed-rss.xml')))).filter((n) => n.name === 'item').map(readRssItem);
    expect(rss[0]!.title).toBe('Streik bei der Bahn: Lokführer legen Arbeit nieder');
    expect(rss[0]!.author).toBe('Jürgen Müller');
  });

  it('reads RSS 2.0 items and Atom entries, XHTML bodies included', async () => {
    const rss = (await records(fileSource(fixture('feed-rss.xml')))).filter((n) => n.name === 'item').map(readRssItem);
    expect(rss[0]).toMatchObject({ utcDate: '2020-03-10T07:15:00.000Z', enclosures: ['https://arbeiterpresse.example/bilder/2020/03/bahn.jpg'] });
    expect(rss[1]!.html).toBe('<p>Nur eine <b>kurze</b> Meldung.</p>');
    const atom = (await records(fileSource(fixture('feed-atom.xml')))).filter((n) => n.name === 'entry').map(readAtomEntry);
    expect(atom[0]).toMatchObject({
      title: 'Nurses win safe staffing',
      link: 'https://labour.example/posts/nurses-win/',
      utcDate: '2020-04-01T13:00:00.000Z',
      author: 'Maria Lopez',
      excerpt: 'Ratios written into the contract.',
    });
    expect(atom[0]!.html).toBe('<p>After a three-day strike, nurses won <strong>enforceable ratios</strong>.</p>');
  });
});

describe('refusing files that cannot be imported', () => {
  it('refuses entity declarations (billion laughs) and external entities (XXE) at the DOCTYPE, with the place', async () => {
    expect(await failure(fileSource(fixture('billion-laughs.xml'), 'billion-laughs.xml'))).toMatch(/^billion-laughs\.xml:\d+:\d+: .*DOCTYPE/);
    const xxe = await failure(fileSource(fixture('xxe.xml'), 'xxe.xml'));
    expect(xxe).toMatch(/^xxe\.xml:2:\d+: /);
    expect(xxe).not.toContain('root:');
  });

  it('answers malformed and truncated files with FILE:LINE:COLUMN', async () => {
    expect(await failure(fileSource(fixture('malformed.xml'), 'malformed.xml'))).toMatch(/^malformed\.xml:7:\d+: unexpected close tag/);
    expect(await failure(fileSource(fixture('truncated.xml'), 'truncated.xml'))).toMatch(/^truncated\.xml:\d+:\d+: /);
    expect(await failure(bytesSource('page.html', Buffer.from('<html><body>hi</body></html>')))).toContain('not an RSS feed');
    expect(await failure(bytesSource('odd.xml', Buffer.from('<?xml version="1.0" encoding="x-klingon"?><rss/>')))).toBe(
      'odd.xml:1:1: the file declares the encoding "x-klingon", which is not known',
    );
  });
});

const item = (over: Partial<SourceItem>): SourceItem => ({
  key: 'post:1',
  postType: 'post',
  wpId: '1',
  title: 't',
  link: '',
  guid: '',
  html: '',
  excerpt: '',
  status: 'publish',
  slug: '',
  localDate: null,
  utcDate: null,
  author: '',
  terms: [],
  meta: {},
  attachmentUrl: '',
  enclosures: [],
  comments: 0,
  ...over,
});

describe('mapping WordPress to Placard', () => {
  it('maps statuses: publish, draft, pending, private, future; the bin is not imported', () => {
    expect(['publish', 'draft', 'pending', 'private', 'future', 'trash'].map(mapStatus)).toEqual(['published', 'draft', 'draft', 'draft', 'scheduled', null]);
  });

  it('reads a draft’s local time in the offset the other posts show', () => {
    const offset = offsetOf({ localDate: '2019-05-14 16:30:00', utcDate: '2019-05-14T10:30:00.000Z' });
    expect(offset).toBe(360);
    expect(publicationMoment({ localDate: '2019-09-01 10:00:00', utcDate: null }, offset!)).toBe('2019-09-01T04:00:00.000Z');
    expect(publicationMoment({ localDate: '0000-00-00 00:00:00', utcDate: null }, 0)).toBeNull();
  });

  it('turns categories named like countries, in English or a site language, into countries, and others into topics', () => {
    const countries = countryNameIndex(['ru', 'ar']);
    const terms = mapTerms(
      [
        { kind: 'category', slug: 'kazakhstan', name: 'Kazakhstan' },
        { kind: 'category', slug: 'казахстан', name: 'Казахстан' },
        { kind: 'category', slug: '', name: 'مصر' },
        { kind: 'category', slug: 'uncategorized', name: 'Uncategorized' },
        { kind: 'tag', slug: 'labour', name: 'Labour' },
        { kind: 'category', slug: 'sp-ireland', name: 'SP Ireland' },
        { kind: 'tag', slug: 'misc', name: 'Misc' },
      ],
      { categories: { 'SP-Ireland': { section: 'sp-ireland', country: 'ie' } }, tags: { misc: { skip: true }, Labour: { topic: 'Workers’ struggles' } } },
      countries,
    );
    expect(terms).toEqual({ countries: ['KZ', 'EG', 'IE'], topics: ['Workers’ struggles'], sectionSlugs: ['sp-ireland'] });
  });

  it('checks the map file and names the place of a problem', () => {
    expect(readImportMap('{"categories": {"x": {"country": "XX"}}}')).toEqual({ ok: false, problem: 'categories.x.country: not an ISO 3166-1 country code' });
    expect(readImportMap('{"colour": 1}').ok).toBe(false);
    expect(readImportMap('not json').ok).toBe(false);
    expect(readImportMap('{"language": "ru", "authors": {"admin": "Editorial team"}}')).toEqual({
      ok: true,
      map: { language: 'ru', authors: { admin: 'Editorial team' } },
    });
  });

  it('keys old addresses without host, trailing slash or percent-encoding, keeping ?p=', () => {
    expect(oldAddressKey('https://old.example/2019/05/14/strike/')).toBe('/2019/05/14/strike');
    expect(oldAddressKey('/2019/06/02/%D0%B7%D0%B0/')).toBe('/2019/06/02/за');
    expect(oldAddressKey('/?p=101&utm_source=x')).toBe('/?p=101');
    expect(oldAddressKey('/index.php?p=101')).toBe('/?p=101');
    expect(oldAddressKey('/?page_id=7')).toBe('/?page_id=7');
    expect(oldAddressKey('/?s=search')).toBe('/');
    expect(oldAddressKey('/%E0%A4%A')).toBe('/%E0%A4%A');
    expect(decodeSlug('%zz')).toBe('%zz');
  });

  it('lists every old address of a post: link, guid, short link and dated permalinks', () => {
    const addresses = oldAddressesOf(
      item({ link: 'https://old.example/strike/', guid: 'https://old.example/?p=101', wpId: '101', slug: 'страйк', localDate: '2019-05-14 16:30:00' }),
    );
    expect(addresses).toEqual(['/strike', '/?p=101', '/2019/05/14/страйк', '/2019/05/страйк']);
  });

  it('finds an upload’s file inside the uploads folder and nowhere else', () => {
    expect(uploadsFile('https://old.example/wp-content/uploads/2019/05/x%20y.jpg')).toBe('2019/05/x y.jpg');
    expect(uploadsFile('https://old.example/wp-content/uploads/../../etc/passwd')).toBeNull();
    expect(uploadsFile('https://old.example/wp-content/uploads/2019/%2e%2e/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(uploadsFile('https://elsewhere.example/picture.jpg')).toBeNull();
  });
});
