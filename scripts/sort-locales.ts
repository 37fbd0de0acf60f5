/**
 * Sorts every catalogue in `locales/` by key, two-space indented, so that additions by
 * different changes merge cleanly. Run: `node scripts/sort-locales.ts`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { LOCALES_DIR } from '../src/i18n/messages.ts';

for (const file of readdirSync(LOCALES_DIR).filter((f) => f.endsWith('.json'))) {
  const path = `${LOCALES_DIR}/${file}`;
  const catalogue = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  const sorted = Object.fromEntries(Object.entries(catalogue).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(path, `${JSON.stringify(sorted, null, 2)}\n`);
}
