import type { Transaction } from 'kysely';
import type { Campaign } from '../../domain/campaigns/campaign.js';
import { nextDeliverySlot } from '../../domain/campaigns/pacing.js';
import type { DB } from '../../store/db/schema.js';
import { queuedLetterIds, setLetterSlot, setTargetNextSlot } from '../../store/outbox/letter-slots.store.js';

/**
 * Gives a campaign's waiting letters fresh slots from `now`, target by target, in their
 * order. Call it when delivery resumes after a pause (in the resuming transaction): the
 * slots given at confirmation have passed meanwhile, and without this every letter of
 * the pause would leave at once — the flood that pacing exists to prevent. Returns how
 * many letters were moved.
 */
export async function respaceQueuedLetters(trx: Transaction<DB>, campaign: Pick<Campaign, 'targets'>, now: Date): Promise<number> {
  let moved = 0;
  for (const target of campaign.targets) {
    if (target.deliveryMode !== 'paced') continue;
    let nextSlotAt: string | null = null;
    for (const id of await queuedLetterIds(trx, target.id)) {
      const { slot, following } = nextDeliverySlot(now, { ...target, nextSlotAt });
      await setLetterSlot(trx, id, slot.toISOString());
      nextSlotAt = following.toISOString();
      moved++;
    }
    await setTargetNextSlot(trx, target.id, nextSlotAt);
  }
  return moved;
}
