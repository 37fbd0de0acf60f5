import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';

/** The demo's urgent action (protective, three targets in Kazakhstan, a copy-to address). */
export const DEMO_SLUG = 'stop-state-brutality-in-kazakhstan';

let counter = 0;

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

/** The id of a campaign by slug. */
export async function campaignIdOf(t: TestApp, slug: string): Promise<number> {
  const row = await t.database.db.selectFrom('campaigns').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

/** Polls until `probe` holds (no sleeping for a fixed time). */
export async function eventually(probe: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A response's headers without `date`, which names the second the answer left: two
 * answers a second apart must still compare equal in everything else.
 */
export function headersButDate(res: { headers: Record<string, unknown> }): Record<string, unknown> {
  const { date: _date, ...rest } = res.headers;
  return rest;
}
