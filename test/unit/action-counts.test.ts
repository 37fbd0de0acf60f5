import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createActionCounter } from '../../src/services/campaigns/action-counts.js';
import { createContentChanges } from '../../src/services/shared/content-changes.js';
import type { DB } from '../../src/store/db/schema.js';

// changed() never reads the database; the counter's queries are tested over HTTP.
const noDatabase = {} as Kysely<DB>;

describe('unit: announcing the counter’s changes', () => {
  it('announces a burst of confirmations once at once and once when the interval is up', async () => {
    const changes = createContentChanges();
    const announced: { at: number; tags: readonly string[] }[] = [];
    changes.subscribe((tags) => announced.push({ at: performance.now(), tags }));
    const counter = createActionCounter({ db: noDatabase, changes }, { memoMs: 2000, announceMs: 200 });
    const start = performance.now();
    for (let i = 0; i < 1000; i++) counter.changed(7);
    counter.changed(8);
    expect(announced.map((a) => a.tags)).toEqual([['campaign:7'], ['campaign:8']]);
    // The trailing announcement shows the last confirmation of the burst.
    await expect.poll(() => announced.length, { timeout: 2000 }).toBe(3);
    expect(announced[2]?.tags).toEqual(['campaign:7']);
    expect(announced[2]!.at - start).toBeGreaterThanOrEqual(190);
    // Quiet for longer than the interval: the next change is announced at once.
    await new Promise((r) => setTimeout(r, 250));
    counter.changed(7);
    expect(announced).toHaveLength(4);
    counter.close();
  });
});
