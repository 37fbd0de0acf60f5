import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/accounts/staff.js';
import { DATABASES } from '../support/databases.js';
import { HOSTILE_VALUES } from '../support/hostile-corpus.js';
import { failuresOf, hostileRequest, oddRequests, variantsOf, type HostileRequest } from '../support/hostile-requests.js';
import { admits, ENDS_SESSION, HOSTILE_ROLES, startHostileWorld, type HostileWorld } from '../support/hostile-setup.js';

/*
 * Every route a role may use gets every hostile value at least once from a signed-in
 * member of staff with a valid CSRF token, so the values reach the handlers and not only
 * the CSRF wall; the way each value travels (path, query, one field, every field, JSON)
 * turns from role to role to keep the run short. No answer may be a 5xx.
 */
describe.each(DATABASES)('http (%s): hostile input from every role', (kind) => {
  let world: HostileWorld;
  beforeAll(async () => {
    world = await startHostileWorld(kind);
  }, 120_000);
  afterAll(async () => world?.t.close());

  it.each(HOSTILE_ROLES.map((role, i) => [role, i] as const))('answers a %s without a server error', async (role: Role, turn: number) => {
    const failures: string[] = [];
    let index = 0;
    for (const target of world.targets.filter((r) => admits(world, role, r))) {
      const sender = world.clients.get(role)!;
      const variants = variantsOf(target);
      const requests: HostileRequest[] = HOSTILE_VALUES.map((value, i) => hostileRequest(target, value, variants[(i + turn) % variants.length]!, { sender, names: world.names, index: index++ }));
      requests.push(...oddRequests(target, { sender, names: world.names }).filter((r) => !r.label.includes('cookie')));
      const endsSession = ENDS_SESSION.test(`${target.method} ${target.pattern}`);
      failures.push(...(await failuresOf(world.t, role, requests, endsSession ? async () => void (await world.resignIn(role)) : undefined)));
      // A request that changed the sender's access (a setting, a role) must not silently weaken the rest of the run.
      const check = await world.clients.get(role)!.get('/admin');
      expect(check.statusCode, `${role} still signed in after ${target.method} ${target.pattern}`).toBe(200);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);
});
