import type { Transaction } from 'kysely';
import type { Campaign, Target } from '../../domain/campaigns/campaign.js';
import { textsIn } from '../../domain/campaigns/campaign-languages.js';
import { headerSafe, subjectFor, withSalutation } from '../../domain/campaigns/letter.js';
import { nextDeliverySlot } from '../../domain/campaigns/pacing.js';
import type { DB } from '../../store/db/schema.js';
import { addDigestEntry } from '../../store/outbox/digest.store.js';
import { lockTargetNextSlot, setTargetNextSlot } from '../../store/outbox/letter-slots.store.js';
import { enqueueMessage } from '../../store/outbox/outbox.store.js';

/** The organisation's sending identity: display name and the domain of its Message-IDs. */
export interface MailIdentity {
  readonly fromName: string;
  readonly fromAddress: string;
  readonly domain: string;
  /** The site's name as emails' text names it (services/site); also the From name when MAIL_FROM names none. */
  readonly siteName?: () => string;
  /** The site's default language (services/site): the organisation's daily copy is written in it. */
  readonly siteLanguage?: () => string;
}

/** A confirmed action that goes to the campaign's targets. */
export interface ConfirmedLetter {
  readonly actionId: number;
  /**
   * The letter as the officials receive it (letterForOfficials): placeholders filled and,
   * in protective mode, the supporter's identity already taken out of their text.
   */
  readonly letter: string;
  /**
   * Letters by target id, made the same way (lettersForTargets), for officials whose
   * letters go in another language than the supporter's: a target not in it gets `letter`.
   */
  readonly byTarget?: ReadonlyMap<number, string>;
  readonly supporter: { readonly name: string; readonly email: string };
}

/**
 * Writes the deliveries of a confirmed action, in the confirming transaction (the
 * transactional outbox): a paced letter per target with an address, each given the
 * target's next free slot; or an entry for the target's next digest; and always an entry
 * for the organisation's daily copy. Protective mode hands the target neither the
 * supporter's address nor their name: the organisation sends, with no Reply-To.
 */
export async function queueDeliveries(
  trx: Transaction<DB>,
  campaign: Campaign,
  action: ConfirmedLetter,
  options: { now: Date; mail: MailIdentity },
): Promise<void> {
  const now = options.now.toISOString();
  const named = campaign.identityMode === 'named';
  for (const target of campaign.targets) {
    if (!target.email) continue;
    if (target.deliveryMode === 'digest') {
      await addDigestEntry(trx, { campaignId: campaign.id, targetId: target.id, actionId: action.actionId }, now);
      continue;
    }
    const notBefore = await takeSlot(trx, target, options.now);
    // The subject in the language of the letter the official receives.
    const texts = textsIn(campaign, target.letterLanguage);
    await enqueueMessage(
      trx,
      {
        kind: 'letter',
        campaignId: campaign.id,
        targetId: target.id,
        actionId: action.actionId,
        recipient: target.email,
        fromName: named ? headerSafe(action.supporter.name) : options.mail.fromName,
        replyTo: named ? action.supporter.email : null,
        subject: subjectFor(texts.letter.subjects.length > 0 ? texts.letter.subjects : [texts.title], action.actionId),
        body: withSalutation(target.salutation, action.byTarget?.get(target.id) ?? action.letter),
        notBefore,
      },
      { now, domain: options.mail.domain },
    );
  }
  if (campaign.copyTo.length > 0) {
    await addDigestEntry(trx, { campaignId: campaign.id, targetId: null, actionId: action.actionId }, now);
  }
}

/** Reserves the target's next paced slot and moves the target's clock past it. */
async function takeSlot(trx: Transaction<DB>, target: Target, now: Date): Promise<string> {
  const nextSlotAt = await lockTargetNextSlot(trx, target.id);
  const { slot, following } = nextDeliverySlot(now, { ...target, nextSlotAt });
  await setTargetNextSlot(trx, target.id, following.toISOString());
  return slot.toISOString();
}
