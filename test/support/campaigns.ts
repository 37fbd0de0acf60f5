import { randomBytes } from 'node:crypto';
import type { OutboxStatus } from '../../src/domain/outbox/outbox.js';
import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { ActionMethod, ActionStatus, ConsentScope } from '../../src/domain/campaigns/action.js';
import type { Campaign } from '../../src/domain/campaigns/campaign.js';
import { letterLanguageOf, lettersForTargets } from '../../src/domain/campaigns/campaign-languages.js';
import { letterForOfficials } from '../../src/domain/campaigns/letter.js';
import { hashDataToken, supporterDataToken } from '../../src/services/campaigns/supporter-token.js';
import { queueDeliveries, type MailIdentity } from '../../src/services/delivery/queue-deliveries.js';
import { loadServerSecret } from '../../src/services/settings/server-secret.js';
import { findCampaign, insertCampaign, type NewCampaign, type NewTarget } from '../../src/store/campaigns/campaign.store.js';
import type { DB } from '../../src/store/db/schema.js';
import { enqueueMessage, type NewOutboxMessage } from '../../src/store/outbox/outbox.store.js';
import type { TestApp } from './app.js';
import { page } from './html.js';

/*
 * Campaigns, their targets, supporters and what supporters do: rows written straight into
 * the database as the public forms would have stored them (without going through them),
 * the public forms themselves as a supporter's browser posts them, and what the database
 * then holds.
 */

let counter = 0;

/** The sending identity tests use (MAIL_FROM "Urgent Actions <actions@example.org>"). */
export const TEST_MAIL: MailIdentity = { fromName: 'Urgent Actions', fromAddress: 'actions@example.org', domain: 'example.org' };

/** The demo's urgent action (protective, three targets in Kazakhstan, a copy-to address). */
export const DEMO_SLUG = 'stop-state-brutality-in-kazakhstan';

// ---------------------------------------------------------------------------------------
// Campaigns and targets

/** A paced target with an address of its own, that takes letters at any hour of any day, unless told otherwise. */
export function testTarget(overrides: Partial<NewTarget> = {}): NewTarget {
  counter++;
  return {
    name: 'Alina Rakhimbekova',
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

/** What a test may say about the campaign it wants: any field, its section by slug, and when it closed. */
export type CampaignOverrides = Partial<NewCampaign> & {
  /** The section, by slug (instead of sectionId). */
  readonly sectionSlug?: string | null;
  /** Closed at this time (the status becomes 'closed'). */
  readonly closedAt?: string;
};

/** An active letter campaign with one target; tests override what they are about. */
export async function createCampaign(db: Kysely<DB>, overrides: CampaignOverrides = {}): Promise<Campaign> {
  counter++;
  const { sectionSlug, closedAt, ...fields } = overrides;
  const sectionId = sectionSlug ? (await db.selectFrom('sections').select('id').where('slug', '=', sectionSlug).executeTakeFirstOrThrow()).id : null;
  const campaign: NewCampaign = {
    slug: `test-campaign-${counter}`,
    reference: `UA ${counter}/26`,
    title: 'Free Natalya Sokolova',
    summary: 'A union lawyer is in prison.',
    status: 'active',
    identityMode: 'named',
    languages: ['en'],
    copyTo: [],
    deadline: null,
    sectionId,
    kind: 'letter',
    petitionText: fields.kind === 'petition' ? 'We, the undersigned, demand the release of the prisoners.' : '',
    demands: ['Release Natalya Sokolova', 'Drop all charges'],
    letter: { subjects: ['Release Natalya Sokolova'], body: 'Please release Natalya Sokolova.\n\nYours sincerely,\n{{name}}, {{city}}, {{country}}' },
    targets: [testTarget()],
    ...fields,
  };
  const id = await db.transaction().execute((trx) => insertCampaign(trx, campaign, '2026-01-01T00:00:00.000Z'));
  if (closedAt) await db.updateTable('campaigns').set({ status: 'closed', closed_at: closedAt }).where('id', '=', id).execute();
  const found = await findCampaign(db, id);
  if (!found) throw new Error('campaign not stored');
  return found;
}

/** The id of a campaign by slug. */
export async function campaignIdOf(t: TestApp, slug: string): Promise<number> {
  const row = await t.database.db.selectFrom('campaigns').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

// ---------------------------------------------------------------------------------------
// Supporters and their actions, written straight into the database

/** A supporter as created: the id, the token of their "your data" link, and who they are. */
export interface TestSupporter {
  readonly id: number;
  readonly token: string;
  readonly email: string;
  readonly name: string;
  readonly city: string | null;
  readonly country: string;
}

/** A supporter with a working data link. */
export async function createSupporter(
  db: Kysely<DB>,
  overrides: Partial<Omit<TestSupporter, 'id' | 'token'>> & { createdAt?: string } = {},
): Promise<TestSupporter> {
  counter++;
  const { createdAt, ...details } = overrides;
  const who = { email: `supporter-${counter}@example.net`, name: `Sam Supporter${counter}`, city: 'Cork', country: 'IE', ...details };
  const { id } = await db
    .insertInto('supporters')
    .values({
      email: who.email,
      name: who.name,
      city: who.city,
      country: who.country,
      data_token_hash: `pending-${counter}-${Math.random()}`,
      created_at: createdAt ?? '2026-01-02T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = supporterDataToken(await loadServerSecret(db), id);
  await db
    .updateTable('supporters')
    .set({ data_token_hash: hashDataToken(token) })
    .where('id', '=', id)
    .execute();
  return { id, token, ...who };
}

/** An action of a supporter, as stored (no delivery queued); confirmed through Placard unless told otherwise. */
export async function createAction(
  db: Kysely<DB>,
  supporter: Pick<TestSupporter, 'id' | 'country'>,
  campaignId: number,
  options: { method?: ActionMethod; status?: ActionStatus; letter?: string | null; at?: string; country?: string } = {},
): Promise<number> {
  counter++;
  const at = options.at ?? '2026-01-03T10:00:00.000Z';
  const status = options.status ?? 'confirmed';
  const { id } = await db
    .insertInto('actions')
    .values({
      campaign_id: campaignId,
      supporter_id: supporter.id,
      method: options.method ?? 'placard',
      status,
      country: options.country ?? supporter.country,
      letter: options.letter === undefined ? 'I protest at the charges.' : options.letter,
      idempotency_key: `key-${counter}`,
      confirm_token_hash: `confirm-${counter}`,
      ip_key: `ip-${counter}`,
      created_at: at,
      confirmed_at: status === 'confirmed' ? at : null,
      expires_at: status === 'pending' ? '2026-01-10T10:00:00.000Z' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Who acts, for confirmedAction. */
export interface SupporterDetails {
  readonly name: string;
  readonly email: string;
  readonly city?: string | null;
  readonly country?: string;
  /** The name a protective letter is signed with. */
  readonly signAs?: string | null;
  /** The language of the page the supporter acted on; the campaign's first by default. */
  readonly letterLanguage?: string;
}

/**
 * A supporter (the one of that address, or a new one) and their confirmed 'placard' action,
 * with its letter written for the officials and its deliveries queued in the same
 * transaction, at `now`, as confirming one does it. Returns the ids.
 */
export async function confirmedAction(
  db: Kysely<DB>,
  campaign: Campaign,
  supporter: SupporterDetails,
  options: { now: Date; mail?: MailIdentity },
): Promise<{ actionId: number; supporterId: number }> {
  const now = options.now.toISOString();
  const country = supporter.country ?? 'IE';
  const city = supporter.city ?? null;
  const signAs = supporter.signAs ?? null;
  const language = letterLanguageOf(campaign, supporter.letterLanguage);
  const own = { text: campaign.translations.find((t) => t.language === language)?.letter.body ?? campaign.letter.body, language };
  const who = { name: supporter.name, email: supporter.email, city, country, signAs };
  const letter = letterForOfficials(own.text, who, campaign.identityMode, { language });
  const byTarget = lettersForTargets(campaign, own, who);
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
        letter_language: language,
        created_at: now,
        confirmed_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await queueDeliveries(
      trx,
      campaign,
      { actionId, letter, byTarget, supporter: { name: supporter.name, email: supporter.email } },
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

/** A consent, confirmed unless told otherwise. */
export async function createConsent(
  db: Kysely<DB>,
  supporterId: number,
  scope: ConsentScope,
  options: { campaignId?: number | null; sectionSlug?: string; confirmed?: boolean; withdrawnAt?: string; wording?: string } = {},
): Promise<number> {
  const sectionId = options.sectionSlug
    ? (await db.selectFrom('sections').select('id').where('slug', '=', options.sectionSlug).executeTakeFirstOrThrow()).id
    : null;
  const { id } = await db
    .insertInto('consents')
    .values({
      supporter_id: supporterId,
      scope,
      campaign_id: options.campaignId ?? null,
      section_id: sectionId,
      wording: options.wording ?? (scope === 'campaign_updates' ? 'Tell me how this campaign goes.' : 'Send me the section’s news.'),
      given_at: '2026-01-03T10:00:00.000Z',
      confirmed_at: options.confirmed === false ? null : '2026-01-03T10:05:00.000Z',
      withdrawn_at: options.withdrawnAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A message in the outbox, queued unless a status is given. */
export async function createMessage(db: Kysely<DB>, message: NewOutboxMessage, status: OutboxStatus = 'queued'): Promise<number> {
  const id = await db.transaction().execute((trx) => enqueueMessage(trx, message, { now: '2026-01-03T10:05:00.000Z', domain: 'example.org' }));
  if (status !== 'queued')
    await db
      .updateTable('outbox')
      .set({ status, sent_at: status === 'sent' ? '2026-01-03T11:00:00.000Z' : null })
      .where('id', '=', id)
      .execute();
  return id;
}

// ---------------------------------------------------------------------------------------
// The coordinator's campaign editor

/** A complete campaign form as a coordinator would fill it in; tests override what they are about. */
export function campaignForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    kind: 'letter',
    reference: 'UA 17/12',
    title: 'Free Natalya Sokolova',
    slug: '',
    summary: 'A union lawyer is in prison in Aktau.',
    demands: 'Release Natalya Sokolova\nDrop all charges',
    letterSubjects: 'Release Natalya Sokolova\nDrop the charges',
    letterBody: 'I protest at the imprisonment of Natalya Sokolova.\n\nYours sincerely,\n{{name}}, {{city}}, {{country}}',
    petitionText: '',
    callScript: 'I am calling about Natalya Sokolova.',
    copyTo: 'copies@example.org',
    languages: 'en, ru',
    deadline: '2026-04-30',
    section: 'cwi',
    identityMode: '',
    'translation-ru-title': 'Свободу Наталье Соколовой',
    'translation-ru-summary': 'Профсоюзный юрист находится в заключении в Актау.',
    'translation-ru-demands': 'Освободить Наталью Соколову\nСнять все обвинения',
    'translation-ru-letterSubjects': 'Освободите Наталью Соколову',
    'translation-ru-letterBody': 'Я протестую против заключения Натальи Соколовой.\n\nС уважением,\n{{name}}, {{city}}, {{country}}',
    'translation-ru-callScript': 'Я звоню по поводу Натальи Соколовой.',
    'translation-ru-petitionText': '',
    'target-0-id': '',
    'target-0-title': 'Prosecutor General',
    'target-0-name': 'Askhat Daulbayev',
    'target-0-organisation': 'Prosecutor’s Office',
    'target-0-country': 'KZ',
    'target-0-email': 'office@prokuror.example.kz',
    'target-0-phone': '+7 7172 712500',
    'target-0-postalAddress': '14 Mangilik Yel\nAstana',
    'target-0-salutation': 'Dear Prosecutor General',
    'target-0-deliveryMode': 'paced',
    'target-0-pacePerHour': '20',
    'target-0-officeHours': 'Mon-Fri 09:00-18:00',
    'target-0-timeZone': 'Asia/Almaty',
    'target-0-digestEvery': '',
    'target-0-letterLanguage': 'ru',
    'target-1-id': '',
    'target-1-title': 'Minister of Justice',
    'target-1-name': '',
    'target-1-organisation': '',
    'target-1-country': 'KZ',
    'target-1-email': 'minister@adilet.example.kz',
    'target-1-phone': '',
    'target-1-postalAddress': '',
    'target-1-salutation': '',
    'target-1-deliveryMode': 'digest',
    'target-1-pacePerHour': '30',
    'target-1-officeHours': '09:00-17:00',
    'target-1-timeZone': 'UTC',
    'target-1-digestEvery': '50',
    'target-1-letterLanguage': 'en',
    'target-2-id': '',
    'target-2-title': '',
    'target-2-name': '',
    'target-2-organisation': '',
    'target-2-country': '',
    'target-2-email': '',
    'target-2-phone': '',
    'target-2-postalAddress': '',
    'target-2-salutation': '',
    'target-2-deliveryMode': 'paced',
    'target-2-pacePerHour': '30',
    'target-2-officeHours': '09:00-17:00',
    'target-2-timeZone': 'UTC',
    'target-2-digestEvery': '',
    'target-2-letterLanguage': 'en',
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------
// The public action forms, as a supporter's browser posts them

/** A supporter's form, valid unless overridden. Each call gets a new address. */
export function supporterForm(overrides: Record<string, string> = {}): Record<string, string> {
  counter++;
  return {
    name: `Ada Lovelace ${counter}`,
    sign_as: 'Ada',
    email: `ada-${counter}-${Date.now()}@example.net`,
    country: 'IE',
    city: 'Dublin',
    letter: 'Release them now.\n\n{{name}}, {{city}}, {{country}}',
    ...overrides,
  };
}

/**
 * Posts a public form as a browser on this site would: urlencoded, with the site's
 * Origin (or the given one; null sends none), from the given address. The action forms
 * answer before the intake worker carries the submission out; unless told not to, this
 * then waits until it has (t.drainIntake), as a supporter waits for the email.
 */
export async function postForm(
  t: TestApp,
  url: string,
  form: Record<string, string>,
  options: { ip?: string; origin?: string | null; headers?: Record<string, string>; drain?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const origin = options.origin === undefined ? new URL(t.config.publicUrl).origin : options.origin;
  const response = await t.app.inject({
    method: 'POST',
    url,
    remoteAddress: options.ip ?? '198.51.100.7',
    payload: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}), ...options.headers },
  });
  if (options.drain !== false) await t.drainIntake();
  return response;
}

/** The counter on a campaign page (or an article calling to it) as a supporter reads it. */
export function counterOn(html: string): { total: string; selfReported: string | null; byCountry: string[][]; asOf: string | null } {
  const counter = page(html).first('section.counter');
  const others = counter.texts('section.counter > p:not(.count-total):not(.meta)');
  return {
    total: counter.text('p.count-total'),
    selfReported: others[0] ?? null,
    byCountry: counter.rows('table.by-country tbody'),
    asOf: counter.has('p.meta') ? counter.text('p.meta') : null,
  };
}

/**
 * A response's headers without `date`, which names the second the answer left: two
 * answers a second apart must still compare equal in everything else.
 */
export function headersButDate(res: { headers: Record<string, unknown> }): Record<string, unknown> {
  const { date: _date, ...rest } = res.headers;
  return rest;
}

// ---------------------------------------------------------------------------------------
// What the database holds afterwards

/** The confirmation emails queued for an address, oldest first, as the outbox holds them. */
export async function confirmationsTo(t: TestApp, email: string): Promise<{ id: number; subject: string; body: string; action_id: number | null }[]> {
  return t.database.db
    .selectFrom('outbox')
    .select(['id', 'subject', 'body', 'action_id'])
    .where('kind', '=', 'confirmation')
    .where('recipient', '=', email.toLowerCase())
    .orderBy('id')
    .execute();
}

/** The confirmation link's path in the newest email to this address: what the supporter clicks. */
export async function confirmPathFor(t: TestApp, email: string): Promise<string> {
  const mails = await confirmationsTo(t, email);
  const body = mails.at(-1)?.body ?? '';
  const link = /https?:\/\/[^\s]+\/confirm\/([A-Za-z0-9_-]+)/.exec(body);
  if (!link) throw new Error(`no confirmation link in the email to ${email}`);
  return `/confirm/${link[1]}`;
}

/** The actions of a campaign (by slug), oldest first. */
export async function actionsOf(t: TestApp, slug: string) {
  return t.database.db
    .selectFrom('actions')
    .innerJoin('campaigns', 'campaigns.id', 'actions.campaign_id')
    .select([
      'actions.id',
      'actions.method',
      'actions.status',
      'actions.country',
      'actions.supporter_id',
      'actions.held_reason',
      'actions.letter',
      'actions.expires_at',
      'actions.confirm_token_hash',
      'actions.ip_key',
      'actions.idempotency_key',
      'actions.created_at',
    ])
    .where('campaigns.slug', '=', slug)
    .orderBy('actions.id')
    .execute();
}

/** Every text value in the tables that hold supporters' data, for "is it gone everywhere?". */
export async function supporterDataText(db: Kysely<DB>): Promise<string> {
  const tables = ['supporters', 'actions', 'consents', 'outbox', 'digest_entries', 'action_intake'] as const;
  const parts: string[] = [];
  for (const table of tables) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    for (const row of rows) for (const value of Object.values(row)) if (typeof value === 'string') parts.push(value);
  }
  return parts.join('\n');
}
