import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  diffLines,
  diffSnapshots,
  completeSnapshot,
  EMPTY_SNAPSHOT,
  fieldLines,
  formatCreditLine,
  parseCreditLine,
  withContext,
  type DiffLine,
} from '../../src/domain/articles/revision-diff.js';

/** The textbook LCS length, to check that the diff keeps as many lines as can be kept. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const next = [0];
    b.forEach((y, j) => next.push(x === y ? row[j]! + 1 : Math.max(row[j + 1]!, next[j]!)));
    row = next;
  }
  return row[b.length]!;
}

const kinds = (diff: DiffLine[]) => diff.map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'added' ? '+' : '-'}${l.text}`);

describe('unit: line diff', () => {
  it('keeps the longest common run of lines and marks the rest', () => {
    expect(kinds(diffLines(['a', 'b', 'c'], ['a', 'x', 'c']))).toEqual([' a', '-b', '+x', ' c']);
    expect(kinds(diffLines(['a', 'b', 'c', 'd'], ['b', 'c', 'e']))).toEqual(['-a', ' b', ' c', '-d', '+e']);
    expect(kinds(diffLines([], ['new']))).toEqual(['+new']);
    expect(kinds(diffLines(['old'], []))).toEqual(['-old']);
    expect(diffLines(['same'], ['same'])).toEqual([{ kind: 'same', text: 'same' }]);
  });

  it('finds a moved paragraph as one removal and one addition, not a rewrite of everything', () => {
    const before = ['intro', 'p1', 'p2', 'p3', 'p4', 'end'];
    const after = ['intro', 'p2', 'p3', 'p4', 'p1', 'end'];
    const changed = diffLines(before, after).filter((l) => l.kind !== 'same');
    expect(changed).toEqual([
      { kind: 'removed', text: 'p1' },
      { kind: 'added', text: 'p1' },
    ]);
  });

  it('rebuilds both versions from the diff, and keeps a longest common subsequence', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const diff = diffLines(a, b);
        expect(diff.filter((l) => l.kind !== 'added').map((l) => l.text)).toEqual(a);
        expect(diff.filter((l) => l.kind !== 'removed').map((l) => l.text)).toEqual(b);
        expect(diff.filter((l) => l.kind === 'same').length).toBe(lcsLength(a, b));
      }),
    );
  });

  it('folds long unchanged runs, keeping two lines of context around each change', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = before.map((l, i) => (i === 10 ? 'changed' : l));
    const shown = withContext(diffLines(before, after));
    expect(shown[0]).toEqual({ kind: 'skipped', count: 8 });
    expect(shown.filter((l) => l.kind === 'same')).toHaveLength(4);
    expect(shown.at(-1)).toEqual({ kind: 'skipped', count: 7 });
  });
});

describe('unit: revision snapshots', () => {
  it('writes and reads credits as "Name | section | role" lines', () => {
    expect(formatCreditLine({ name: 'Joe Higgins', sectionSlug: null, role: 'TD' })).toBe('Joe Higgins |  | TD');
    expect(formatCreditLine({ name: 'Iain Dalton', sectionSlug: 'socialist-party-england-wales', role: null })).toBe(
      'Iain Dalton | socialist-party-england-wales',
    );
    expect(formatCreditLine({ name: 'Ann', sectionSlug: null, role: null })).toBe('Ann');
    expect(parseCreditLine('  Joe Higgins |  | TD ')).toEqual({ name: 'Joe Higgins', sectionSlug: null, role: 'TD' });
    expect(parseCreditLine('   ')).toBeNull();
    expect(parseCreditLine(' | cwi')).toBeNull();
  });

  it('lists only the fields that changed, each as lines', () => {
    const before = { ...EMPTY_SNAPSHOT, title: 'Old', bodyMarkdown: 'One\n\nTwo', countries: ['IE'] };
    const after = { ...before, title: 'New', countries: ['IE', 'GB'], featured: true };
    const diffs = diffSnapshots(before, after);
    expect(diffs.map((d) => d.label)).toEqual(['Title', 'Countries', 'Featured']);
    expect(diffs[1]?.lines).toEqual([
      { kind: 'same', text: 'IE' },
      { kind: 'added', text: 'GB' },
    ]);
    expect(fieldLines(after, 'bodyMarkdown')).toEqual(['One', '', 'Two']);
    expect(fieldLines({ ...after, image: { mediaId: 3, caption: 'A march', credit: null } }, 'image')).toEqual(['Media: #3', 'Caption: A march']);
  });

  it('reads an old snapshot missing a newer field with that field empty', () => {
    const snapshot = completeSnapshot({ title: 'Stored before campaigns existed' });
    expect(snapshot.title).toBe('Stored before campaigns existed');
    expect(snapshot.campaignId).toBeNull();
    expect(snapshot.credits).toEqual([]);
  });
});
