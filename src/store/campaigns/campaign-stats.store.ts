import { sql, type Kysely } from 'kysely';
import type { ActionMethod, ActionStatus } from '../../domain/campaigns/action.js';
import type { OutboxStatus } from '../../domain/outbox/outbox.js';
import type { DB } from '../db/schema.js';

/*
 * What the coordinator's dashboard counts. Every number is a COUNT over the rows behind
 * it, so the page always agrees with the table. Confirmed means sent through Placard or
 * signed, after email confirmation; self-reported means "I have sent it" or "I called".
 */

const COUNTED: readonly ActionMethod[] = ['placard', 'signature'];
const SELF_REPORTED: readonly ActionMethod[] = ['own_mail', 'call'];

/** A campaign's actions by kind of count. */
export interface ActionTally {
  readonly confirmed: number;
  readonly selfReported: number;
  readonly pending: number;
  readonly held: number;
}

/** Counts a campaign's actions: confirmed, self-reported, pending confirmation, held. */
export async function tallyActions(db: Kysely<DB>, campaignId: number): Promise<ActionTally> {
  const rows = await db
    .selectFrom('actions')
    .select(['status', 'method', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy(['status', 'method'])
    .execute();
  const sum = (match: (r: { status: ActionStatus; method: ActionMethod }) => boolean) => rows.filter(match).reduce((total, r) => total + Number(r.n), 0);
  return {
    confirmed: sum((r) => r.status === 'confirmed' && COUNTED.includes(r.method)),
    selfReported: sum((r) => r.status === 'confirmed' && SELF_REPORTED.includes(r.method)),
    pending: sum((r) => r.status === 'pending'),
    held: sum((r) => r.status === 'held'),
  };
}

/** Counted actions of one day (UTC) or one country. */
export interface CountRow {
  readonly key: string;
  readonly confirmed: number;
  readonly selfReported: number;
}

/** Confirmed and self-reported actions per day (UTC, YYYY-MM-DD) from `fromDay` on; days without any are absent. */
export async function actionsPerDay(db: Kysely<DB>, campaignId: number, fromDay: string): Promise<CountRow[]> {
  // The first ten characters of an ISO time are its UTC day, on both databases.
  const day = sql<string>`substr(confirmed_at, 1, 10)`;
  const rows = await db
    .selectFrom('actions')
    .select([day.as('day'), 'method', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'confirmed')
    .where('confirmed_at', '>=', fromDay)
    .groupBy([day, 'method'])
    .execute();
  return merge(rows.map((r) => ({ key: r.day, method: r.method, n: Number(r.n) })));
}

/** Confirmed and self-reported actions per supporter's country, the most first. */
export async function actionsPerCountry(db: Kysely<DB>, campaignId: number): Promise<CountRow[]> {
  const rows = await db
    .selectFrom('actions')
    .select(['country', 'method', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'confirmed')
    .groupBy(['country', 'method'])
    .execute();
  const merged = merge(rows.map((r) => ({ key: r.country, method: r.method, n: Number(r.n) })));
  return merged.sort((a, b) => b.confirmed + b.selfReported - (a.confirmed + a.selfReported) || a.key.localeCompare(b.key));
}

function merge(rows: readonly { key: string; method: ActionMethod; n: number }[]): CountRow[] {
  const byKey = new Map<string, { confirmed: number; selfReported: number }>();
  for (const r of rows) {
    const entry = byKey.get(r.key) ?? { confirmed: 0, selfReported: 0 };
    if (COUNTED.includes(r.method)) entry.confirmed += r.n;
    else if (SELF_REPORTED.includes(r.method)) entry.selfReported += r.n;
    byKey.set(r.key, entry);
  }
  return [...byKey].map(([key, counts]) => ({ key, ...counts })).sort((a, b) => a.key.localeCompare(b.key));
}

/** Messages to targets (and the organisation's copies, target null) by status. */
export async function deliveryCounts(db: Kysely<DB>, campaignId: number): Promise<{ targetId: number | null; status: OutboxStatus; count: number }[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['target_id', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('campaign_id', '=', campaignId)
    .where('kind', 'in', ['letter', 'digest', 'copy_digest'])
    .groupBy(['target_id', 'status'])
    .execute();
  return rows.map((r) => ({ targetId: r.target_id, status: r.status, count: Number(r.n) }));
}

/** A failed or bounced message's error, as the mail server gave it. */
export interface DeliveryError {
  readonly targetId: number | null;
  readonly status: OutboxStatus;
  readonly error: string;
  readonly at: string;
}

/** The latest errors of failed and bounced messages to targets, newest first. */
export async function latestDeliveryErrors(db: Kysely<DB>, campaignId: number, limit: number): Promise<DeliveryError[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['target_id', 'status', 'last_error', 'sent_at', 'created_at'])
    .where('campaign_id', '=', campaignId)
    .where('kind', 'in', ['letter', 'digest', 'copy_digest'])
    .where('status', 'in', ['failed', 'bounced'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ targetId: r.target_id, status: r.status, error: r.last_error ?? '(no message)', at: r.sent_at ?? r.created_at }));
}
