/*
 * Writes test/durations.json, the seconds each test file took, from a vitest JSON report:
 *   npx vitest run --reporter=json --outputFile=/tmp/report.json && npx node scripts/test-durations.ts /tmp/report.json
 * The test run starts the longest files first from it (test/support/sequencer.ts), so a
 * clean clone packs its two workers as well as a warm cache would.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const reportPath = process.argv[2];
if (!reportPath) {
  process.stderr.write('usage: node scripts/test-durations.ts REPORT.json (a vitest --reporter=json report)\n');
  process.exit(2);
}
interface Report {
  testResults: { name: string; startTime: number; endTime: number }[];
}
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
const entries = report.testResults
  .map((file) => {
    const path = file.name.replaceAll('\\', '/');
    return [path.slice(path.lastIndexOf('/test/') + 1), Math.round((file.endTime - file.startTime) / 100) / 10] as const;
  })
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
writeFileSync(new URL('../test/durations.json', import.meta.url), `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`);
process.stdout.write(`test/durations.json: ${entries.length} files\n`);
