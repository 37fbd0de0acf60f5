/**
 * Values no honest form sends, for the hostile-input suites. `text` goes into form and
 * JSON bodies; `inUrl` is how it is written into a path segment or query value (raw
 * percent-encoding, so invalid escapes and bytes that are not UTF-8 can be sent).
 */
export interface HostileValue {
  readonly name: string;
  readonly text: string;
  readonly inUrl: string;
}

function value(name: string, text: string, inUrl?: string): HostileValue {
  return { name, text, inUrl: inUrl ?? encodeURIComponent(text) };
}

export const HOSTILE_VALUES: readonly HostileValue[] = [
  value('nul', 'someone\u0000@example.org'),
  value('c0 controls', 'a\u0001\u0007\u001b[2Jb'),
  value('header injection', 'x@example.org\r\nBcc: victim@example.org'),
  value('del', 'a\u007fb'),
  value('c1 controls', 'a\u0085\u009bb'),
  value('lone surrogate', '\ud800x', '%ed%a0%80x'),
  value('invalid utf-8', '\ufffd\ufffe', '%ff%fe'),
  value('bad escape', '%zz%', '%zz%'),
  value('bidi overrides', 'Ann\u202egro.elpmaxe\u202c\u2066x\u2069'),
  value('zero-width', 'a\u200b\u200c\u200d\ufeffb'),
  value('huge', 'x'.repeat(1_000_000), 'x'.repeat(8_000)),
  value('empty', ''),
  value('traversal', '../../etc/passwd'),
  value('encoded traversal', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'),
  value('sql', "' OR '1'='1'; DROP TABLE users; --"),
  value('html', '<script>alert(1)</script><img src=x onerror=alert(1)>"\'&amp;'),
  value('replacement patterns', "$'$&$1$<x>"),
  value('huge number', '99999999999999999999999999'),
  value('negative number', '-1'),
  value('not a number', 'NaN'),
  value('exponent', '1e309'),
  value('impossible date', '2026-02-30T25:61'),
  value('not a country', 'ZZZ'),
  value('unicode', 'Ниже 😀 مرحبا'),
];

/** JSON values of the wrong type for a form field. */
export const WRONG_TYPES: readonly { readonly name: string; readonly json: unknown }[] = [
  { name: 'object', json: { a: 1, toString: 'x' } },
  { name: 'number', json: 12 },
  { name: 'boolean', json: true },
  { name: 'null', json: null },
  { name: 'nested array', json: [['a'], { b: 1 }] },
];

/** Raw bytes that are not UTF-8, put into a form body as they are. */
export const INVALID_UTF8_BYTES = Buffer.from([0xff, 0xfe, 0xc0, 0xae, 0xed, 0xa0, 0x80]);

/** Query names read by some route; every route gets each, so a new reader of one is covered. */
export const QUERY_NAMES = [
  'page',
  'q',
  'country',
  'status',
  'section',
  'type',
  'contributor',
  'owner',
  'language',
  'notice',
  'next',
  'saved',
  'from',
  'to',
  'kind',
  'version',
  'action',
  'view',
  '_csrf',
];
