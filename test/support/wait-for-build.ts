import { existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';

/*
 * Runs before each CLI test file: waits until the run's one build of dist/ has ended
 * (test/support/build-setup.ts), and stops the file with the compiler's output if it failed.
 */
const status = inject('buildStatus');
const deadline = Date.now() + 300_000;
while (!existsSync(status)) {
  if (Date.now() > deadline) throw new Error('the build of dist/ for the CLI tests did not end within 5 minutes');
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const result = readFileSync(status, 'utf8');
if (result !== 'ok') throw new Error(`the build failed:\n${result.slice('failed\n'.length)}`);
