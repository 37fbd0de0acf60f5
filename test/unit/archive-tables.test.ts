import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '../../src/services/export/site-archive.js';
import { cdata, xmlText } from '../../src/services/export/wordpress-export.js';
import { ARCHIVE_TABLES, TABLE_ORDER } from '../../src/store/export/archive-tables.js';

/*
 * A table nobody classified would silently be left out of every archive, or worse, put
 * supporters' data in one: every table of `DB` in schema.ts must have a class here
 * (docs/decisions/0032-export-and-restore.md). A branch that adds a table classifies it.
 */

const SCHEMA = readFileSync(new URL('../../src/store/db/schema.ts', import.meta.url), 'utf8');

/** The table names of the `DB` interface, read from the source as a person would. */
function tablesInSchema(): string[] {
  const body = /export interface DB \{([^}]*)\}/.exec(SCHEMA)?.[1] ?? '';
  return [...body.matchAll(/^\s*([a-z_][a-z0-9_]*)\s*:/gm)].map((m) => m[1]!);
}

describe('unit: the site archive classifies every table', () => {
  it('has a class for every table of DB in schema.ts, and no other', () => {
    const tables = tablesInSchema();
    expect(tables.length).toBeGreaterThan(30);
    const missing = tables.filter((t) => !(t in ARCHIVE_TABLES));
    expect(missing, `classify these tables in src/store/export/archive-tables.ts: ${missing.join(', ')}`).toEqual([]);
    expect([...TABLE_ORDER].sort()).toEqual([...tables].sort());
  });

  it('keeps supporters, their actions, submissions, messages and what the fediverse sent personal, and sessions, tokens and keys out', () => {
    const of = (kind: string) => TABLE_ORDER.filter((t) => ARCHIVE_TABLES[t].class === kind).sort();
    expect(of('personal')).toEqual(['action_intake', 'actions', 'consents', 'digest_entries', 'federation_received', 'outbox', 'supporters']);
    expect(of('runtime')).toEqual([
      'account_tokens',
      'federation_events',
      'federation_keys',
      'federation_kv',
      'federation_queue',
      'preview_links',
      'rate_limit_windows',
      'search_documents',
      'sessions',
      'sign_in_attempts',
    ]);
    expect(Object.keys(ARCHIVE_TABLES.users.secret ?? {})).toEqual(expect.arrayContaining(['password_hash', 'totp_secret', 'recovery_codes']));
  });

  it('restores a table only after the tables its foreign keys point to', () => {
    const migrations = [
      '0001-foundation',
      '0002-newsroom',
      '0004-old-slugs',
      '0005-urgent-actions',
      '0008-action-intake',
      '0013-article-translations',
      '0014-campaign-languages',
    ]
      .map((name) => readFileSync(new URL(`../../src/store/migrations/${name}.ts`, import.meta.url), 'utf8'))
      .join('\n');
    // Each createTable(…) up to the next: its references('other.id') are its foreign keys.
    const blocks = migrations.split(/createTable\('/).slice(1);
    for (const block of blocks) {
      const table = block.slice(0, block.indexOf("'")) as keyof typeof ARCHIVE_TABLES;
      if (!(table in ARCHIVE_TABLES)) continue;
      for (const [, target] of block.matchAll(/references\('([a-z_]+)\./g)) {
        if (target === table) continue;
        expect(TABLE_ORDER.indexOf(target as typeof table), `${table} → ${target}`).toBeLessThan(TABLE_ORDER.indexOf(table));
      }
    }
  });
});

describe('unit: archive values', () => {
  it('keep integers, text, null, binary, bigints, dates and booleans through JSON', () => {
    const row = {
      n: 42,
      text: 'Ақтау ]]> "x"',
      none: null,
      bytes: Buffer.from([0, 255, 10]),
      big: 9007199254740991n,
      at: new Date('2012-08-27T10:00:00.000Z'),
      flag: true,
    };
    const line = JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, encodeValue(v)])));
    const back = Object.fromEntries(Object.entries(JSON.parse(line) as Record<string, unknown>).map(([k, v]) => [k, decodeValue(v)]));
    expect(back).toEqual({
      n: 42,
      text: 'Ақтау ]]> "x"',
      none: null,
      bytes: Buffer.from([0, 255, 10]),
      big: 9007199254740991,
      at: '2012-08-27T10:00:00.000Z',
      flag: 1,
    });
  });
});

describe('unit: WordPress export escaping', () => {
  it('splits ]]> across CDATA sections and escapes text', () => {
    expect(cdata('a ]]> b')).toBe('<![CDATA[a ]]]]><![CDATA[> b]]>');
    expect(xmlText('Tom & "Jerry" <b>')).toBe('Tom &amp; &quot;Jerry&quot; &lt;b&gt;');
  });
});
