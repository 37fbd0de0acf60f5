import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/web/admin/campaign-exports/csv.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page as read } from '../support/html.js';
import { createAction, createCampaign, createConsent, createSupporter } from '../support/campaigns.js';
import { type Client, createStaff, signInAs } from '../support/staff.js';

describe('csv: RFC 4180 cells that spreadsheets cannot run', () => {
  it('quotes every cell, doubles quotes, keeps line breaks inside quotes', () => {
    expect(csvCell('Dublin, "North"')).toBe('"Dublin, ""North"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(null)).toBe('""');
  });

  it('prefixes an apostrophe to cells a spreadsheet would take for a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvCell('Ann = Anne')).toBe('"Ann = Anne"');
  });

  it('starts with a byte-order mark and ends rows with CRLF', () => {
    expect(toCsv(['A', 'B'], [['1', '2']])).toBe('\uFEFF"A","B"\r\n"1","2"\r\n');
  });
});

describe.each(DATABASES)('http (%s): a campaign’s exports for coordinators', (kind) => {
  let t: TestApp;
  let admin: Client;
  let coordinator: Client;
  let stranger: Client;
  let petition: number;
  let letter: number;

  /** The audit entries written since `since` (an id), oldest first. */
  async function auditSince(since: number) {
    return t.database.db
      .selectFrom('audit_log')
      .select(['id', 'action', 'summary', 'subject_type', 'subject_id', 'actor_label'])
      .where('id', '>', since)
      .orderBy('id')
      .execute();
  }
  async function lastAuditId(): Promise<number> {
    const row = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    const db = t.database.db;
    admin = await signInAs(t, await createStaff(t, 'administrator'), '192.0.2.50');
    coordinator = await signInAs(t, await createStaff(t, 'coordinator', { sections: ['cwi'], name: 'Cora Coordinator' }), '192.0.2.51');
    stranger = await signInAs(t, await createStaff(t, 'coordinator', { sections: ['socialist-party-ireland'] }), '192.0.2.52');
    petition = (await createCampaign(db, { kind: 'petition', title: 'Free Natalya Sokolova', sectionSlug: 'cwi' })).id;
    letter = (await createCampaign(db, { kind: 'letter', title: 'Letters to the court', sectionSlug: 'cwi' })).id;

    const ann = await createSupporter(db, { name: '=HYPERLINK("http://evil.example")', email: 'ann@example.ie', city: 'Dublin, "North"', country: 'IE' });
    await createAction(db, ann, petition, { method: 'signature', letter: null, at: '2026-01-03T10:00:00.000Z' });
    await createConsent(db, ann.id, 'campaign_updates', { campaignId: petition });
    const bob = await createSupporter(db, { name: 'Bob Brown', email: 'bob@example.de', city: 'Berlin', country: 'DE' });
    await createAction(db, bob, petition, { method: 'signature', letter: null, at: '2026-01-04T10:00:00.000Z' });
    await db.updateTable('supporters').set({ name: null, email: null, city: null, erased_at: '2026-02-01T00:00:00.000Z' }).where('id', '=', bob.id).execute();
    const cat = await createSupporter(db, { name: 'Cat Ó Súilleabháin', email: 'cat@example.ie', city: 'Kerry', country: 'IE' });
    await createAction(db, cat, petition, { method: 'signature', letter: null, at: '2026-01-05T10:00:00.000Z' });
    await createConsent(db, cat.id, 'section_news', { sectionSlug: 'cwi' });
    const dan = await createSupporter(db, { name: 'Dan Withdrawn', email: 'dan@example.org', country: 'GB' });
    await createAction(db, dan, petition, { method: 'signature', letter: null, status: 'pending' });
    await createConsent(db, dan.id, 'campaign_updates', { campaignId: petition, withdrawnAt: '2026-01-06T00:00:00.000Z' });
    const eve = await createSupporter(db, { name: 'Eve Unconfirmed', email: 'eve@example.org', country: 'GB' });
    await createAction(db, eve, petition, { method: 'signature', letter: null, status: 'held' });
    await createConsent(db, eve.id, 'campaign_updates', { campaignId: petition, confirmed: false });
    // News of the section, but never acted on this campaign: not this campaign's to export.
    const fay = await createSupporter(db, { name: 'Fay Elsewhere', email: 'fay@example.org', country: 'FR' });
    await createAction(db, fay, letter);
    await createConsent(db, fay.id, 'section_news', { sectionSlug: 'cwi' });
  }, 120_000);
  afterAll(async () => t?.close());

  it('lists the exports with their sizes for the campaign’s section and administrators only; viewing counts is not audited', async () => {
    const before = await lastAuditId();
    const page = await coordinator.get(`/admin/campaigns/${petition}/exports`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const exports = read(page.body);
    expect(exports.text('h1')).toBe('Exports: Free Natalya Sokolova');
    const supporters = exports.first('section[aria-labelledby=export-supporters]');
    expect(supporters.text('p')).toMatch(/^2 supporters confirmed /);
    expect(supporters.links().map((link) => link.href)).toEqual([`/admin/campaigns/${petition}/exports/supporters.csv`]);
    const signatures = exports.first('section[aria-labelledby=export-signatures]');
    expect(signatures.text('p')).toMatch(/^3 confirmed signatures: /);
    expect(signatures.links()).toEqual([
      { text: 'Download signatures (CSV)', href: `/admin/campaigns/${petition}/exports/signatures.csv` },
      { text: 'Printable list', href: `/admin/campaigns/${petition}/exports/signatures` },
    ]);
    expect(page.body).not.toContain('ann@example.ie');
    expect((await admin.get(`/admin/campaigns/${petition}/exports`)).statusCode).toBe(200);
    expect(await auditSince(before)).toEqual([]);

    for (const url of ['', '/supporters.csv', '/signatures.csv', '/signatures']) {
      expect((await stranger.get(`/admin/campaigns/${petition}/exports${url}`)).statusCode, url).toBe(404);
    }
    expect((await coordinator.get(`/admin/campaigns/${letter}/exports/signatures.csv`)).statusCode).toBe(404);
    const letterExports = read((await coordinator.get(`/admin/campaigns/${letter}/exports`)).body);
    expect(letterExports.links('main').map((link) => link.href)).toEqual([`/admin/campaigns/${letter}/exports/supporters.csv`]);
    expect((await coordinator.get('/admin/campaigns/abc/exports')).statusCode).toBe(404);
    expect(await auditSince(before)).toEqual([]);
    const editor = await signInAs(t, await createStaff(t, 'editor'), '192.0.2.53');
    expect((await editor.get(`/admin/campaigns/${petition}/exports/supporters.csv`)).statusCode).toBe(403);
  });

  it('exports only supporters with a confirmed, standing consent, injection-safe, and audits it without personal data', async () => {
    const before = await lastAuditId();
    const res = await coordinator.get(`/admin/campaigns/${petition}/exports/supporters.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.split('\r\n')).toEqual([
      '\uFEFF"Name","Email","City","Country","Updates on this campaign since","Section news since"',
      `"'=HYPERLINK(""http://evil.example"")","ann@example.ie","Dublin, ""North""","IE","2026-01-03",""`,
      '"Cat Ó Súilleabháin","cat@example.ie","Kerry","IE","","2026-01-03"',
      '',
    ]);
    const entries = await auditSince(before);
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'export',
        subject_type: 'campaign',
        subject_id: String(petition),
        actor_label: 'Cora Coordinator',
        summary: 'Exported 2 consenting supporters of “Free Natalya Sokolova” as CSV',
      }),
    ]);
  });

  it('exports signatures for delivery without any email address, erased signers withheld, and audits it', async () => {
    const before = await lastAuditId();
    const res = await coordinator.get(`/admin/campaigns/${petition}/exports/signatures.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"$/);
    expect(res.body).not.toContain('@example');
    expect(res.body.split('\r\n')).toEqual([
      '\uFEFF"Name","City","Country","Signed on"',
      `"'=HYPERLINK(""http://evil.example"")","Dublin, ""North""","Ireland","2026-01-03"`,
      '"(name withheld)","","Germany","2026-01-04"',
      '"Cat Ó Súilleabháin","Kerry","Ireland","2026-01-05"',
      '',
    ]);
    expect(await auditSince(before)).toEqual([
      expect.objectContaining({ action: 'export', summary: 'Exported 3 signatures of “Free Natalya Sokolova” for delivery as CSV' }),
    ]);
  });

  it('prints the signatures as a page of their own, never with email addresses, and audits the view', async () => {
    const before = await lastAuditId();
    const res = await admin.get(`/admin/campaigns/${petition}/exports/signatures`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const sheet = read(res.body);
    expect(sheet.text('p.petition-text')).toMatch(/^We, the undersigned/);
    expect(sheet.texts('main > p')[1]).toMatch(/^3 signatures, each confirmed by email, as of /);
    const rows = sheet.rows('main table tbody');
    expect(rows).toHaveLength(3);
    // Name, city and country as typed, in their columns: a formula is text here.
    expect(rows.map((row) => row.slice(1, 4))).toEqual(
      expect.arrayContaining([
        ['=HYPERLINK("http://evil.example")', 'Dublin, "North"', 'Ireland'],
        ['(name withheld)', '', 'Germany'],
      ]),
    );
    expect(res.body).not.toMatch(/Dan Withdrawn|Eve Unconfirmed|@example/);
    const entries = await auditSince(before);
    expect(entries).toEqual([
      expect.objectContaining({ action: 'supporters-viewed', summary: 'Viewed the printable list of 3 signatures of “Free Natalya Sokolova”' }),
    ]);
    for (const e of entries) expect(e.summary).not.toMatch(/Cat|Ann|@/);
  });
});
