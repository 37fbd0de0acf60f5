import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/accounts/staff.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { Client, createStaff, signInAs, type StaffAccount } from '../support/staff.js';

/*
 * The reviewed table of every route that declares a policy. A route added without an
 * entry here, or with another policy, fails this test: access rules change only on
 * purpose. 'public' routes are open to anyone (sign-in, setup and preview links).
 */
const ROUTES: Record<string, string> = {
  'GET /admin/sign-in': 'public',
  'POST /admin/sign-in': 'public',
  'POST /admin/sign-out': 'public',
  'GET /admin/setup/:token': 'public',
  'POST /admin/setup/:token': 'public',
  'GET /admin/sign-in/code': 'public',
  'POST /admin/sign-in/code': 'public',
  'GET /admin/set-password/:token': 'public',
  'POST /admin/set-password/:token': 'public',
  'GET /preview/:token': 'public',
  'GET /admin': 'signed-in',
  'GET /admin/account': 'signed-in',
  'POST /admin/account/preferences': 'signed-in',
  'POST /admin/account/password': 'signed-in',
  'POST /admin/account/sign-out-everywhere': 'signed-in',
  'GET /admin/account/two-factor': 'signed-in',
  'POST /admin/account/two-factor': 'signed-in',
  'POST /admin/account/two-factor/disable': 'signed-in',
  'GET /admin/users': 'users.manage',
  'GET /admin/users/new': 'users.manage',
  'POST /admin/users': 'users.manage',
  'GET /admin/users/:id': 'users.manage',
  'POST /admin/users/:id': 'users.manage',
  'POST /admin/users/:id/disable': 'users.manage',
  'POST /admin/users/:id/enable': 'users.manage',
  'POST /admin/users/:id/two-factor/remove': 'users.manage',
  'POST /admin/users/:id/reset-password': 'users.manage',
  'GET /admin/audit': 'audit.read',
  'GET /admin/settings': 'settings.manage',
  'GET /admin/sections': 'settings.manage',
  'GET /admin/sections/new': 'settings.manage',
  'POST /admin/sections': 'settings.manage',
  'GET /admin/sections/:id': 'settings.manage',
  'POST /admin/sections/:id': 'settings.manage',
  'POST /admin/sections/:id/retire': 'settings.manage',
  'POST /admin/sections/:id/unretire': 'settings.manage',
  'POST /admin/sections/:id/publications': 'settings.manage',
  'POST /admin/sections/:id/publications/:publicationId': 'settings.manage',
  'POST /admin/sections/:id/publications/:publicationId/delete': 'settings.manage',
  'GET /admin/site': 'settings.manage',
  'POST /admin/site': 'settings.manage',
  'POST /admin/settings': 'settings.manage',
  'GET /admin/import': 'settings.manage',
  'POST /admin/import': 'settings.manage',
  'GET /admin/import/:id': 'settings.manage',
  'GET /admin/syndication': 'articles.publish',
  'POST /admin/syndication/follow': 'articles.publish',
  'POST /admin/syndication/sources/:id/unfollow': 'articles.publish',
  'POST /admin/syndication/sources/:id/rule': 'articles.publish',
  'POST /admin/syndication/items/:id/republish': 'articles.publish',
  'GET /admin/media': 'media.write',
  'GET /admin/media/upload': 'media.write',
  'POST /admin/media/upload': 'media.write',
  'GET /admin/media/:id': 'media.write',
  'POST /admin/media/:id': 'media.write',
  'GET /admin/articles': 'articles.read',
  'GET /admin/articles/new': 'articles.write',
  'POST /admin/articles/new': 'articles.write',
  'POST /admin/articles/preview': 'articles.write',
  'GET /admin/articles/:id/edit': 'articles.read',
  'POST /admin/articles/:id/edit': 'articles.write',
  'POST /admin/articles/:id/submit': 'articles.write',
  'POST /admin/articles/:id/translations/add': 'articles.write',
  'POST /admin/articles/:id/translations/current': 'articles.write',
  'POST /admin/articles/:id/translations/link': 'articles.write',
  'POST /admin/articles/:id/translations/unlink': 'articles.write',
  'POST /admin/articles/:id/return': 'articles.publish',
  'POST /admin/articles/:id/schedule': 'articles.publish',
  'POST /admin/articles/:id/unschedule': 'articles.publish',
  'POST /admin/articles/:id/publish': 'articles.publish',
  'POST /admin/articles/:id/update': 'articles.publish',
  'POST /admin/articles/:id/withdraw': 'articles.publish',
  'GET /admin/articles/:id/revisions': 'articles.read',
  'POST /admin/articles/:id/revisions/:version/restore': 'articles.write',
  'POST /admin/articles/:id/preview-links': 'articles.write',
  'POST /admin/articles/:id/preview-links/revoke': 'articles.write',
  'GET /admin/campaigns': 'campaigns.manage',
  'GET /admin/campaigns/new': 'campaigns.manage',
  'POST /admin/campaigns/new': 'campaigns.manage',
  'GET /admin/campaigns/:id': 'campaigns.manage',
  'GET /admin/campaigns/:id/edit': 'campaigns.manage',
  'POST /admin/campaigns/:id/edit': 'campaigns.manage',
  'POST /admin/campaigns/:id/status': 'campaigns.manage',
  'POST /admin/campaigns/:id/delivery': 'campaigns.manage',
  'POST /admin/campaigns/:id/outcomes': 'campaigns.manage',
  'POST /admin/campaigns/:id/held': 'campaigns.manage',
  'GET /admin/campaigns/settings': 'settings.manage',
  'POST /admin/campaigns/settings': 'settings.manage',
  'GET /admin/outbox': 'settings.manage',
  'GET /admin/outbox/:id': 'settings.manage',
  'GET /admin/campaigns/:id/exports': 'campaigns.manage',
  'GET /admin/campaigns/:id/exports/supporters.csv': 'campaigns.manage',
  'GET /admin/campaigns/:id/exports/signatures.csv': 'campaigns.manage',
  'GET /admin/campaigns/:id/exports/signatures': 'campaigns.manage',
};

/** Which policies each role holds: the matrix the issue states, written out here on purpose. */
const MATRIX: Record<Role, readonly string[]> = {
  administrator: [
    'signed-in',
    'articles.read',
    'articles.write',
    'articles.publish',
    'media.write',
    'campaigns.manage',
    'users.manage',
    'audit.read',
    'settings.manage',
  ],
  editor: ['signed-in', 'articles.read', 'articles.write', 'articles.publish', 'media.write'],
  section_editor: ['signed-in', 'articles.read', 'articles.write', 'articles.publish', 'media.write'],
  author: ['signed-in', 'articles.read', 'articles.write', 'media.write'],
  coordinator: ['signed-in', 'campaigns.manage'],
};

// Requests that end the caller's own session are checked for access, then the caller signs in again.
const ENDS_SESSION = new Set(['POST /admin/account/sign-out-everywhere', 'POST /admin/account/password', 'POST /admin/account/two-factor/disable']);

// Each role signs in from its own address: the empty password forms count as failed
// attempts, and five from one address would throttle the next sign-in.
function ipOf(role: Role): string {
  return `192.0.2.${Object.keys(MATRIX).indexOf(role) + 10}`;
}

function concrete(url: string): string {
  return url.replace(':id', '999999').replace(':token', 'no-such-token').replace(':version', '1');
}

describe.each(DATABASES)('http (%s): every admin route against every role', (kind) => {
  let t: TestApp;
  const accounts = new Map<Role, StaffAccount>();
  const clients = new Map<Role, Client>();
  beforeAll(async () => {
    t = await startTestApp(kind);
    for (const role of Object.keys(MATRIX) as Role[]) {
      const account = await createStaff(t, role, role === 'section_editor' ? { sections: ['socialist-party-ireland'] } : {});
      accounts.set(role, account);
      clients.set(role, await signInAs(t, account, ipOf(role)));
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it('knows every route and its policy, and no route lacks one', () => {
    const registered = Object.fromEntries(t.routes.map((r) => [`${r.method} ${r.url}`, r.policy]));
    expect(registered).toEqual(ROUTES);
  });

  it('sends anonymous visitors to sign in, and never serves them a staff page', async () => {
    const anonymous = new Client(t);
    for (const [route, policy] of Object.entries(ROUTES)) {
      if (policy === 'public') continue;
      const [method, url] = route.split(' ') as [string, string];
      const res = method === 'GET' ? await anonymous.get(concrete(url)) : await anonymous.post(concrete(url), {});
      if (method === 'GET') {
        expect(res.statusCode, route).toBe(303);
        expect(res.headers.location, route).toMatch(/^\/admin\/sign-in\?next=/);
      } else {
        expect(res.statusCode, route).toBe(401);
      }
    }
  });

  it.each(Object.keys(MATRIX) as Role[])('lets a %s reach exactly what the matrix gives the role', async (role) => {
    for (const [route, policy] of Object.entries(ROUTES)) {
      if (policy === 'public') continue;
      const [method, url] = route.split(' ') as [string, string];
      const client = clients.get(role)!;
      const res = method === 'GET' ? await client.get(concrete(url)) : await client.post(concrete(url), {});
      if (MATRIX[role].includes(policy)) {
        expect([401, 403], `${role} ${route} → ${res.statusCode}`).not.toContain(res.statusCode);
        if (method === 'GET') expect(String(res.headers.location ?? ''), `${role} ${route}`).not.toMatch(/sign-in/);
      } else {
        expect(res.statusCode, `${role} ${route}`).toBe(403);
      }
      if (ENDS_SESSION.has(route) || (await client.get('/admin')).statusCode !== 200) clients.set(role, await signInAs(t, accounts.get(role)!, ipOf(role)));
    }
  });
});
