import type { Role } from '../../src/domain/accounts/staff.js';
import { allows } from '../../src/domain/accounts/staff.js';
import { DEFAULT_SESSION_LIMITS, startSession } from '../../src/services/accounts/sessions.js';
import { cookieNames } from '../../src/web/admin/auth.plugin.js';
import { createCampaign } from './campaigns.js';
import { Client, createStaff, signInAs, type StaffAccount } from './staff.js';
import { startTestApp, type TestApp } from './app.js';
import type { DatabaseKind } from './databases.js';
import { allFieldNames, discoverRoutes, type RouteTarget } from './hostile-routes.js';

/** The roles the hostile suites send as, besides anonymous visitors. */
export const HOSTILE_ROLES: readonly Role[] = ['administrator', 'author', 'section_editor', 'coordinator'];

/** A request that ends the sender's session: the sender signs in again after it. */
export const ENDS_SESSION = /^POST \/admin\/(sign-out|account\/sign-out-everywhere|account\/password|account\/two-factor\/disable)$/;

/** The app with a campaign, staff of every role signed in, and every route with a real address. */
export interface HostileWorld {
  readonly t: TestApp;
  readonly targets: readonly RouteTarget[];
  readonly names: readonly string[];
  readonly accounts: ReadonlyMap<Role, StaffAccount>;
  readonly clients: Map<Role | 'anonymous', Client>;
  /**
   * Gives the role's account a new session without the sign-in form: wrong current
   * passwords sent to the password form count against the account and would throttle
   * its next sign-in, and hashing a password for every request would slow the run.
   */
  resignIn(role: Role): Promise<Client>;
}

let address = 0;
const freshIp = () => `10.9.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

export async function startHostileWorld(kind: DatabaseKind): Promise<HostileWorld> {
  const t = await startTestApp(kind);
  await createCampaign(t.database.db);
  const accounts = new Map<Role, StaffAccount>();
  const clients = new Map<Role | 'anonymous', Client>();
  for (const role of HOSTILE_ROLES) {
    const account = await createStaff(t, role);
    accounts.set(role, account);
    clients.set(role, await signInAs(t, account, freshIp()));
  }
  const anonymous = new Client(t, freshIp());
  await anonymous.get('/admin/sign-in');
  clients.set('anonymous', anonymous);
  // Someone the administrator may disable, reset and edit without locking anyone out.
  const spare = await createStaff(t, 'author');
  const targets = await discoverRoutes(t, [clients.get('administrator')!, anonymous], { '/admin/users/:id': String(spare.id) });
  return {
    t,
    targets,
    names: allFieldNames(targets),
    accounts,
    clients,
    async resignIn(role) {
      const token = await startSession({ db: t.database.db, clock: () => new Date(), limits: DEFAULT_SESSION_LIMITS }, accounts.get(role)!.id, {
        secondFactorDone: true,
      });
      const client = new Client(t, freshIp());
      await client.get('/admin/sign-in');
      client.cookies.set(cookieNames(t.config.publicUrl).session, token);
      clients.set(role, client);
      return client;
    },
  };
}

/** Whether a route is open to anonymous visitors: no policy, or 'public' (sign-in, setup links). */
export function isOpen(world: HostileWorld, target: RouteTarget): boolean {
  const declared = world.t.routes.find((r) => r.method === target.method && r.url === target.pattern);
  return !declared || declared.policy === 'public';
}

/** Whether a role may use a route at all. */
export function admits(world: HostileWorld, role: Role, target: RouteTarget): boolean {
  const declared = world.t.routes.find((r) => r.method === target.method && r.url === target.pattern);
  return !declared || declared.policy === 'public' || allows({ role }, declared.policy);
}
