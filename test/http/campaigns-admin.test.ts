import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { campaignForm, campaignIdOf, DEMO_SLUG } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { testClock } from '../support/clock.js';
import { page } from '../support/html.js';
import { Client, createStaff, signInAs } from '../support/staff.js';

/** What the campaign form would send as it stands (the CSRF token aside), one value per name, as campaignForm() writes them. */
function formValues(html: string): Record<string, string> {
  const values = page(html).first('form.campaign-form').formValues();
  delete values._csrf;
  return Object.fromEntries(Object.entries(values).map(([name, sent]) => [name, sent.join('\n')]));
}

describe.each(DATABASES)('http (%s): the coordinator’s campaign form', (kind) => {
  let t: TestApp;
  let admin: Client;
  let coordinator: Client;
  let irishCoordinator: Client;
  let author: Client;
  const clock = testClock('2026-03-02T10:00:00.000Z');
  const campaignRow = (id: number) => t.database.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const targetRows = (id: number) => t.database.db.selectFrom('campaign_targets').selectAll().where('campaign_id', '=', id).orderBy('position').execute();
  const demoId = () => campaignIdOf(t, DEMO_SLUG);
  const createdId = (location: unknown) => Number(/^\/admin\/campaigns\/(\d+)\?notice=created$/.exec(String(location))![1]);

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    [admin, coordinator, irishCoordinator, author] = await Promise.all([
      createStaff(t, 'administrator').then((a) => signInAs(t, a)),
      createStaff(t, 'coordinator').then((a) => signInAs(t, a)),
      createStaff(t, 'coordinator', { sections: ['socialist-party-ireland'] }).then((a) => signInAs(t, a)),
      createStaff(t, 'author').then((a) => signInAs(t, a)),
    ]);
  }, 120_000);
  afterAll(async () => t?.close());

  it('creates a campaign with its targets through the form, as a draft', async () => {
    const form = await coordinator.get('/admin/campaigns/new');
    expect(form.statusCode).toBe(200);
    expect(page(form.body).count('form.campaign-form fieldset.target')).toBe(3);
    const res = await coordinator.post('/admin/campaigns/new', campaignForm());
    expect(res.statusCode).toBe(303);
    const id = createdId(res.headers.location);
    const row = await campaignRow(id);
    expect(row).toMatchObject({
      slug: 'free-natalya-sokolova',
      reference: 'UA 17/12',
      title: 'Free Natalya Sokolova',
      status: 'draft',
      kind: 'letter',
      // The end of that day in the section's zone (the site's default, UTC, where the section has none).
      deadline: '2026-04-30T23:59:59.999Z',
      letter_body: 'I protest at the imprisonment of Natalya Sokolova.\n\nYours sincerely,\n{{name}}, {{city}}, {{country}}',
      call_script: 'I am calling about Natalya Sokolova.',
    });
    expect(JSON.parse(row.demands)).toEqual(['Release Natalya Sokolova', 'Drop all charges']);
    expect(JSON.parse(row.letter_subjects)).toEqual(['Release Natalya Sokolova', 'Drop the charges']);
    expect(JSON.parse(row.copy_to)).toEqual(['copies@example.org']);
    expect(JSON.parse(row.languages)).toEqual(['en', 'ru']);
    const targets = await targetRows(id);
    expect(targets.map((r) => [r.title, r.name, r.country, r.email, r.delivery_mode, r.pace_per_hour, r.office_hours, r.time_zone, r.digest_every])).toEqual([
      ['Prosecutor General', 'Askhat Daulbayev', 'KZ', 'office@prokuror.example.kz', 'paced', 20, 'Mon-Fri 09:00-18:00', 'Asia/Almaty', null],
      ['Minister of Justice', null, 'KZ', 'minister@adilet.example.kz', 'digest', 30, '09:00-17:00', 'UTC', 50],
    ]);
    expect(targets[0]).toMatchObject({
      organisation: 'Prosecutor’s Office',
      phone: '+7 7172 712500',
      postal_address: '14 Mangilik Yel\nAstana',
      salutation: 'Dear Prosecutor General',
    });

    expect(page((await coordinator.get(String(res.headers.location))).body).text('p.notice[role=status]')).toMatch(/^Campaign created as a draft\./);
    const listed = page((await coordinator.get('/admin/campaigns')).body)
      .all('table.admin-table tbody tr')
      .find((row) => row.first('th a').attr('href') === `/admin/campaigns/${id}`);
    expect(listed?.texts('th, td').slice(0, 5)).toEqual(['Free Natalya Sokolova', 'UA 17/12', 'Urgent action', 'Draft', '0']);
  });

  it('edits a campaign: targets changed in place, one added, one removed; announces its page and its articles', async () => {
    const id = createdId((await admin.post('/admin/campaigns/new', campaignForm({ title: 'Edit me' }))).headers.location);
    const [first, second] = await targetRows(id);
    await t.database.db.updateTable('articles').set({ campaign_id: id }).where('slug', '=', DEMO_SLUG).execute();
    const edit = await admin.get(`/admin/campaigns/${id}/edit`);
    const values = formValues(edit.body);
    expect(values).toMatchObject({
      title: 'Edit me',
      'target-0-id': String(first!.id),
      'target-1-deliveryMode': 'digest',
      'target-0-postalAddress': '14 Mangilik Yel\nAstana',
      section: 'cwi',
    });
    expect(page(edit.body).text('main')).toContain('Stop state brutality in Kazakhstan!');

    const announced: string[] = [];
    const stop = t.changes.subscribe((tags) => announced.push(...tags));
    const res = await admin.post(`/admin/campaigns/${id}/edit`, {
      ...values,
      'target-0-email': 'new@prokuror.example.kz',
      'target-1-remove': 'on',
      'target-2-title': 'President',
      'target-2-country': 'KZ',
      'target-2-email': 'akorda@example.kz',
    });
    stop();
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/campaigns/${id}?notice=saved`);
    const after = await targetRows(id);
    expect(after.map((r) => [r.id === first!.id, r.title, r.email])).toEqual([
      [true, 'Prosecutor General', 'new@prokuror.example.kz'],
      [false, 'President', 'akorda@example.kz'],
    ]);
    expect(after.some((r) => r.id === second!.id)).toBe(false);
    expect(announced).toEqual(expect.arrayContaining([`campaign:${id}`, `article:${DEMO_SLUG}`]));
    await t.database.db
      .updateTable('articles')
      .set({ campaign_id: await demoId() })
      .where('slug', '=', DEMO_SLUG)
      .execute();
  });

  it('saves the demo campaign back unchanged: what the form shows, it accepts', async () => {
    const id = await demoId();
    const before = { campaign: await campaignRow(id), targets: await targetRows(id) };
    const res = await admin.post(`/admin/campaigns/${id}/edit`, formValues((await admin.get(`/admin/campaigns/${id}/edit`)).body));
    expect(res.statusCode).toBe(303);
    const { modified_at: _a, ...campaign } = await campaignRow(id);
    const { modified_at: _b, ...was } = before.campaign;
    expect(campaign).toEqual(was);
    expect(await targetRows(id)).toEqual(before.targets);
  });

  it('refreshes the feeds whose articles carry the campaign’s call to action when a target’s address is corrected', async () => {
    const id = await demoId();
    const feeds = ['/feed.xml', '/feed.atom', '/feed.json', '/countries/kazakhstan/feed.xml'];
    const values = formValues((await admin.get(`/admin/campaigns/${id}/edit`)).body);
    const old = values['target-0-email']!;
    for (const feed of feeds) expect((await t.app.inject(feed)).body, feed).toContain(old);
    expect((await admin.post(`/admin/campaigns/${id}/edit`, { ...values, 'target-0-email': 'corrected@prokuror.example.kz' })).statusCode).toBe(303);
    for (const feed of feeds) {
      const body = (await t.app.inject(feed)).body;
      expect(body, feed).toContain('corrected@prokuror.example.kz');
      expect(body, feed).not.toContain(old);
    }
    expect((await admin.post(`/admin/campaigns/${id}/edit`, { ...values, 'target-0-email': old })).statusCode).toBe(303);
  });

  it('keeps a target that letters were written for, and points its queued letters at a corrected address', async () => {
    const id = createdId((await admin.post('/admin/campaigns/new', campaignForm({ title: 'Letters written' }))).headers.location);
    const [first] = await targetRows(id);
    await t.database.db
      .insertInto('outbox')
      .values({
        kind: 'letter',
        campaign_id: id,
        target_id: first!.id,
        message_id: `<kept-${kind}@example.org>`,
        recipient: first!.email,
        subject: 'Release her',
        body: 'Text',
        status: 'queued',
        not_before: clock().toISOString(),
        created_at: clock().toISOString(),
      })
      .execute();
    const values = formValues((await admin.get(`/admin/campaigns/${id}/edit`)).body);
    const refused = await admin.post(`/admin/campaigns/${id}/edit`, { ...values, 'target-0-remove': 'on' });
    expect(refused.statusCode).toBe(422);
    expect(page(refused.body).texts('form.campaign-form p.field-error')).toContainEqual(
      expect.stringContaining('Letters to Prosecutor General have been written, so the target stays on record'),
    );
    expect(await targetRows(id)).toHaveLength(2);
    expect((await admin.post(`/admin/campaigns/${id}/edit`, { ...values, 'target-0-email': 'fixed@prokuror.example.kz' })).statusCode).toBe(303);
    const letter = await t.database.db.selectFrom('outbox').select(['recipient', 'status']).where('target_id', '=', first!.id).executeTakeFirstOrThrow();
    expect(letter).toEqual({ recipient: 'fixed@prokuror.example.kz', status: 'queued' });
  });

  it('answers a bad form with 422, every message beside its field and every field as typed', async () => {
    const typed = campaignForm({
      title: 'Kept <as> typed & all',
      summary: '',
      'target-0-email': 'not an address',
      deadline: '2026-02-30',
      'target-1-digestEvery': 'fifty',
      identityMode: 'named',
    });
    const res = await coordinator.post('/admin/campaigns/new', typed);
    expect(res.statusCode).toBe(422);
    const form = page(res.body).first('form.campaign-form');
    expect(form.errorFor('summary')).toMatch(/^A summary is required/);
    expect(form.field('target-0-email')).toMatchObject({ value: 'not an address', error: expect.stringMatching(/^Enter an email address/), invalid: true });
    expect(form.errorFor('deadline')).toMatch(/^A date such as/);
    expect(form.field('target-1-digestEvery')).toMatchObject({ value: 'fifty', error: expect.any(String), invalid: true });
    expect(form.field('title').error).toBeUndefined();
    expect(page(res.body).links('div.form-error[role=alert]')).toContainEqual({ text: expect.stringMatching(/^A summary is required/), href: '#summary' });
    expect(formValues(res.body)).toEqual(typed);
    expect(await t.database.db.selectFrom('campaigns').select('id').where('title', '=', 'Kept <as> typed & all').executeTakeFirst()).toBeUndefined();
  });

  it('adds a target fieldset without script, keeping everything typed', async () => {
    const typed = campaignForm({ title: 'Growing', 'target-2-title': 'President', 'target-2-country': 'KZ' });
    const res = await coordinator.post('/admin/campaigns/new', { ...typed, intent: 'add-target' });
    expect(res.statusCode).toBe(200);
    const targets = page(res.body).all('form.campaign-form fieldset.target');
    expect(targets).toHaveLength(4);
    expect(targets[2]!.text('legend')).toBe('Target 3: President (Kazakhstan)');
    // No identity mode was chosen, and none is now: no target is in a country marked high-risk yet.
    const { identityMode: _unchosen, ...rest } = typed;
    expect(formValues(res.body)).toMatchObject({ ...rest, 'target-3-title': '', 'target-3-deliveryMode': 'paced', 'target-3-pacePerHour': '30' });
    expect(page(res.body).field('identityMode').values).toEqual([]);
    expect(await t.database.db.selectFrom('campaigns').select('id').where('title', '=', 'Growing').executeTakeFirst()).toBeUndefined();
  });

  it('refuses an address another campaign has, and numbers one made from a title that is taken', async () => {
    const clash = await coordinator.post('/admin/campaigns/new', campaignForm({ slug: DEMO_SLUG, title: 'Clash' }));
    expect(clash.statusCode).toBe(422);
    expect(page(clash.body).errorFor('slug')).toMatch(/^Another campaign already has the address \/campaigns\/stop-state-brutality-in-kazakhstan\./);
    expect(formValues(clash.body).slug).toBe(DEMO_SLUG);
    const numbered = await coordinator.post('/admin/campaigns/new', campaignForm({ title: 'Stop state brutality in Kazakhstan!' }));
    expect((await campaignRow(createdId(numbered.headers.location))).slug).toBe(`${DEMO_SLUG}-2`);
    const bad = await coordinator.post('/admin/campaigns/new', campaignForm({ slug: 'Not A Slug' }));
    expect(bad.statusCode).toBe(422);
    expect(page(bad.body).field('slug')).toMatchObject({
      value: 'Not A Slug',
      error: expect.stringContaining('Use lower-case letters, digits and hyphens only, such as “not-a-slug”.'),
    });
  });

  it('shows a coordinator of sections only their sections’ campaigns; others are not found', async () => {
    const demo = await demoId();
    expect((await coordinator.get(`/admin/campaigns/${demo}`)).statusCode).toBe(200);
    for (const url of [`/admin/campaigns/${demo}`, `/admin/campaigns/${demo}/edit`]) expect((await irishCoordinator.get(url)).statusCode, url).toBe(404);
    for (const url of [
      `/admin/campaigns/${demo}/edit`,
      `/admin/campaigns/${demo}/status`,
      `/admin/campaigns/${demo}/delivery`,
      `/admin/campaigns/${demo}/outcomes`,
      `/admin/campaigns/${demo}/held`,
    ]) {
      expect((await irishCoordinator.post(url, { to: 'closed', paused: '1', title: 'x', occurredOn: '2026-03-01' })).statusCode, url).toBe(404);
    }
    expect((await campaignRow(demo)).status).toBe('active');
    /** The campaigns a coordinator's list links to. */
    const listed = async (client: Client) =>
      page((await client.get('/admin/campaigns')).body)
        .all('table.admin-table tbody th a')
        .map((a) => a.attr('href'));
    expect(await listed(irishCoordinator)).not.toContain(`/admin/campaigns/${demo}`);

    const section = page((await irishCoordinator.get('/admin/campaigns/new')).body).field('section');
    expect(section.value).toBe('socialist-party-ireland');
    expect(section.element.all('option').map((o) => o.attr('value'))).not.toContain('cwi');
    const elsewhere = await irishCoordinator.post('/admin/campaigns/new', campaignForm({ title: 'Not ours', section: 'cwi' }));
    expect(elsewhere.statusCode).toBe(422);
    expect(page(elsewhere.body).errorFor('section')).toBe('Choose one of the sections offered.');
    const ours = await irishCoordinator.post('/admin/campaigns/new', campaignForm({ title: 'Ours', section: 'socialist-party-ireland' }));
    const id = createdId(ours.headers.location);
    expect(await listed(irishCoordinator)).toContain(`/admin/campaigns/${id}`);
  });

  it('refuses authors (403) and sends anonymous visitors to sign in', async () => {
    for (const url of ['/admin/campaigns', '/admin/campaigns/new', `/admin/campaigns/${await demoId()}`])
      expect((await author.get(url)).statusCode, url).toBe(403);
    expect((await author.post('/admin/campaigns/new', campaignForm({ title: 'By an author' }))).statusCode).toBe(403);
    expect((await new Client(t).get('/admin/campaigns')).statusCode).toBe(303);
    expect(await t.database.db.selectFrom('campaigns').select('id').where('title', '=', 'By an author').executeTakeFirst()).toBeUndefined();
  });

  it('lets administrators mark countries high-risk (audited), which preselects protective and warns against named', async () => {
    expect((await coordinator.get('/admin/campaigns/settings')).statusCode).toBe(403);
    const bad = await admin.post('/admin/campaigns/settings', { countries: 'KZ, QQ' });
    expect(bad.statusCode).toBe(422);
    expect(page(bad.body).field('countries')).toMatchObject({ value: 'KZ, QQ', error: expect.stringContaining('Not ISO 3166-1 country codes: QQ.') });
    expect((await admin.post('/admin/campaigns/settings', { countries: 'kz by' })).statusCode).toBe(303);
    const entry = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'settings-changed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.summary).toBe('High-risk countries: none → Belarus (BY), Kazakhstan (KZ)');

    const blank = await coordinator.get('/admin/campaigns/new');
    expect(page(blank.body).field('identityMode').values).toEqual([]);
    expect(page(blank.body).text('#identityMode-hint')).toContain('(Belarus (BY) and Kazakhstan (KZ))');
    const grown = await coordinator.post('/admin/campaigns/new', { ...campaignForm(), intent: 'add-target' });
    expect(page(grown.body).field('identityMode').value).toBe('protective');
    const saved = await coordinator.post('/admin/campaigns/new', campaignForm({ title: 'Protected by default' }));
    expect((await campaignRow(createdId(saved.headers.location))).identity_mode).toBe('protective');
    const irish = campaignForm({ title: 'Named by default', 'target-0-country': 'IE', 'target-1-country': 'IE' });
    expect((await campaignRow(createdId((await coordinator.post('/admin/campaigns/new', irish)).headers.location))).identity_mode).toBe('named');

    const named = await coordinator.post('/admin/campaigns/new', { ...campaignForm({ identityMode: 'named' }), intent: 'add-target' });
    const identity = page(named.body).first('fieldset#identityMode');
    expect(identity.attr('aria-describedby')?.split(' ')).toContain('identityMode-warning');
    expect(identity.text('p.warning#identityMode-warning[role=alert]')).toMatch(/^Warning: Kazakhstan \(KZ\) is marked high-risk/);
    const chosen = await coordinator.post('/admin/campaigns/new', campaignForm({ title: 'Named on purpose', identityMode: 'named' }));
    const id = createdId(chosen.headers.location);
    expect((await campaignRow(id)).identity_mode).toBe('named');
    expect(page((await coordinator.get(`/admin/campaigns/${id}`)).body).text('p.warning[role=alert]')).toMatch(
      /^Warning: this campaign is in named mode and Kazakhstan is marked high-risk\./,
    );
  });

  it('moves a campaign draft → active ⇄ paused → closed, refusing what it may not do', async () => {
    const empty = campaignForm({ title: 'Not ready', letterBody: '' });
    const id = createdId((await coordinator.post('/admin/campaigns/new', empty)).headers.location);
    const notReady = await coordinator.post(`/admin/campaigns/${id}/status`, { to: 'active' });
    expect(notReady.statusCode).toBe(422);
    expect(page(notReady.body).links('div.form-error[role=alert]')).toEqual([
      { text: 'An urgent action needs a model letter before it can be active.', href: `/admin/campaigns/${id}/edit#letterBody` },
    ]);
    expect((await campaignRow(id)).status).toBe('draft');

    const values = formValues((await coordinator.get(`/admin/campaigns/${id}/edit`)).body);
    await coordinator.post(`/admin/campaigns/${id}/edit`, { ...values, letterBody: 'Release her.\n{{name}}' });
    const steps: [string, string][] = [
      ['active', 'active'],
      ['paused', 'paused'],
      ['active', 'active'],
      ['closed', 'closed'],
    ];
    for (const [to, status] of steps) {
      const res = await coordinator.post(`/admin/campaigns/${id}/status`, { to });
      expect(res.statusCode, to).toBe(303);
      expect((await campaignRow(id)).status).toBe(status);
    }
    expect((await campaignRow(id)).closed_at).toBe(clock().toISOString());
    const reopen = await coordinator.post(`/admin/campaigns/${id}/status`, { to: 'active' });
    expect(reopen.statusCode).toBe(422);
    expect(page(reopen.body).texts('div.form-error[role=alert] li')).toEqual(['A closed campaign stays closed.']);
    const cleared = await coordinator.post(`/admin/campaigns/${id}/edit`, { ...values, letterBody: '' });
    expect(cleared.statusCode).toBe(422);
  });

  it('renders valid, labelled markup on every page', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: {
        'void-style': 'off',
        'no-trailing-whitespace': 'off',
        'attribute-boolean-style': 'off',
        'long-title': 'off',
        'form-dup-name': ['error', { shared: ['radio', 'button', 'reset', 'submit', 'checkbox'] }],
      },
    });
    const id = await demoId();
    const pages = {
      list: await admin.get('/admin/campaigns'),
      new: await admin.get('/admin/campaigns/new'),
      invalid: await admin.post('/admin/campaigns/new', campaignForm({ summary: '', 'target-0-country': 'XX' })),
      edit: await admin.get(`/admin/campaigns/${id}/edit`),
      dashboard: await admin.get(`/admin/campaigns/${id}`),
      settings: await admin.get('/admin/campaigns/settings'),
    };
    const problems: string[] = [];
    for (const [name, res] of Object.entries(pages)) {
      expect(res.statusCode, name).toBeLessThan(500);
      const report = await validator.validateString(res.body);
      problems.push(...report.results.flatMap((r) => r.messages.map((m) => `${name}: ${m.ruleId}: ${m.message}`)));
    }
    expect(problems).toEqual([]);
  });
});
