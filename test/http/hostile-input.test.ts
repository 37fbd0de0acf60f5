import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMultiline } from '../../src/web/input/input-guard.hook.js';
import { DATABASES } from '../support/databases.js';
import { HOSTILE_VALUES } from '../support/hostile-corpus.js';
import { failuresOf, hostileRequest, oddRequests, variantsOf, type HostileRequest } from '../support/hostile-requests.js';
import { isOpen, startHostileWorld, type HostileWorld } from '../support/hostile-setup.js';

/*
 * Every route, as the app registered it, gets every hostile value from an anonymous
 * visitor — every way it can take one where the route is open to the public, at least
 * one way behind the sign-in wall; no answer may be a 5xx. The roles' suite is
 * hostile-roles.test.ts. Failures list each request so it can be sent again by hand.
 */
describe.each(DATABASES)('http (%s): hostile input from anonymous visitors', (kind) => {
  let world: HostileWorld;
  beforeAll(async () => {
    world = await startHostileWorld(kind);
  }, 120_000);
  afterAll(async () => world?.t.close());

  it('finds every route with a real address, and forms for the routes that have them', () => {
    expect(world.targets.length).toBeGreaterThan(80);
    expect(world.targets.find((r) => r.pattern === '/articles/:slug')?.realUrl).not.toBe('/articles/1');
    expect(world.names).toEqual(expect.arrayContaining(['email', 'name', 'city', 'title', 'bodyMarkdown']));
  });

  it('keeps the line breaks of every textarea the site renders', () => {
    const textareas = [...new Set(world.targets.flatMap((r) => r.textareas))];
    expect(textareas).toEqual(expect.arrayContaining(['bodyMarkdown', 'letterBody']));
    expect(
      textareas.filter((name) => !isMultiline(name)),
      'textareas the input guard treats as one-line',
    ).toEqual([]);
  });

  it('answers every hostile value on every route without a server error', async () => {
    const sender = world.clients.get('anonymous')!;
    const requests: HostileRequest[] = [];
    let index = 0;
    for (const target of world.targets) {
      // Open routes get each value every way; behind the sign-in wall, one way each turns from value to value.
      const variants = variantsOf(target);
      HOSTILE_VALUES.forEach((value, i) => {
        for (const variant of isOpen(world, target) ? variants : [variants[i % variants.length]!])
          requests.push(hostileRequest(target, value, variant, { sender, names: world.names, index: index++ }));
      });
      requests.push(...oddRequests(target, { sender, names: world.names }));
    }
    const failures = await failuresOf(world.t, 'anonymous', requests);
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);

  it('serves no file outside the asset and media folders', async () => {
    for (const url of [
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/media/..%2f..%2fplacard.sqlite',
      '/assets/..%5c..%5cpackage.json',
    ]) {
      const res = await world.t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
  });

  it('answers a malformed address with its own error page and the security headers', async () => {
    for (const url of ['/articles/%ff%fe', '/articles/%zz', '/articles/a%00b', '/?page=%00']) {
      const page = await world.t.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(400);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(page.headers['content-security-policy'], url).toContain("default-src 'none'");
      expect(page.headers['x-frame-options'], url).toBe('DENY');
      const api = await world.t.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
      expect(api.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(api.json(), url).toMatchObject({ status: 400, code: 'bad_request' });
      expect(api.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('refuses control characters in an email address, name or city, the same on both databases', async () => {
    const sender = world.clients.get('anonymous')!;
    const action = world.targets.find((r) => r.pattern === '/campaigns/:slug/act')!;
    const typed = { email: 'ann@example.org', name: 'Ann', city: 'Cork' };
    const tries = [
      { email: 'someone\u0000@example.org' },
      { email: 'some\u0007one@example.org' },
      { email: 'someone@example.org\u0085' },
      { name: 'A\u0000nn' },
      { city: 'Co\u007frk' },
    ];
    for (const changed of tries) {
      const res = await world.t.app.inject({
        method: 'POST',
        url: action.realUrl,
        remoteAddress: '192.0.2.77',
        payload: new URLSearchParams({ ...action.fields, ...typed, ...changed, _csrf: sender.csrf }).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `placard-csrf=${sender.csrf}`,
          origin: 'https://news.example.org',
          accept: 'application/json',
        },
      });
      expect(res.statusCode, JSON.stringify(changed)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'bad_request' });
    }
  });
});
