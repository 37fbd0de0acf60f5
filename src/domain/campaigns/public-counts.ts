import type { ActionCounts } from './action.js';

/*
 * What the public may learn from a protective campaign's counter. Exact live counts tell
 * an observer that someone in a small country confirmed at 10:07, and whoever can read
 * that person's mail or see their screen at 10:07 then knows who. So a protective
 * campaign's public counts are a snapshot taken on the quarter hour, and a country with
 * few supporters is shown only inside "other countries". Coordinators keep exact counts.
 */

/**
 * Countries with fewer supporters than this are counted as "other countries"; snapshots
 * are taken every `intervalMinutes` on the clock (10:00, 10:15 …). Ten keeps one person
 * among at least ten in the same row; a quarter hour is longer than it takes to open a
 * confirmation email and press the button, and a clock interval, unlike "every N
 * confirmations", owes its timing to no supporter's action.
 */
export const PROTECTIVE_COUNTS = { minPerCountry: 10, intervalMinutes: 15 } as const;

/** The start of the snapshot interval `now` falls in: actions before it are shown, later ones wait. */
export function snapshotTime(now: Date, intervalMinutes: number = PROTECTIVE_COUNTS.intervalMinutes): Date {
  const step = intervalMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / step) * step);
}

/** When the next snapshot is taken. */
export function nextSnapshotTime(now: Date, intervalMinutes: number = PROTECTIVE_COUNTS.intervalMinutes): Date {
  return new Date(snapshotTime(now, intervalMinutes).getTime() + intervalMinutes * 60_000);
}

/**
 * Counts fit for a protective campaign's public pages: every country with fewer than
 * `minPerCountry` actions (confirmed and self-reported together) is folded into
 * `others`; totals are unchanged. `asOf` says when the snapshot was taken.
 */
export function protectiveCounts(counts: ActionCounts, asOf: Date, minPerCountry: number = PROTECTIVE_COUNTS.minPerCountry): ActionCounts {
  const shown = counts.byCountry.filter((c) => c.confirmed + c.selfReported >= minPerCountry);
  const folded = counts.byCountry.filter((c) => c.confirmed + c.selfReported < minPerCountry);
  const others = folded.reduce((sum, c) => ({ confirmed: sum.confirmed + c.confirmed, selfReported: sum.selfReported + c.selfReported }), {
    confirmed: 0,
    selfReported: 0,
  });
  return { ...counts, byCountry: shown, others: folded.length > 0 ? others : null, asOf: asOf.toISOString() };
}
