import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/domain/accounts/staff.js';
import { base32Decode, totp } from '../../src/domain/accounts/totp.js';
import { createUser } from '../../src/services/accounts/users.js';
import type { TestApp } from './app.js';
import { page } from './html.js';

let counter = 0;

/** A staff account to sign in with. */
export interface StaffAccount {
  readonly id: number;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
}

/** Creates an account of a role (section editors get the sections named, by slug). */
export async function createStaff(
  t: TestApp,
  role: Role,
  options: { sections?: string[]; email?: string; password?: string; name?: string } = {},
): Promise<StaffAccount> {
  counter++;
  const email = options.email ?? `${role.replace('_', '-')}-${counter}@example.org`;
  const password = options.password ?? `correct horse battery ${counter}`;
  const id = await createUser(
    { db: t.database.db, clock: () => new Date(), commonPasswords: () => new Set() },
    {
      email,
      name: options.name ?? `${role} ${counter}`,
      role,
      password,
      sectionSlugs: options.sections ?? (role === 'section_editor' ? ['socialist-party-ireland'] : []),
    },
  );
  return { id, email, password, role };
}

/** A browser-like client: keeps cookies, sends the CSRF token and a same-site Origin on every form. */
export class Client {
  readonly cookies = new Map<string, string>();
  /** `ip` is the address requests come from (throttling counts per address). */
  constructor(
    readonly t: TestApp,
    readonly ip = '127.0.0.1',
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  /** The CSRF token a form on this site would carry. */
  get csrf(): string {
    return [...this.cookies].find(([k]) => k.endsWith('placard-csrf'))?.[1] ?? '';
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(await this.t.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** Posts a form as a browser would, with the CSRF token unless `csrf: false`. */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    options: { csrf?: boolean; origin?: string | null; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/admin/sign-in');
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    if (options.csrf !== false) body.set('_csrf', this.csrf);
    const origin = options.origin === undefined ? new URL(this.t.config.publicUrl).origin : options.origin;
    return this.keep(
      await this.t.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        payload: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...(origin ? { origin } : {}), ...options.headers },
      }),
    );
  }
}

/** Signs an account in (password only) and returns its client. */
export async function signInAs(t: TestApp, account: Pick<StaffAccount, 'email' | 'password'>, ip?: string): Promise<Client> {
  const client = new Client(t, ip);
  await client.get('/admin/sign-in');
  const res = await client.post('/admin/sign-in', { email: account.email, password: account.password });
  if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
  return client;
}

/** The summaries of the audit log's entries of one action about one account, oldest first. */
export async function auditSummaries(t: TestApp, action: string, account: Pick<StaffAccount, 'id'>): Promise<string[]> {
  const entries = await t.database.db
    .selectFrom('audit_log')
    .select('summary')
    .where('action', '=', action)
    .where('subject_id', '=', String(account.id))
    .orderBy('id')
    .execute();
  return entries.map((e) => e.summary);
}

/** The audit log page's entries as it lists them, newest first: when, who, which action, and what. */
export function auditLogRows(html: string): { at: string; actor: string; action: string; summary: string }[] {
  return page(html)
    .all('table.audit tbody tr')
    .map((row) => {
      const [, actor = '', action = '', , summary = ''] = row.texts('td');
      return { at: row.first('time').attr('datetime') ?? '', actor, action, summary };
    });
}

/** The key the two-step enrolment page shows to type into an app, without the spaces that group it in fours. */
export function totpKeyShown(html: string): string {
  return page(html).text('code#totp-secret').replace(/ /g, '');
}

/** The recovery codes the page shows once, right after enrolment. */
export function recoveryCodesShown(html: string): string[] {
  return page(html).texts('ul.recovery-codes li code');
}

/**
 * Turns two-step sign-in on for a signed-in client as its owner would: the key from the
 * page into an app, the app's code at the clock's time back. Returns the key and the
 * recovery codes shown.
 */
export async function enrolTwoFactor(client: Client, clock: () => Date): Promise<{ secret: string; codes: string[] }> {
  const res = await client.get('/admin/account/two-factor');
  if (res.statusCode !== 200) throw new Error(`the enrolment page answered ${res.statusCode}`);
  const secret = totpKeyShown(res.body);
  const done = await client.post('/admin/account/two-factor', { code: totp(base32Decode(secret)!, clock()) });
  if (done.statusCode !== 200) throw new Error(`enrolling answered ${done.statusCode}`);
  return { secret, codes: recoveryCodesShown(done.body) };
}
