import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScheduledPublishing } from '../../src/jobs/scheduled-publishing.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createThroughForm } from '../support/articles.js';
import { campaignForm, postForm, supporterForm } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { type Client, createStaff, signInAs, type StaffAccount } from '../support/staff.js';

const SWEDEN = 'rattvisepartiet-socialisterna';
const KAZAKHSTAN = 'socialist-movement-kazakhstan';

describe.each(DATABASES)('http (%s): times in the staff member’s zone, stored in UTC', (kind) => {
  let t: TestApp;
  const clock = testClock('2026-03-01T09:00:00.000Z');
  let accounts: { stockholm: StaffAccount; plain: StaffAccount; coordinator: StaffAccount };
  let ip = 0;
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    await t.database.db.updateTable('sections').set({ time_zone: 'Europe/Stockholm' }).where('slug', '=', SWEDEN).execute();
    await t.database.db.updateTable('sections').set({ time_zone: 'Asia/Almaty' }).where('slug', '=', KAZAKHSTAN).execute();
    accounts = {
      stockholm: await createStaff(t, 'editor', { name: 'Sven Stockholm' }),
      plain: await createStaff(t, 'editor', { name: 'Aigerim Almaty' }),
      coordinator: await createStaff(t, 'administrator', { name: 'Cora Coordinator' }),
    };
    // The Stockholm editor chooses a zone of their own on the account page.
    const sven = await signInAs(t, accounts.stockholm);
    expect((await sven.post('/admin/account/preferences', { language: '', timeZone: 'Europe/Stockholm' })).statusCode).toBe(303);
  });
  afterAll(async () => t?.close());

  /** Sessions end after 30 idle minutes; a test that moves the clock signs in again. */
  const as = (account: StaffAccount): Promise<Client> => signInAs(t, account);
  const article = (id: number) => t.database.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const panelOf = async (client: Client, id: number) => page((await client.get(`/admin/articles/${id}/edit`)).body).first('section.workflow');

  it('refuses a time the clocks skip, keeps what was typed, and says so beside the field', async () => {
    const sven = await as(accounts.stockholm);
    const id = await createThroughForm(sven, { title: 'Skipped by the spring change' });
    const panel = await panelOf(sven, id);
    expect(panel.text('label[for=publishAt]')).toBe('Publish at (Europe/Stockholm)');
    const res = await sven.post(`/admin/articles/${id}/schedule`, { publishAt: '2026-03-29T02:30' });
    expect(res.statusCode).toBe(422);
    const form = page(res.body).first('form.action-schedule');
    expect(form.field('publishAt')).toMatchObject({ value: '2026-03-29T02:30' });
    expect(form.errorFor('publishAt')).toBe(
      '2026-03-29 02:30 does not happen in Europe/Stockholm: the clocks jump forward over it that day. Choose another time.',
    );
    expect(await article(id)).toMatchObject({ status: 'draft', published_at: null });
  });

  it('takes the earlier of a time that happens twice, and shows which with its offset', async () => {
    const sven = await as(accounts.stockholm);
    const id = await createThroughForm(sven, { title: 'Twice in the autumn change' });
    expect((await sven.post(`/admin/articles/${id}/schedule`, { publishAt: '2026-10-25T02:30' })).statusCode).toBe(303);
    expect(await article(id)).toMatchObject({ status: 'scheduled', published_at: '2026-10-25T00:30:00.000Z' });
    const status = (await panelOf(sven, id)).first('p.workflow-status');
    expect(status.first('time').attr('datetime')).toBe('2026-10-25T00:30:00.000Z');
    expect(status.text('time')).toMatch(/25 October 2026.* 02:30 CEST \(UTC\+02:00\)$/);
  });

  it('stores a Stockholm time in UTC and publishes the article at that instant', async () => {
    const sven = await as(accounts.stockholm);
    const id = await createThroughForm(sven, { title: 'Published after the spring change' });
    expect((await sven.post(`/admin/articles/${id}/schedule`, { publishAt: '2026-03-29T03:00' })).statusCode).toBe(303);
    expect(await article(id)).toMatchObject({ status: 'scheduled', published_at: '2026-03-29T01:00:00.000Z' });
    expect((await panelOf(sven, id)).text('p.workflow-status time')).toMatch(/29 March 2026.* 03:00 CEST \(UTC\+02:00\)$/);

    const scheduler = createScheduledPublishing({ db: t.database.db, clock, changes: t.changes });
    try {
      clock.set('2026-03-29T00:59:59.000Z');
      expect(await scheduler.runDue()).not.toContain(id);
      expect((await article(id)).status).toBe('scheduled');
      clock.set('2026-03-29T01:00:00.000Z');
      expect(await scheduler.runDue()).toContain(id);
      expect(await article(id)).toMatchObject({ status: 'published', published_at: '2026-03-29T01:00:00.000Z' });
    } finally {
      clock.set('2026-03-01T09:00:00.000Z');
    }
  });

  it('shows and takes the section’s time to an editor who chose no zone', async () => {
    const aigerim = await as(accounts.plain);
    const id = await createThroughForm(aigerim, { title: 'Almaty morning news', sections: [KAZAKHSTAN], credits: `Ainur Bekova | ${KAZAKHSTAN}` });
    expect((await panelOf(aigerim, id)).text('label[for=publishAt]')).toBe('Publish at (Asia/Almaty)');
    expect((await aigerim.post(`/admin/articles/${id}/schedule`, { publishAt: '2026-03-02T10:00' })).statusCode).toBe(303);
    expect((await article(id)).published_at).toBe('2026-03-02T05:00:00.000Z');
    const status = (await panelOf(aigerim, id)).first('p.workflow-status');
    expect(status.text('time')).toMatch(/2 March 2026.* 10:00 GMT\+5 \(UTC\+05:00\)$/);
    // The editor in Stockholm reads the same instant in their own zone.
    const sven = await as(accounts.stockholm);
    expect((await panelOf(sven, id)).text('p.workflow-status time')).toMatch(/2 March 2026.* 06:00 CET \(UTC\+01:00\)$/);
  });

  it('shows the audit log in the reader’s zone, naming it', async () => {
    const sven = await as(accounts.stockholm);
    const id = await createThroughForm(sven, { title: 'Audited in Stockholm' });
    expect((await sven.post(`/admin/articles/${id}/schedule`, { publishAt: '2026-03-05T12:00' })).statusCode).toBe(303);
    const admin = await as(accounts.coordinator);
    const read = async (client: Client) => page((await client.get('/admin/audit?action=article-scheduled')).body);
    // The administrator chose no zone and the site's default is UTC; then the Stockholm zone.
    const utc = await read(admin);
    expect(utc.texts('table.audit thead th')[0]).toBe('When (UTC)');
    expect(utc.first('table.audit tbody tr').text('td time')).toMatch(/1 March 2026.* 09:00:00 UTC$/);
    await admin.post('/admin/account/preferences', { language: '', timeZone: 'Europe/Stockholm' });
    const local = await read(admin);
    expect(local.texts('table.audit thead th')[0]).toBe('When (Europe/Stockholm)');
    const row = local.first('table.audit tbody tr');
    expect(row.first('td time').attr('datetime')).toBe('2026-03-01T09:00:00.000Z');
    expect(row.text('td time')).toMatch(/1 March 2026.* 10:00:00 CET$/);
    await admin.post('/admin/account/preferences', { language: '', timeZone: '' });
  });

  describe('campaign deadlines end at midnight in the campaign’s zone', () => {
    const create = async (deadline: string): Promise<{ id: number; slug: string }> => {
      const coordinator = await as(accounts.coordinator);
      const res = await coordinator.post('/admin/campaigns/new', campaignForm({ title: `Deadline ${deadline}`, deadline, section: SWEDEN }));
      expect(res.statusCode).toBe(303);
      const id = Number(/\/admin\/campaigns\/(\d+)/.exec(String(res.headers.location))?.[1]);
      expect((await coordinator.post(`/admin/campaigns/${id}/status`, { to: 'active' })).statusCode).toBe(303);
      const row = await t.database.db.selectFrom('campaigns').select(['slug']).where('id', '=', id).executeTakeFirstOrThrow();
      return { id, slug: row.slug };
    };
    const act = (slug: string) => postForm(t, `/campaigns/${slug}/act`, supporterForm(), { ip: `192.0.2.${++ip}` });
    const stored = (id: number) => t.database.db.selectFrom('campaigns').select(['deadline', 'deadline_zone']).where('id', '=', id).executeTakeFirstOrThrow();

    it('on the spring change: accepts at 21:59Z, refuses at 22:00Z, and shows the day in its zone', async () => {
      const { id, slug } = await create('2026-03-29');
      expect(await stored(id)).toEqual({ deadline: '2026-03-29T21:59:59.999Z', deadline_zone: 'Europe/Stockholm' });
      const coordinator = await as(accounts.coordinator);
      const form = page((await coordinator.get(`/admin/campaigns/${id}/edit`)).body).first('form.campaign-form');
      expect(form.field('deadline').value).toBe('2026-03-29');
      expect(form.text('label[for=deadline]')).toBe('Deadline (Europe/Stockholm)');
      const publicPage = page((await t.app.inject({ method: 'GET', url: `/campaigns/${slug}` })).body);
      expect(publicPage.first('header p.meta time').attr('datetime')).toBe('2026-03-29T21:59:59.999Z');
      expect(publicPage.text('header p.meta time')).toMatch(/29 March 2026.* 23:59 CEST$/);
      try {
        clock.set('2026-03-29T21:59:00.000Z');
        expect((await act(slug)).statusCode).toBe(303);
        clock.set('2026-03-29T22:00:00.000Z');
        expect((await act(slug)).statusCode).toBe(409);
      } finally {
        clock.set('2026-03-01T09:00:00.000Z');
      }
    });

    it('on the autumn change: accepts at 22:59Z, refuses at 23:00Z', async () => {
      const { id, slug } = await create('2026-10-25');
      expect(await stored(id)).toEqual({ deadline: '2026-10-25T22:59:59.999Z', deadline_zone: 'Europe/Stockholm' });
      try {
        clock.set('2026-10-25T22:59:00.000Z');
        expect((await act(slug)).statusCode).toBe(303);
        clock.set('2026-10-25T23:00:00.000Z');
        expect((await act(slug)).statusCode).toBe(409);
      } finally {
        clock.set('2026-03-01T09:00:00.000Z');
      }
    });
  });

  it('refuses a target time zone that is not one, keeping what was typed', async () => {
    const coordinator = await as(accounts.coordinator);
    const typed = campaignForm({ title: 'A target on Mars', section: SWEDEN, 'target-0-timeZone': 'Mars/Olympus' });
    const res = await coordinator.post('/admin/campaigns/new', typed);
    expect(res.statusCode).toBe(422);
    const form = page(res.body).first('form.campaign-form');
    expect(form.field('target-0-timeZone')).toMatchObject({ value: 'Mars/Olympus', invalid: true });
    expect(form.errorFor('target-0-timeZone')).toMatch(/^A time zone such as/);
    expect(form.text('label[for=target-0-officeHours]')).toBe('Office hours (in the target’s time zone)');
  });
});
