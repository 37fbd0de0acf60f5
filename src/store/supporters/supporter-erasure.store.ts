import { sql, type Transaction } from 'kysely';
import type { OutboxKind, OutboxStatus } from '../../domain/outbox/outbox.js';
import type { DB } from '../db/schema.js';

/*
 * The queries of erasure. Each takes the supporters' ids and runs in the caller's
 * transaction: erasure is all or nothing. Counts are made of actions' status, method,
 * country and dates, which stay.
 */

/** Who is being erased, as the scrubbing of message bodies needs them. */
export interface ErasedPerson {
  readonly id: number;
  readonly email: string | null;
  readonly name: string | null;
  readonly city: string | null;
}

// Messages sent to the supporter themselves; letters and digests go to targets.
const TO_SUPPORTER_EXCLUDES: readonly OutboxKind[] = ['letter', 'digest', 'copy_digest'];
// A message a worker has claimed may still be cancelled; its send is then the last.
const NOT_YET_SENT: readonly OutboxStatus[] = ['queued', 'sending'];

/** The supporters among these ids that are not erased yet, with what identifies them. */
export async function supportersToErase(trx: Transaction<DB>, ids: readonly number[]): Promise<ErasedPerson[]> {
  if (ids.length === 0) return [];
  return trx.selectFrom('supporters').select(['id', 'email', 'name', 'city']).where('id', 'in', ids).where('erased_at', 'is', null).execute();
}

/** The campaigns these supporters acted on (whose pages may show them). */
export async function campaignsActedOn(trx: Transaction<DB>, supporterIds: readonly number[]): Promise<number[]> {
  if (supporterIds.length === 0) return [];
  const rows = await trx.selectFrom('actions').select('campaign_id').distinct().where('supporter_id', 'in', supporterIds).execute();
  return rows.map((r) => r.campaign_id);
}

/** Nulls email, name and city and stamps erased_at; the country stays (counts are per country). */
export async function anonymiseSupporters(trx: Transaction<DB>, ids: readonly number[], now: string): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('supporters').set({ email: null, name: null, city: null, erased_at: now }).where('id', 'in', ids).execute();
}

/**
 * Keeps each counted action's method, status, country and dates, and removes the letter
 * and every key that could link it back to a person. An action still awaiting
 * confirmation is deleted (it never counted and can no longer be confirmed); a held one
 * is discarded (a coordinator's release would send a letter from nobody).
 */
export async function anonymiseActions(trx: Transaction<DB>, supporterIds: readonly number[]): Promise<void> {
  if (supporterIds.length === 0) return;
  await trx.deleteFrom('actions').where('supporter_id', 'in', supporterIds).where('status', '=', 'pending').execute();
  await trx.updateTable('actions').set({ status: 'discarded' }).where('supporter_id', 'in', supporterIds).where('status', '=', 'held').execute();
  await trx
    .updateTable('actions')
    .set({ letter: null, sign_as: null, idempotency_key: null, confirm_token_hash: null, ip_key: null, reporter_key: null })
    .where('supporter_id', 'in', supporterIds)
    .execute();
}

/** Deletes the consents: with the address gone there is nobody left to contact. */
export async function deleteConsents(trx: Transaction<DB>, supporterIds: readonly number[]): Promise<void> {
  if (supporterIds.length === 0) return;
  await trx.deleteFrom('consents').where('supporter_id', 'in', supporterIds).execute();
}

/**
 * Letters written for these supporters. A named letter carries the supporter's name and
 * Reply-To: one not yet sent is cancelled, and every one loses name, address and text.
 * A protective letter carries the signing name and country only and still goes out (the
 * supporter erased their data, not their protest); once sent, its text is dropped.
 */
export async function scrubLetters(trx: Transaction<DB>, supporterIds: readonly number[]): Promise<void> {
  if (supporterIds.length === 0) return;
  const theirActions = trx.selectFrom('actions').select('id').where('supporter_id', 'in', supporterIds);
  const letters = trx.updateTable('outbox').where('kind', '=', 'letter').where('action_id', 'in', theirActions);
  await letters.set({ status: 'cancelled' }).where('reply_to', 'is not', null).where('status', 'in', NOT_YET_SENT).execute();
  await letters.set({ reply_to: null, from_name: null, body: '' }).where('reply_to', 'is not', null).execute();
  await letters.set({ body: '' }).where('status', 'not in', NOT_YET_SENT).execute();
}

/**
 * Messages to the supporter (confirmations, outcome updates, …): one not yet sent is
 * cancelled, and every one loses its recipient and text.
 */
export async function scrubMessagesTo(trx: Transaction<DB>, people: readonly ErasedPerson[]): Promise<void> {
  const ids = people.map((p) => p.id);
  const emails = people.flatMap((p) => (p.email ? [p.email.toLowerCase()] : []));
  if (ids.length === 0) return;
  const theirActions = trx.selectFrom('actions').select('id').where('supporter_id', 'in', ids);
  const toThem = trx
    .updateTable('outbox')
    .where('kind', 'not in', TO_SUPPORTER_EXCLUDES)
    .where((eb) => eb.or([eb('action_id', 'in', theirActions), ...(emails.length > 0 ? [eb(sql<string>`lower(recipient)`, 'in', emails)] : [])]));
  await toThem.set({ status: 'cancelled' }).where('status', 'in', NOT_YET_SENT).execute();
  await toThem.set({ recipient: null, body: '' }).execute();
}

/**
 * Digests already written list many supporters, one a line ("Name, City, Country"); on
 * the lines that name these supporters, the name becomes "A supporter" (as a digest
 * written after erasure says) and the city goes, so the others' record stays whole.
 */
export async function scrubDigests(trx: Transaction<DB>, people: readonly ErasedPerson[]): Promise<void> {
  if (people.length === 0) return;
  const theirActions = trx
    .selectFrom('actions')
    .select('id')
    .where(
      'supporter_id',
      'in',
      people.map((p) => p.id),
    );
  const digests = trx
    .selectFrom('digest_entries')
    .select('outbox_id')
    .where('action_id', 'in', theirActions)
    .where('outbox_id', 'is not', null)
    .$narrowType<{ outbox_id: number }>();
  const rows = await trx.selectFrom('outbox').select(['id', 'body']).where('id', 'in', digests).execute();
  const identity = wholeWords(people.flatMap((p) => [p.email, p.name]));
  const cities = wholeWords(
    people.map((p) => p.city),
    ',\\s*',
  );
  if (!identity) return;
  const scrubLine = (line: string) => {
    // search(), unlike test(), ignores a global pattern's lastIndex.
    if (line.search(identity) === -1) return line;
    const unnamed = line.replace(identity, 'A supporter');
    return cities ? unnamed.replace(cities, '') : unnamed;
  };
  for (const row of rows) {
    const body = row.body.split('\n').map(scrubLine).join('\n');
    if (body !== row.body) await trx.updateTable('outbox').set({ body }).where('id', '=', row.id).execute();
  }
}

/**
 * One case-insensitive pattern for any of these texts, longest first (a name inside an
 * address), matched only as a whole: erasing "Sam Lee" leaves "Sam Leeds" alone.
 * `lead` is a pattern the match may start with (the comma before a city).
 */
function wholeWords(texts: readonly (string | null)[], lead = ''): RegExp | null {
  const present = texts.filter((t): t is string => !!t && t.trim().length > 0);
  if (present.length === 0) return null;
  const escaped = [...new Set(present)].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?:${lead})?(?<![\\p{L}\\p{N}._%+-])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Campaigns whose data was erased after closing get a date, so retention passes them by. */
export async function markCampaignDataErased(trx: Transaction<DB>, campaignId: number, now: string): Promise<void> {
  await trx.updateTable('campaigns').set({ data_erased_at: now }).where('id', '=', campaignId).execute();
}
