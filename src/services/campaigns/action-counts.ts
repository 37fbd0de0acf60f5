import type { Kysely } from 'kysely';
import { parseCacheTag, tags } from '../../domain/cache/cache-tags.js';
import { CONFIRMED_METHODS, type ActionCounts, type ActionMethod } from '../../domain/campaigns/action.js';
import { nextSnapshotTime, protectiveCounts, snapshotTime } from '../../domain/campaigns/public-counts.js';
import { countConfirmedActions } from '../../store/campaigns/action.store.js';
import { findIdentityMode } from '../../store/campaigns/campaign.store.js';
import type { DB } from '../../store/db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { ContentChanges } from '../shared/content-changes.js';
import { createPromiseCache } from '../shared/promise-cache.js';

/** The public counter: counts read from the rows, and word that they changed. */
export interface ActionCounter {
  /** Confirmed and self-reported actions, per country, as the public sees them (readPublicCounts); at most two seconds old. */
  counts(campaignId: number): Promise<ActionCounts>;
  /** A confirmed action committed: the campaign's pages are re-rendered within a second. */
  changed(campaignId: number): void;
  /** Stops the timers and listeners. */
  close(): void;
}

/** Timing of the counter; real time, not the business clock (tests move that one). */
export interface CounterTiming {
  /** How long a count may be reused. */
  readonly memoMs: number;
  /** At most one announcement of a campaign's change per this many milliseconds. */
  readonly announceMs: number;
}

const DEFAULT_TIMING: CounterTiming = { memoMs: 2000, announceMs: 1000 };

/**
 * Counts of confirmed actions, grouped as the counter shows them. Always a COUNT over the
 * rows; with `before`, over those confirmed before it.
 */
export async function readActionCounts(db: Kysely<DB>, campaignId: number, options: { before?: Date } = {}): Promise<ActionCounts> {
  const rows = await countConfirmedActions(db, campaignId, options.before ? { before: options.before.toISOString() } : {});
  const byCountry = new Map<string, { country: string; confirmed: number; selfReported: number }>();
  let confirmed = 0;
  let selfReported = 0;
  for (const row of rows) {
    const entry = byCountry.get(row.country) ?? { country: row.country, confirmed: 0, selfReported: 0 };
    if (CONFIRMED_METHODS.has(row.method as ActionMethod)) {
      entry.confirmed += row.n;
      confirmed += row.n;
    } else {
      entry.selfReported += row.n;
      selfReported += row.n;
    }
    byCountry.set(row.country, entry);
  }
  const countries = [...byCountry.values()].sort((a, b) => b.confirmed + b.selfReported - (a.confirmed + a.selfReported) || a.country.localeCompare(b.country));
  return { confirmed, selfReported, byCountry: countries };
}

/**
 * The counts the public sees: live for a named campaign; for a protective one, the
 * snapshot taken at the last quarter hour, with small countries folded into "other
 * countries" (domain/campaigns/public-counts.ts). The coordinator's dashboard reads its
 * own, exact counts (campaign-stats.ts).
 */
export async function readPublicCounts(db: Kysely<DB>, campaignId: number, now: Date): Promise<ActionCounts> {
  if ((await findIdentityMode(db, campaignId)) !== 'protective') return readActionCounts(db, campaignId);
  const asOf = snapshotTime(now);
  return protectiveCounts(await readActionCounts(db, campaignId, { before: asOf }), asOf);
}

/**
 * The counter behind campaign pages. A surge of 1,000 confirmations a second must not
 * drop and re-render the campaign's cached pages 1,000 times a second: a campaign's
 * change is announced at once if it was quiet for a second, else once when the second
 * is up (a trailing announcement), so the page shows the last action within about a
 * second and re-renders at most once a second. An announcement also forgets the memoised
 * counts, so the re-render reads the rows. A protective campaign's pages are announced
 * again when its next snapshot is due, so they show it without waiting for a confirmation.
 */
export function createActionCounter(deps: { db: Kysely<DB>; changes: ContentChanges; clock?: Clock }, timing: CounterTiming = DEFAULT_TIMING): ActionCounter {
  const clock = deps.clock ?? (() => new Date());
  // A count still being read when its campaign is announced is dropped with the rest: a
  // render that began before the announcement is not cached either (PageCache.generation).
  const memo = createPromiseCache<number, ActionCounts>({ ttlMs: timing.memoMs });
  const lastAnnounced = new Map<number, number>();
  const trailing = new Map<number, NodeJS.Timeout>();
  const snapshots = new Map<number, NodeJS.Timeout>();

  // One timer per protective campaign whose page was shown: at the next snapshot its pages are re-rendered.
  const awaitSnapshot = (campaignId: number, counts: ActionCounts) => {
    if (counts.asOf === undefined || snapshots.has(campaignId)) return;
    const now = clock();
    const timer = setTimeout(
      () => {
        snapshots.delete(campaignId);
        announce(campaignId);
      },
      nextSnapshotTime(now).getTime() - now.getTime(),
    );
    timer.unref();
    snapshots.set(campaignId, timer);
  };

  const unsubscribe = deps.changes.subscribe((changed) => {
    for (const tag of changed) {
      const { kind, subject } = parseCacheTag(tag);
      if (kind === 'campaign') memo.delete(Number(subject));
    }
  });
  const unsubscribeReset = deps.changes.onReset(() => memo.clear());

  const announce = (campaignId: number) => {
    trailing.delete(campaignId);
    lastAnnounced.set(campaignId, performance.now());
    deps.changes.announce([tags.campaign(campaignId)]);
  };

  return {
    counts(campaignId) {
      return memo.get(campaignId, () => {
        const counts = readPublicCounts(deps.db, campaignId, clock());
        counts.then((c) => awaitSnapshot(campaignId, c)).catch(() => undefined);
        return counts;
      });
    },
    changed(campaignId) {
      if (trailing.has(campaignId)) return;
      const since = performance.now() - (lastAnnounced.get(campaignId) ?? -Infinity);
      if (since >= timing.announceMs) return announce(campaignId);
      const timer = setTimeout(() => announce(campaignId), timing.announceMs - since);
      timer.unref();
      trailing.set(campaignId, timer);
    },
    close() {
      unsubscribe();
      unsubscribeReset();
      for (const timer of [...trailing.values(), ...snapshots.values()]) clearTimeout(timer);
      trailing.clear();
      snapshots.clear();
    },
  };
}
