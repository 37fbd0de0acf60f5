import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/sequencer.js';

/*
 * The suite runs in tiers, each with only the set-up it needs, so that a contributor can
 * run the fast ones alone (`npx vitest run --project unit`):
 * - unit: pure code, no database, no build, no server (seconds);
 * - http (with db and delivery): one throwaway PostgreSQL server for the tier; each file
 *   makes its own database in it (and its own SQLite file);
 * - cli: the built program (dist/), run as a user would, on both databases;
 * - browser: one Debian Chromium for every file, on a real listening server.
 */
const POSTGRES = 'test/support/postgres-setup.ts';

export default defineConfig({
  test: {
    allowOnly: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Longest files first across the tiers, from test/durations.json (see the sequencer).
    sequence: { sequencer: LongestFirst },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'] } },
      { extends: true, test: { name: 'http', include: ['test/{db,delivery,http}/**/*.test.{ts,tsx}'], globalSetup: [POSTGRES] } },
      {
        extends: true,
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.{ts,tsx}'],
          globalSetup: ['test/support/build-setup.ts', POSTGRES],
          setupFiles: ['test/support/wait-for-build.ts'],
        },
      },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.{ts,tsx}'], globalSetup: [POSTGRES, 'test/support/browser-setup.ts'] } },
    ],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
