import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

/** The ids of a target's letters still waiting to go, in the order they were given slots. */
export async function queuedLetterIds(trx: Transaction<DB>, targetId: number): Promise<number[]> {
  const rows = await trx
    .selectFrom('outbox')
    .select('id')
    .where('target_id', '=', targetId)
    .where('kind', '=', 'letter')
    .where('status', '=', 'queued')
    .orderBy('not_before')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Gives a queued letter a new slot. */
export async function setLetterSlot(trx: Transaction<DB>, outboxId: number, notBefore: string): Promise<void> {
  await trx.updateTable('outbox').set({ not_before: notBefore }).where('id', '=', outboxId).where('status', '=', 'queued').execute();
}

/** Sets when a target's next paced letter may leave (null: as soon as it is confirmed). */
export async function setTargetNextSlot(trx: Transaction<DB>, targetId: number, nextSlotAt: string | null): Promise<void> {
  await trx.updateTable('campaign_targets').set({ next_slot_at: nextSlotAt }).where('id', '=', targetId).execute();
}

/**
 * A target's next free paced slot, read with a no-op write: on PostgreSQL the write locks
 * the target's row until the transaction ends, so two confirmations never take the same
 * slot; SQLite runs one writer at a time anyway. The caller moves the clock on with
 * {@link setTargetNextSlot} in the same transaction.
 */
export async function lockTargetNextSlot(trx: Transaction<DB>, targetId: number): Promise<string | null> {
  const row = await trx
    .updateTable('campaign_targets')
    .set((eb) => ({ next_slot_at: eb.ref('next_slot_at') }))
    .where('id', '=', targetId)
    .returning('next_slot_at')
    .executeTakeFirstOrThrow();
  return row.next_slot_at;
}
