import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Campaign } from '../../src/domain/campaigns/campaign.js';
import { letterForOfficials } from '../../src/domain/campaigns/letter.js';
import { queueDeliveries, type MailIdentity } from '../../src/services/delivery/queue-deliveries.js';
import { findCampaign, insertCampaign, type NewCampaign, type NewTarget } from '../../src/store/campaigns/campaign.store.js';
import type { DB } from '../../src/store/db/schema.js';
import { enqueueMessage } from '../../src/store/outbox/outbox.store.js';

/*
 * Factories for delivery tests: campaigns with the targets a test needs, and confirmed
 * actions made the way confirming one does it — the rows, then queueDeliveries in the
 * same transaction — without going through the public form.
 */

/** The sending identity tests use (MAIL_FROM "Urgent Actions <actions@example.org>"). */
export const TEST_MAIL: MailIdentity = { fromName: 'Urgent Actions', fromAddress: 'actions@example.org', domain: 'example.org' };

let counter = 0;

/** A paced target that takes letters at any hour of any day, unless told otherwise. */
export function testTarget(overrides: Partial<NewTarget> = {}): NewTarget {
  counter++;
  return {
    name: `Official ${counter}`,
    title: 'Prosecutor General',
    organisation: null,
    country: 'KZ',
    email: `official-${counter}@gov.example.kz`,
    phone: null,
    postalAddress: null,
    salutation: 'Dear Prosecutor General',
    deliveryMode: 'paced',
    pacePerHour: 600,
    officeHours: 'Sun-Sat 00:00-24:00',
    timeZone: 'UTC',
    ...overrides,
  };
}

/** An active letter campaign; tests override what they are about. */
export async function createTestCampaign(db: Kysely<DB>, overrides: Partial<NewCampaign> = {}): Promise<Campaign> {
  counter++;
  const campaign: NewCampaign = {
    slug: `test-action-${counter}`,
    reference: `UA ${counter}/26`,
    title: 'Free Natalya Sokolova',
    summary: 'A union lawyer is in prison.',
    status: 'active',
    identityMode: 'named',
    languages: ['en'],
    copyTo: [],
    deadline: null,
    sectionId: null,
    demands: ['Release Natalya Sokolova', 'Drop all charges'],
    letter: { subjects: ['Release Natalya Sokolova'], body: 'Please release Natalya Sokolova.\n\nYours sincerely,\n{{name}}, {{city}}, {{country}}' },
    targets: [testTarget()],
    ...overrides,
  };
  const id = await db.transaction().execute((trx) => insertCampaign(trx, campaign, new Date().toISOString()));
  const found = await findCampaign(db, id);
  if (!found) throw new Error('campaign not stored');
  return found;
}

/** Who acts. */
export interface TestSupporter {
  readonly name: string;
  readonly email: string;
  readonly city?: string | null;
  readonly country?: string;
  /** The name a protective letter is signed with. */
  readonly signAs?: string | null;
}

/**
 * A supporter and their confirmed 'placard' action, with its deliveries queued in the same
 * transaction, at `now`. Returns the ids.
 */
export async function confirmedAction(
  db: Kysely<DB>,
  campaign: Campaign,
  supporter: TestSupporter,
  options: { now: Date; mail?: MailIdentity },
): Promise<{ actionId: number; supporterId: number }> {
  const now = options.now.toISOString();
  const country = supporter.country ?? 'IE';
  const city = supporter.city ?? null;
  const signAs = supporter.signAs ?? null;
  const letter = letterForOfficials(campaign.letter.body, { name: supporter.name, email: supporter.email, city, country, signAs }, campaign.identityMode);
  return db.transaction().execute(async (trx) => {
    // One supporter row per address, as the action form keeps it.
    const email = supporter.email.toLowerCase();
    const known = await trx.selectFrom('supporters').select('id').where('email', '=', email).executeTakeFirst();
    const { id: supporterId } =
      known ??
      (await trx
        .insertInto('supporters')
        .values({ email, name: supporter.name, city, country, data_token_hash: randomBytes(16).toString('hex'), created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow());
    const { id: actionId } = await trx
      .insertInto('actions')
      .values({
        campaign_id: campaign.id,
        supporter_id: supporterId,
        method: 'placard',
        status: 'confirmed',
        country,
        letter,
        sign_as: signAs,
        created_at: now,
        confirmed_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await queueDeliveries(
      trx,
      campaign,
      { actionId, letter, supporter: { name: supporter.name, email: supporter.email } },
      { now: options.now, mail: options.mail ?? TEST_MAIL },
    );
    return { actionId, supporterId };
  });
}

/** An unconfirmed action that expires at `expiresAt`, with its confirmation email queued. */
export async function pendingAction(db: Kysely<DB>, campaign: Campaign, options: { now: Date; expiresAt: Date; email: string }): Promise<number> {
  const now = options.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const { id: supporterId } = await trx
      .insertInto('supporters')
      .values({ email: options.email, name: 'Pending Person', city: null, country: 'IE', data_token_hash: randomBytes(16).toString('hex'), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto('actions')
      .values({
        campaign_id: campaign.id,
        supporter_id: supporterId,
        method: 'placard',
        status: 'pending',
        country: 'IE',
        letter: 'Hello',
        created_at: now,
        expires_at: options.expiresAt.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueueMessage(
      trx,
      { kind: 'confirmation', campaignId: campaign.id, actionId: id, recipient: options.email, subject: 'Please confirm', body: 'Confirm' },
      { now, domain: TEST_MAIL.domain },
    );
    return id;
  });
}
