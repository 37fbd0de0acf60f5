import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** A key's window after a request was counted in it. */
export interface RateWindow {
  readonly hits: number;
  readonly endsAt: string;
}

/**
 * Counts one request under `key` in one statement, so that requests arriving at once
 * on several nodes are all counted: a new row, or one more hit in the current window,
 * or a fresh window (ending at `endsAt`) when the stored one ended by `now`.
 */
export async function hitRateWindow(db: Kysely<DB>, input: { key: string; now: string; endsAt: string }): Promise<RateWindow> {
  const spent = sql<boolean>`rate_limit_windows.ends_at <= ${input.now}`;
  const row = await db
    .insertInto('rate_limit_windows')
    .values({ key: input.key, hits: 1, ends_at: input.endsAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when ${spent} then 1 else rate_limit_windows.hits + 1 end`,
        ends_at: sql<string>`case when ${spent} then excluded.ends_at else rate_limit_windows.ends_at end`,
      }),
    )
    .returning(['hits', 'ends_at'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), endsAt: row.ends_at };
}

/** Removes windows that ended by `now`: they count nothing any more. */
export async function deleteSpentRateWindows(db: Kysely<DB>, now: string): Promise<number> {
  const result = await db.deleteFrom('rate_limit_windows').where('ends_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
