import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from '../../src/cli/serve.js';
import { createUser, loadCommonPasswords, type AccountDeps } from '../../src/services/accounts/users.js';
import { drainIntake } from '../../src/services/campaigns/process-intake.js';
import { systemClock } from '../../src/services/shared/clock.js';
import { axeReport, launchBrowser, openPage, saveScreenshot, startSite, submit, visit, watchProblems, type AxeReport, type Site } from '../support/browser.js';

const FILE_STARTED = new Date();

/**
 * The UTC dates from this file's start to now: the server dates what it records with its
 * own clock, and a run that crosses midnight must not fail for it.
 */
function utcDaysOfThisFile(): string[] {
  return [FILE_STARTED, new Date()].map((at) => at.toISOString().slice(0, 10));
}

/**
 * A campaign coordinator's work in a real Chromium, by clicks and typing: signing in,
 * the list of campaigns, a new urgent action with one target made through the form,
 * activating it, its dashboard and charts, pausing and resuming delivery, an outcome
 * update, and submissions held over the rate limit, released from the dashboard.
 * Supporters act on the new campaign meanwhile from a browser without JavaScript. The
 * coordinator's pages are checked with axe-core and photographed.
 */

const COORDINATOR = { email: 'maria.quispe@example.org', name: 'María Quispe', password: 'amber ferry quartz 2291' };
const CAMPAIGN = {
  reference: 'UA 3/26',
  title: 'Free the Zhanaozen oil workers',
  slug: 'free-the-zhanaozen-oil-workers',
  summary: 'Three strike leaders have been held without charge since Monday.',
  demands: 'Release the three strike leaders\nEnd the harassment of the union',
  subjects: 'Release the Zhanaozen strike leaders',
  letter: 'I urge you to release the three strike leaders at once.\n\nYours sincerely,\n{{name}}, {{country}}',
  callScript: 'I am calling about the three strike leaders arrested in Zhanaozen.',
  copyTo: 'ua@example.org',
};
const TARGET = {
  title: 'Prosecutor General',
  name: 'Berik Asylov',
  organisation: 'Prosecutor General’s Office',
  country: 'KZ',
  email: 'prosecutor-general@example.org',
  phone: '+7 7172 712500',
  salutation: 'Dear Prosecutor General',
};
const OUTCOME = { title: 'Two strike leaders released', body: 'They were freed on Thursday evening; the third is still held.' };

let site: Site;
let browser: Browser;
/** The coordinator's signed-in tab; the steps below run on it in order. */
let context: BrowserContext;
let page: Page;
let campaignId = 0;
/** What went wrong on the coordinator's tab (script errors, failed requests), read at the end. */
let pageProblems: () => string[] = () => [];

/** Set when a step fails: the steps after it depend on it, so they are skipped rather than failing again. */
let flowBroken = false;

function stepsInOrder(): void {
  beforeEach(({ skip, onTestFailed }) => {
    if (flowBroken) skip('an earlier step of the flow failed');
    onTestFailed(() => {
      flowBroken = true;
    });
  });
}

/** axe-core reports of the coordinator's pages, by screenshot name. */
const reports = new Map<string, AxeReport>();

/** Runs axe on the page as it stands and keeps a full-page screenshot as test-results/screenshots/admin-<name>.png. */
async function audit(name: string): Promise<void> {
  reports.set(name, await axeReport(page));
  await saveScreenshot(page, `admin-${name}`);
}

const db = () => site.running.database.db;
const campaignRow = () => db().selectFrom('campaigns').selectAll().where('id', '=', campaignId).executeTakeFirstOrThrow();
const dashboardPath = () => `/admin/campaigns/${campaignId}`;
/** What the dashboard's Facts list says beside a term. */
const fact = (term: string) =>
  page
    .locator('dl.facts dt', { hasText: new RegExp(`^${term}$`) })
    .locator('xpath=following-sibling::dd[1]')
    .innerText();

/** Runs `body` as a supporter without JavaScript, in a context of their own, always closed afterwards. */
async function asSupporter(body: (supporter: Page) => Promise<void>): Promise<void> {
  const opened = await openPage(browser, site.url, { javaScriptEnabled: false });
  try {
    await body(opened.page);
  } finally {
    await opened.context.close();
  }
}

beforeAll(async () => {
  site = await startSite();
  const deps: AccountDeps = { db: db(), clock: systemClock, commonPasswords: () => loadCommonPasswords(COMMON_PASSWORDS) };
  [browser] = await Promise.all([launchBrowser(), createUser(deps, { ...COORDINATOR, role: 'coordinator', sectionSlugs: [] })]);
  ({ context, page } = await openPage(browser, site.url));
  pageProblems = watchProblems(page);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await site?.stop();
});

describe('browser: the coordinator’s campaign, from the form to its dashboard', () => {
  stepsInOrder();

  it('signs in and finds the campaigns, the demo’s among them', async () => {
    await visit(page, '/admin/sign-in');
    await page.getByLabel('Email').fill(COORDINATOR.email);
    await page.getByLabel('Password').fill(COORDINATOR.password);
    await submit(page, page.getByRole('button', { name: 'Sign in' }), /\/admin$/);
    expect(await page.locator('main h1').innerText()).toBe(`Welcome, ${COORDINATOR.name}`);

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.waitForURL(/\/admin\/campaigns$/);
    expect(await page.locator('main h1').innerText()).toBe('Campaigns');
    const demo = page.locator('table.admin-table tbody tr', { has: page.getByRole('link', { name: 'Stop state brutality in Kazakhstan!' }) });
    expect(await demo.count()).toBe(1);
    expect(await demo.locator('.status').innerText()).toBe('Active');
    await audit('campaigns');
  });

  it('creates an urgent action with one target through the form, as a draft', async () => {
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.waitForURL(/\/admin\/campaigns\/new$/);
    expect(await page.locator('main h1').innerText()).toBe('New campaign');

    await page.getByLabel('Kind').selectOption('letter');
    await page.getByLabel('Reference').fill(CAMPAIGN.reference);
    await page.getByLabel('Title').fill(CAMPAIGN.title);
    await page.getByLabel('Summary').fill(CAMPAIGN.summary);
    await page.getByLabel('Demands').fill(CAMPAIGN.demands);
    await page.getByLabel('Section').selectOption('cwi');

    const target = page.locator('fieldset#target-0');
    await target.getByLabel('Position').fill(TARGET.title);
    await target.getByLabel('Name').fill(TARGET.name);
    await target.getByLabel('Organisation').fill(TARGET.organisation);
    await target.getByLabel('Country').fill(TARGET.country);
    await target.getByLabel('Email').fill(TARGET.email);
    await target.getByLabel('Phone').fill(TARGET.phone);
    await target.getByLabel('Salutation').fill(TARGET.salutation);

    await page.getByLabel('Subject lines').fill(CAMPAIGN.subjects);
    await page.getByLabel('Model letter').fill(CAMPAIGN.letter);
    await page.getByLabel('Call script').fill(CAMPAIGN.callScript);
    await page.getByLabel('Copies to').fill(CAMPAIGN.copyTo);
    await page.getByRole('radio', { name: /^Protective/ }).check();
    await audit('campaign-editor');

    await submit(page, page.getByRole('button', { name: 'Save' }).first(), /\/admin\/campaigns\/\d+\?notice=created$/);
    campaignId = Number(/\/admin\/campaigns\/(\d+)\?/.exec(page.url())?.[1]);
    expect(campaignId).toBeGreaterThan(0);
    expect(await page.locator('main h1').innerText()).toBe(`${CAMPAIGN.reference}: ${CAMPAIGN.title}`);
    expect(await page.getByRole('status').innerText()).toBe('Campaign created as a draft. Activate it when it is ready for supporters.');
    expect(await fact('Status')).toBe('Draft');
    expect(await fact('Identity')).toMatch(/^Protective/);

    const stored = await campaignRow();
    expect(stored).toMatchObject({
      slug: CAMPAIGN.slug,
      status: 'draft',
      identity_mode: 'protective',
      letter_body: CAMPAIGN.letter,
      call_script: CAMPAIGN.callScript,
    });
    const targets = await db()
      .selectFrom('campaign_targets')
      .select(['title', 'name', 'country', 'email', 'phone'])
      .where('campaign_id', '=', campaignId)
      .execute();
    expect(targets).toEqual([{ title: TARGET.title, name: TARGET.name, country: TARGET.country, email: TARGET.email, phone: TARGET.phone }]);
    // A draft is nobody's business but the coordinators'.
    expect((await page.request.get(`/campaigns/${CAMPAIGN.slug}`)).status()).toBe(404);
  });

  it('activates it, and supporters find it on its public page', async () => {
    await submit(page, page.getByRole('button', { name: 'Activate: open it to supporters' }), /\?notice=active$/);
    expect(await page.getByRole('status').innerText()).toBe('The campaign is active: supporters can act on it.');
    expect(await fact('Status')).toBe('Active');
    expect((await campaignRow()).status).toBe('active');

    await asSupporter(async (supporter) => {
      await visit(supporter, `/campaigns/${CAMPAIGN.slug}`);
      expect(await supporter.locator('main h1').innerText()).toBe(CAMPAIGN.title);
      expect(await supporter.locator('ol.targets a[href^="mailto:"]').getAttribute('href')).toBe(`mailto:${TARGET.email}`);
      expect(await supporter.locator('section#call .call-script').innerText()).toBe(CAMPAIGN.callScript);
    });
  });

  it('shows the dashboard with its two charts', async () => {
    await visit(page, dashboardPath());
    for (const id of ['per-day', 'per-country']) {
      const chart = page.locator(`figure#${id} svg[role="img"]`);
      expect(await chart.isVisible(), `the ${id} chart is not visible`).toBe(true);
      const box = await chart.boundingBox();
      expect(box && box.width > 100 && box.height > 20, `the ${id} chart has no room on screen`).toBe(true);
    }
    expect(await page.locator('#count-confirmed').innerText()).toBe('0');
    // The target, and the daily copy to the organisation; nothing queued yet.
    expect(await page.locator('table#delivery tbody th').allInnerTexts()).toEqual([`${TARGET.title} (${TARGET.name})`, 'Copies to the organisation']);
    expect(await page.locator('table#delivery tbody tr').first().locator('td').allInnerTexts()).toEqual(['0', '0', '0', '0']);
  });

  it('pauses delivery and resumes it', async () => {
    await submit(page, page.getByRole('button', { name: 'Pause delivery' }), /\?notice=delivery-paused$/);
    expect(await page.getByRole('status').innerText()).toBe('Delivery paused: letters wait in the outbox until it is resumed.');
    expect(await fact('Delivery')).toBe('Paused: letters wait in the outbox');
    expect((await campaignRow()).delivery_paused).toBe(1);

    await submit(page, page.getByRole('button', { name: 'Resume delivery' }), /\?notice=delivery-resumed$/);
    expect(await page.getByRole('status').innerText()).toBe('Delivery resumed.');
    expect(await fact('Delivery')).toBe('Running');
    expect((await campaignRow()).delivery_paused).toBe(0);
    expect(await page.getByRole('button', { name: 'Pause delivery' }).isVisible()).toBe(true);
  });

  it('posts an outcome, which the campaign’s page then shows', async () => {
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Post and email' }) });
    const today = await form.getByLabel('Date').inputValue();
    expect(utcDaysOfThisFile()).toContain(today);
    await form.getByLabel('What happened').fill(OUTCOME.title);
    await form.getByLabel('More detail').fill(OUTCOME.body);
    await submit(page, form.getByRole('button', { name: 'Post and email' }), /\?notice=outcome&sent=0#outcomes-heading$/);
    expect(await page.getByRole('status').innerText()).toBe('Outcome posted and emailed to 0 supporters who asked for updates.');
    const listed = page.locator('ul.outcomes li', { hasText: OUTCOME.title });
    expect(await listed.count()).toBe(1);
    expect(await listed.locator('time').getAttribute('datetime')).toBe(today);

    await asSupporter(async (supporter) => {
      await visit(supporter, `/campaigns/${CAMPAIGN.slug}`);
      const updates = supporter.getByRole('region', { name: 'Updates' });
      expect(await updates.innerText()).toContain(OUTCOME.title);
      expect(await updates.innerText()).toContain(OUTCOME.body);
    });
  });

  it('holds the third “I called” from one address without proof of work, counting only two', async () => {
    // Without JavaScript there is no proof of work: the stricter limit, two in five minutes, applies.
    await asSupporter(async (supporter) => {
      for (const country of ['Ireland', 'Chile', 'Nigeria']) {
        await visit(supporter, `/campaigns/${CAMPAIGN.slug}`);
        const call = supporter.locator('section#call');
        await call.getByLabel('Your country').selectOption({ label: country });
        // Held or not, the supporter is told the same.
        await submit(supporter, call.getByRole('button', { name: 'I called' }), new RegExp(`/campaigns/${CAMPAIGN.slug}/thanks/counted$`));
      }
    });
    // The answer comes first; the intake worker stores the calls a moment later.
    await drainIntake(site.running.placard.actions, 'browser-test');
    const actions = await db().selectFrom('actions').select(['status', 'country', 'method']).where('campaign_id', '=', campaignId).orderBy('id').execute();
    expect(actions).toEqual([
      { status: 'confirmed', country: 'IE', method: 'call' },
      { status: 'confirmed', country: 'CL', method: 'call' },
      { status: 'held', country: 'NG', method: 'call' },
    ]);
  });

  it('lists the held submission on the dashboard (when, where, how, why — never who) beside counts and charts that leave it out', async () => {
    await visit(page, dashboardPath());
    expect(await page.locator('#count-self-reported').innerText()).toBe('2');
    expect(await page.locator('#count-held').innerText()).toBe('1');
    const rows = page.locator('table#held tbody tr');
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allInnerTexts();
    expect(cells.join(' ')).not.toContain('127.0.0.1');
    expect(cells[1]).toBe('Nigeria');
    expect(cells[2]).toBe('Call (self-reported)');
    // Why, said once: the reason names the missing proof of work itself.
    expect(cells[3]).toBe('More than 2 submissions in 5 minutes from one address without proof of work');
    // The per-country chart draws the two counted calls, and not the held one.
    const drawn = await page.locator('figure#per-country svg g title').allTextContents();
    expect(drawn.sort()).toEqual(['Chile: 0 confirmed, 1 self-reported', 'Ireland: 0 confirmed, 1 self-reported']);
    const bar = page.locator('figure#per-country svg rect.self-reported').first();
    expect(Number(await bar.getAttribute('width'))).toBeGreaterThan(0);
    const days = await page.locator('figure#per-day svg g title').allTextContents();
    expect(utcDaysOfThisFile().map((day) => `${day}: 0 confirmed, 2 self-reported`)).toContain(days.at(-1));
    await audit('campaign-dashboard');
  });

  it('releases the held submission, which then counts', async () => {
    await submit(page, page.locator('table#held').getByRole('button', { name: /^Release the submission of / }), /\?notice=released$/);
    expect(await page.getByRole('status').innerText()).toBe('Released: the submission goes on as if it had not been held.');
    expect(await page.locator('#count-self-reported').innerText()).toBe('3');
    expect(await page.locator('#count-held').innerText()).toBe('0');
    expect(await page.getByRole('region', { name: 'Held submissions' }).innerText()).toContain('None held.');

    // The campaign is protective: its public page shows counts as of the last quarter hour
    // on the clock, never the moment of one person's action.
    await asSupporter(async (supporter) => {
      await visit(supporter, `/campaigns/${CAMPAIGN.slug}`);
      const counter = await supporter.locator('section.counter').innerText();
      expect(counter).toMatch(/\b[0-3] more wrote from their own email or called/);
      expect(counter).toContain('counts are updated every quarter of an hour');
    });
  });

  it('raised no script error and loaded everything it asked for', () => {
    expect(pageProblems()).toEqual([]);
  });
});

describe('browser: coordinator pages’ accessibility (axe-core)', () => {
  const PAGES = ['campaigns', 'campaign-editor', 'campaign-dashboard'];

  it.for(PAGES)('%s has no serious or critical violations', (name, { skip }) => {
    const report = reports.get(name);
    if (!report && flowBroken) skip('the flow broke before reaching this page');
    expect(report, `the flow never reached ${name}`).toBeDefined();
    expect(report?.ran, 'axe did not evaluate color-contrast').toContain('color-contrast');
    expect(report?.problems, `axe violations on admin ${name}:\n${report?.problems.join('\n')}`).toEqual([]);
  });
});
