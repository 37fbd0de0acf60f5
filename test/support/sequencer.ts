import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/*
 * A clean clone (CI) has no cache of earlier runs, so vitest's own order falls back to
 * "larger files first, one project after another": the slowest file of the suite, a small
 * one, started last and ran alone for over a minute at the end. This order is longest
 * first across every tier, from the durations measured in a recent run and kept in the
 * repository (test/durations.json, rewritten by `npx node scripts/test-durations.ts REPORT`);
 * a file not in it yet runs first, as vitest runs a file it has never seen.
 */
const durations: Readonly<Record<string, number>> = JSON.parse(readFileSync(new URL('../durations.json', import.meta.url), 'utf8'));

/** The key a file has in test/durations.json: its path from the repository's root. */
export function durationKey(path: string): string {
  const at = path.replaceAll('\\', '/').lastIndexOf('/test/');
  return at < 0 ? path : path.slice(at + 1);
}

/** Longest known file first, whatever its tier; files without a measure before all others. */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (file: TestSpecification) => durations[durationKey(file.moduleId)] ?? Number.POSITIVE_INFINITY;
    return [...(await super.sort(files))].sort((a, b) => seconds(b) - seconds(a));
  }
}
