import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ADMIN_PREFIX } from '../../src/web/admin/admin-context.js';
import { guardPolicies } from '../../src/web/admin/policy-guard.js';

describe('unit: policies are checked by scope', () => {
  it('lists every route that declares a policy, admin routes by their full address', async () => {
    const app = Fastify();
    const declared = guardPolicies(app);
    await app.register(
      async (admin) => {
        admin.get('', { config: { policy: 'signed-in' } }, async () => 'home');
        admin.post('/users/:id', { config: { policy: 'users.manage' } }, async () => 'saved');
      },
      { prefix: ADMIN_PREFIX },
    );
    app.get('/preview/:token', { config: { policy: 'public' } }, async () => 'preview');
    app.get('/', async () => 'front page');
    await app.ready();
    expect(declared).toEqual([
      { method: 'GET', url: '/admin', policy: 'signed-in' },
      { method: 'POST', url: '/admin/users/:id', policy: 'users.manage' },
      { method: 'GET', url: '/preview/:token', policy: 'public' },
    ]);
    await app.close();
  });

  it('refuses an admin route that declares no policy', async () => {
    const app = Fastify();
    guardPolicies(app);
    const registered = app.register(async (admin) => admin.get('/forgotten', async () => 'open to all'), { prefix: ADMIN_PREFIX });
    await expect(registered).rejects.toThrow('admin route GET /admin/forgotten declares no policy');
  });

  it('refuses an address under /admin outside the admin plugin, whose hooks would not run for it', () => {
    const app = Fastify();
    guardPolicies(app);
    expect(() => app.get('/admin/elsewhere', { config: { policy: 'users.manage' } }, async () => 'unchecked')).toThrow(/outside the admin plugin/);
  });

  it('refuses a staff policy outside the admin, where nothing would check it', () => {
    const app = Fastify();
    guardPolicies(app);
    expect(() => app.get('/reports', { config: { policy: 'audit.read' } }, async () => 'unchecked')).toThrow(/declares audit.read outside the admin/);
  });
});
