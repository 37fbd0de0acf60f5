import { describe, expect, it } from 'vitest';
import { countryName } from '../../src/domain/geo/countries.js';
import { singleLineText, textProblem } from '../../src/domain/text/control-characters.js';

describe('unit: text no one types', () => {
  it('refuses NUL, other C0 controls, DEL and C1 controls', () => {
    for (const text of ['a\u0000b', 'a\u0001', '\u001b[2J', 'a\u007f', 'a\u0085', '\u009b']) {
      expect(textProblem(text, { multiline: true }), JSON.stringify(text)).toBe('contains control characters');
    }
  });

  it('keeps tabs and line breaks in multi-line text, but not in an address', () => {
    expect(textProblem('Dear Minister,\r\n\tPlease act.', { multiline: true })).toBeNull();
    expect(textProblem('a\nb', { multiline: false })).toBe('contains control characters');
    expect(textProblem('a\tb', { multiline: false })).toBe('contains control characters');
  });

  it('refuses lone surrogates, which cannot be written as UTF-8', () => {
    expect(textProblem('\ud800x', { multiline: true })).toBe('contains bytes that are not valid UTF-8 text');
    expect(textProblem('Ниже 😀 مرحبا', { multiline: false })).toBeNull();
  });

  it('makes a one-line value what a text input would send: no line breaks, no bidi controls', () => {
    expect(singleLineText('Ann\u202egro.elpmaxe\u202c')).toBe('Anngro.elpmaxe');
    expect(singleLineText('x@example.org\r\nBcc: y@example.org')).toBe('x@example.orgBcc: y@example.org');
    expect(singleLineText('\u2066مرحبا\u2069 Ann')).toBe('مرحبا Ann');
  });
});

describe('unit: country names never throw', () => {
  it('answers any code with a name or the code itself', () => {
    expect(countryName('KZ')).toBe('Kazakhstan');
    for (const code of ['ZZZ', '', '1', 'K\u0000', '../..', 'x'.repeat(1000)]) expect(countryName(code)).toBe(code);
  });
});
