import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/accounts/staff.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { HOSTILE_VALUES } from '../support/hostile-corpus.js';
import { failuresOf, hostileRequest, oddRequests, variantsOf, type HostileRequest } from '../support/hostile-requests.js';
import { admits, ENDS_SESSION, HOSTILE_ROLES, isOpen, startHostileWorld, type HostileWorld } from '../support/hostile-setup.js';

/*
 * Every staff route a role may use gets every hostile value at least once from a signed-in
 * member of staff with a valid CSRF token, so the values reach the handlers and not only
 * the CSRF wall; the way each value travels (path, query, one field, every field, JSON)
 * turns from role to role to keep the run short. No answer may be a 5xx. Routes open to
 * everyone (the public site, the sign-in form) get every value every way from an anonymous
 * visitor in hostile-input.test.ts: public pages never read the staff session, so sending
 * them again from each role would repeat that suite four times.
 */
describe.each(DATABASES)('http (%s): hostile input from every role', (kind) => {
  let world: HostileWorld;
  beforeAll(async () => {
    world = await startHostileWorld(kind);
  }, 120_000);
  afterAll(async () => world?.t.close());

  it.each(HOSTILE_ROLES.map((role, i) => [role, i] as const))(
    'answers a %s without a server error',
    async (role: Role, turn: number) => {
      const failures: string[] = [];
      let index = 0;
      for (const target of world.targets.filter((r) => admits(world, role, r) && !isOpen(world, r))) {
        const sender = world.clients.get(role)!;
        const variants = variantsOf(target);
        const requests: HostileRequest[] = HOSTILE_VALUES.map((value, i) =>
          hostileRequest(target, value, variants[(i + turn) % variants.length]!, { sender, names: world.names, index: index++ }),
        );
        requests.push(...oddRequests(target, { sender, names: world.names }).filter((r) => !r.label.includes('cookie')));
        const endsSession = ENDS_SESSION.test(`${target.method} ${target.pattern}`);
        failures.push(...(await failuresOf(world.t, role, requests, endsSession ? async () => void (await world.resignIn(role)) : undefined)));
        // A request that changed the sender's access (a setting, a role) must not silently weaken the rest of the run.
        const check = await world.clients.get(role)!.get('/admin');
        expect(check.statusCode, `${role} still signed in after ${target.method} ${target.pattern}`).toBe(200);
      }
      expect(failures, failures.join('\n')).toEqual([]);
    },
    120_000,
  );

  it('shows the admin article list for a country code that is no country', async () => {
    for (const country of ['ZZZ', 'Z', '12', 'zz%00']) {
      const res = await world.clients.get('administrator')!.get(`/admin/articles?country=${country}`);
      expect(res.statusCode, country).toBeLessThan(500);
    }
    expect((await world.clients.get('administrator')!.get('/admin/articles?country=ZZZ')).statusCode).toBe(200);
  });

  it('keeps bidi controls and line breaks out of a one-line name, as a text input would', async () => {
    const admin = world.clients.get('administrator')!;
    const res = await admin.post('/admin/users', { email: `bidi-${kind}@example.org`, name: 'Ann \u202eeeL\u202c\r\nSmith', role: 'author' });
    expect(res.statusCode).toBe(201);
    const list = await admin.get('/admin/users');
    const row = page(list.body)
      .all('main table tbody tr')
      .find((r) => r.texts('td')[1] === `bidi-${kind}@example.org`);
    expect(row?.texts('td')[0]).toBe('Ann eeLSmith');
    expect(list.body).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it('refuses control characters in the upload form, which its route reads itself', async () => {
    const author = world.clients.get('author')!;
    const boundary = 'b0undary';
    const part = (name: string, value: string) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const file = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.svg"\r\ncontent-type: image/svg+xml\r\n\r\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\r\n`;
    const res = await world.t.app.inject({
      method: 'POST',
      url: `/admin/media/upload?_csrf=${encodeURIComponent(author.csrf)}`,
      payload: `${part('alt', 'A\u0000 photo')}${part('caption', 'x')}${file}--${boundary}--\r\n`,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: [...author.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: 'https://news.example.org',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('control characters');
  });
});
