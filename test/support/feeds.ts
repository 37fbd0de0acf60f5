import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

const run = promisify(execFile);

/**
 * Debian's python3-feedparser, a parser used by many feed readers and written by no one
 * here, reads each file and prints what a reader would get from it. `bozo` is its word
 * for a feed that is not well-formed or breaks its format's rules. `/usr/bin/python3`:
 * the Debian package is installed for the system's Python only.
 */
const FEEDPARSER = `
import json, sys, feedparser
out = []
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    def entry(e):
        return {
            'id': e.get('id'),
            'title': e.get('title'),
            'link': e.get('link'),
            'published': dict.get(e, 'published'),
            # dict.get: feedparser's own get() answers 'updated' with the publication when there is none.
            'updated': dict.get(e, 'updated'),
            'language': (e.get('title_detail') or {}).get('language'),
            'content': [c.get('value') for c in e.get('content', [])],
            'enclosures': [{'href': x.get('href'), 'type': x.get('type'), 'length': x.get('length')} for x in e.get('enclosures', [])],
        }
    out.append({
        'bozo': d.get('bozo'),
        'bozoException': str(d.get('bozo_exception')) if d.get('bozo') else None,
        'version': d.get('version'),
        'feed': {'title': d.feed.get('title'), 'language': d.feed.get('language'), 'updated': d.feed.get('updated')},
        'entries': [entry(e) for e in d.entries],
    })
print(json.dumps(out))
`;

/** One entry as feedparser reads it. */
export interface ParsedEntry {
  readonly id: string;
  readonly title: string;
  readonly link: string;
  readonly published: string | null;
  /** As the feed gives it; null when it gives none (an RSS item never updated). */
  readonly updated: string | null;
  /** The language feedparser gives the entry's text: the entry's xml:lang in Atom, the channel's in RSS. */
  readonly language: string | null;
  readonly content: string[];
  readonly enclosures: { href: string; type: string; length: string }[];
}

/** A feed as feedparser reads it. */
export interface ParsedFeed {
  readonly bozo: number | boolean;
  readonly bozoException: string | null;
  /** "rss20", "atom10". */
  readonly version: string;
  readonly feed: { title: string; language: string | null; updated: string | null };
  readonly entries: ParsedEntry[];
}

/** Parses feed bodies with feedparser, in one run for all of them. */
export async function feedparser(bodies: readonly string[]): Promise<ParsedFeed[]> {
  const dir = mkdtempSync(join(tmpdir(), 'placard-feeds-'));
  try {
    const paths = bodies.map((body, i) => {
      const path = join(dir, `feed-${i}.xml`);
      writeFileSync(path, body);
      return path;
    });
    const { stdout } = await run('/usr/bin/python3', ['-c', FEEDPARSER, ...paths], { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as ParsedFeed[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** libxml2's xmllint: the empty string when the document is well-formed, else what it found. */
export async function xmllint(body: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'placard-xmllint-'));
  try {
    const path = join(dir, 'feed.xml');
    writeFileSync(path, body);
    try {
      await run('/usr/bin/xmllint', ['--noout', path]);
      return '';
    } catch (error) {
      return String((error as { stderr?: string }).stderr ?? error);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function optional(object: Record<string, unknown>, key: string, check: (v: unknown) => boolean, where: string): void {
  if (key in object) expect(check(object[key]), `${where}.${key} = ${JSON.stringify(object[key])}`).toBe(true);
}

const isString = (v: unknown) => typeof v === 'string';
const isDate = (v: unknown) => typeof v === 'string' && RFC3339.test(v) && !Number.isNaN(Date.parse(v));

/**
 * Checks a JSON Feed against the rules of version 1.1 (https://jsonfeed.org/version/1.1):
 * the required fields and the type of every field Placard may send, and no unknown
 * top-level or item field without the `_` prefix the format keeps for extensions.
 */
export function expectValidJsonFeed(feed: unknown): void {
  expect(typeof feed).toBe('object');
  const top = feed as Record<string, unknown>;
  expect(top.version).toBe('https://jsonfeed.org/version/1.1');
  expect(typeof top.title).toBe('string');
  expect(Array.isArray(top.items)).toBe(true);
  const known = [
    'version',
    'title',
    'home_page_url',
    'feed_url',
    'description',
    'user_comment',
    'next_url',
    'icon',
    'favicon',
    'authors',
    'language',
    'expired',
    'hubs',
    'items',
  ];
  for (const key of Object.keys(top)) expect(known.includes(key) || key.startsWith('_'), `unknown field ${key}`).toBe(true);
  optional(top, 'home_page_url', isUrl, 'feed');
  optional(top, 'feed_url', isUrl, 'feed');
  optional(top, 'language', isString, 'feed');
  const itemFields = [
    'id',
    'url',
    'external_url',
    'title',
    'content_html',
    'content_text',
    'summary',
    'image',
    'banner_image',
    'date_published',
    'date_modified',
    'authors',
    'tags',
    'language',
    'attachments',
  ];
  for (const [i, item] of (top.items as Record<string, unknown>[]).entries()) {
    const where = `items[${i}]`;
    for (const key of Object.keys(item)) expect(itemFields.includes(key) || key.startsWith('_'), `${where}: unknown field ${key}`).toBe(true);
    expect(typeof item.id, `${where}.id`).toBe('string');
    expect(typeof item.content_html === 'string' || typeof item.content_text === 'string', `${where} has content`).toBe(true);
    for (const key of ['url', 'image']) optional(item, key, isUrl, where);
    for (const key of ['title', 'summary', 'content_html', 'language']) optional(item, key, isString, where);
    for (const key of ['date_published', 'date_modified']) optional(item, key, isDate, where);
    optional(
      item,
      'authors',
      (v) => Array.isArray(v) && v.every((a) => typeof a === 'object' && a !== null && typeof (a as { name?: unknown }).name === 'string'),
      where,
    );
    optional(
      item,
      'attachments',
      (v) =>
        Array.isArray(v) &&
        v.every(
          (a: Record<string, unknown>) =>
            isUrl(a.url) && typeof a.mime_type === 'string' && (a.size_in_bytes === undefined || Number.isInteger(a.size_in_bytes)),
        ),
      where,
    );
  }
}
