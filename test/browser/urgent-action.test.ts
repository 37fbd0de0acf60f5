import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotTime } from '../../src/domain/campaigns/public-counts.js';
import { drainIntake } from '../../src/services/campaigns/process-intake.js';
import {
  MOBILE,
  axeReport,
  launchBrowser,
  mobileOptions,
  openPage,
  saveScreenshot,
  startSite,
  submit,
  visit,
  watchProblems,
  type AxeReport,
  type Site,
} from '../support/browser.js';

/**
 * A supporter acts on the demo's urgent action in a real Chromium, in each of the three
 * ways, once with JavaScript and once without: the letter sent through Placard and
 * confirmed by the email's button, the letter from their own mail client, and a call.
 * Each context comes from its own address (X-Forwarded-For through a trusted proxy),
 * as supporters do, so that the rate limit, which is not under test here, stays out of
 * the way. The pages passed on the way are checked with axe-core and photographed.
 */

const SLUG = 'stop-state-brutality-in-kazakhstan';
const PAGE = `/campaigns/${SLUG}`;
/** What a supporter writes into the model letter; the markup-like text must come back as typed. */
const OWN_WORDS = 'As a teacher & trade unionist I ask you <today> to free them: "enough".';

let site: Site;
let browser: Browser;
let campaign: DemoCampaign;
let nextHost = 0;

/** The demo campaign as stored: what its page and its links must show. */
interface DemoCampaign {
  readonly id: number;
  readonly title: string;
  readonly targets: readonly { readonly email: string | null; readonly phone: string | null }[];
  readonly copyTo: readonly string[];
  readonly subjects: readonly string[];
  readonly callScript: string;
}

async function loadCampaign(): Promise<DemoCampaign> {
  const db = site.running.database.db;
  const row = await db.selectFrom('campaigns').selectAll().where('slug', '=', SLUG).executeTakeFirstOrThrow();
  const targets = await db.selectFrom('campaign_targets').select(['email', 'phone']).where('campaign_id', '=', row.id).orderBy('position').execute();
  return {
    id: row.id,
    title: row.title,
    targets,
    copyTo: JSON.parse(row.copy_to) as string[],
    subjects: JSON.parse(row.letter_subjects) as string[],
    callScript: row.call_script,
  };
}

beforeAll(async () => {
  // Behind a proxy on loopback, each browser context says which supporter's address it is.
  site = await startSite({ TRUST_PROXY: 'loopback' });
  [browser, campaign] = await Promise.all([launchBrowser(), loadCampaign()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/**
 * Runs `body` on a fresh page of its own supporter (a new address from TEST-NET-2),
 * then checks that the page raised no script error and that nothing it asked for failed.
 */
async function asSupporter<T>(js: boolean, body: (page: Page) => Promise<T>, options: BrowserContextOptions = {}): Promise<T> {
  const { context, page } = await openPage(browser, site.url, {
    javaScriptEnabled: js,
    extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${++nextHost}` },
    ...options,
  });
  const problems = watchProblems(page);
  try {
    const result = await body(page);
    expect(problems(), 'script errors or failed requests').toEqual([]);
    return result;
  } finally {
    await context.close();
  }
}

/** axe-core reports of the supporter's pages, by screenshot name, filled as the flows pass them. */
const reports = new Map<string, AxeReport>();

/** Runs axe on the page as it stands and keeps a full-page screenshot as test-results/screenshots/<name>.png. */
async function audit(page: Page, name: string): Promise<void> {
  reports.set(name, await axeReport(page));
  await saveScreenshot(page, name);
}

/** "1,234 people have…" → 1234. */
function leadingNumber(text: string): number {
  const match = /^\s*([\d,]+)/.exec(text);
  if (!match) throw new Error(`no number at the start of “${text}”`);
  return Number(match[1]!.replace(/,/g, ''));
}

/** The public counter as a supporter reads it: letters through Placard, and apart, the self-reported. */
async function counter(page: Page): Promise<{ confirmed: number; selfReported: number }> {
  const box = page.locator('section.counter');
  return {
    confirmed: leadingNumber(await box.locator('.count-total').innerText()),
    selfReported: leadingNumber(await box.locator('p', { hasText: 'more wrote from their own email or called' }).innerText()),
  };
}

/** The counter as the rows say it should be: COUNTs over confirmed actions (with `before`, confirmed before it). */
async function countsInRows(before?: Date): Promise<{ confirmed: number; selfReported: number }> {
  const rows = await site.running.database.db
    .selectFrom('actions')
    .select(['method', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaign.id)
    .where('status', '=', 'confirmed')
    .$if(before !== undefined, (qb) => qb.where('confirmed_at', '<', before?.toISOString() ?? ''))
    .groupBy('method')
    .execute();
  const of = (methods: string[]) => rows.filter((r) => methods.includes(r.method)).reduce((n, r) => n + Number(r.n), 0);
  return { confirmed: of(['placard', 'signature']), selfReported: of(['own_mail', 'call']) };
}

/**
 * The demo campaign is protective: its public counter is the snapshot of the last quarter
 * hour (domain/campaigns/public-counts.ts), not the live count. Reloads the page until its
 * counter shows the snapshot the rows give now, at most fifteen seconds after `since` (the
 * page and the browser share two cores with the rest of the suite). A
 * reload asks the server again, as a reader's browser that kept the page for its max-age
 * would be made to.
 */
async function expectSnapshotCounter(page: Page, since = Date.now()): Promise<void> {
  await visit(page, PAGE);
  const poll = async () => {
    await page.reload({ waitUntil: 'load' });
    const [shown, rows] = await Promise.all([counter(page), countsInRows(snapshotTime(new Date()))]);
    return shown.confirmed === rows.confirmed && shown.selfReported === rows.selfReported;
  };
  await expect.poll(poll, { timeout: Math.max(1, since + 15_000 - Date.now()), interval: 200 }).toBe(true);
}

/**
 * Waits until the intake worker has carried out every submission: the forms answer
 * first, and the worker stores the action and queues the email a moment later.
 */
function processed(): Promise<void> {
  return drainIntake(site.running.placard.actions, 'browser-test');
}

/** The newest actions of the demo campaign after `sinceId`, once the submissions are processed. */
async function actionsAfter(sinceId: number) {
  await processed();
  return site.running.database.db.selectFrom('actions').selectAll().where('campaign_id', '=', campaign.id).where('id', '>', sinceId).orderBy('id').execute();
}

async function lastActionId(): Promise<number> {
  const row = await site.running.database.db
    .selectFrom('actions')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * The path of a link (`/confirm/…` or `/your-data/…`) in the one confirmation email the
 * outbox holds for this address: the text the supporter receives. (Links start with
 * PUBLIC_URL, which a site on a free port cannot know in advance: only the path is taken.)
 */
async function linkInConfirmation(email: string, route: 'confirm' | 'your-data'): Promise<string> {
  await processed();
  const mails = await site.running.database.db
    .selectFrom('outbox')
    .select('body')
    .where('kind', '=', 'confirmation')
    .where('recipient', '=', email)
    .orderBy('id')
    .execute();
  expect(mails, `confirmation emails to ${email}`).toHaveLength(1);
  const link = new RegExp(`https?://\\S+?(/${route}/[A-Za-z0-9_-]+)`).exec(mails[0]!.body);
  if (!link) throw new Error(`no /${route}/ link in the email to ${email}`);
  return link[1]!;
}

/**
 * Waits until the page's script has solved the proof of work and written it into every
 * form. A supporter who sends sooner is not refused: the form waits up to three seconds
 * and then goes without, under the stricter limit. The tests wait for it, so that on a
 * busy machine a slow solution is not taken for a missing one.
 */
async function proofSolved(page: Page): Promise<void> {
  const filled = () =>
    page
      .locator('form[data-pow] input[name="pow_nonce"]')
      .evaluateAll((inputs) => inputs.length > 0 && inputs.every((i) => (i as unknown as { value: string }).value !== ''));
  await expect.poll(filled, { timeout: 10_000, message: 'the proof of work was never filled in' }).toBe(true);
}

/** The person filling in the form; each test gets a new address. */
function supporter(tag: string) {
  return { name: 'Saoirse Byrne', email: `saoirse.${tag}.${Date.now()}@example.net`, country: 'Ireland', code: 'IE', city: 'Cork' };
}

/** Fills the "send through Placard" form: the identity, one consent, and the letter with the supporter's own words put first. */
async function fillSendForm(page: Page, who: ReturnType<typeof supporter>): Promise<string> {
  const form = page.locator('section#send');
  await form.getByLabel('Your name').fill(who.name);
  const signAs = form.getByLabel('Sign my letter as');
  if (await signAs.count()) await signAs.fill('Saoirse');
  await form.getByLabel('Your email address').fill(who.email);
  await form.getByLabel('Your country').selectOption({ label: who.country });
  await form.getByLabel('Your town or city (optional)').fill(who.city);
  const letter = form.getByLabel('Your letter');
  const edited = `${OWN_WORDS}\n\n${await letter.inputValue()}`;
  await letter.fill(edited);
  await form.getByLabel(/Email me updates on/).check();
  return edited;
}

describe.each([
  { js: true, mode: 'with JavaScript' },
  { js: false, mode: 'without JavaScript' },
])('browser: acting on an urgent action, $mode', ({ js }) => {
  it('sends the edited letter through Placard once the email’s button is pressed, and counts it in the next snapshot', async () => {
    const who = supporter(js ? 'send-js' : 'send-plain');
    await asSupporter(js, async (page) => {
      await visit(page, PAGE);
      expect(await page.locator('main h1').innerText()).toBe(campaign.title);
      const before = await countsInRows();
      const since = await lastActionId();

      const edited = await fillSendForm(page, who);
      if (js) await proofSolved(page);
      await submit(page, page.getByRole('button', { name: 'Send my letter' }), new RegExp(`${PAGE}/thanks/email$`));
      expect(await page.locator('main h1').innerText()).toBe('Check your email');
      if (js) await audit(page, 'action-thanks');

      const [action] = await actionsAfter(since);
      expect(action, 'no action was stored').toBeDefined();
      expect(action).toMatchObject({ method: 'placard', status: 'pending', country: who.code, letter: edited, proof_of_work: js ? 1 : 0 });
      // The script gives each form an idempotency key; a form sent without it has none.
      if (js) expect(action!.idempotency_key).toMatch(new RegExp(`^${campaign.id}:[0-9a-f]{32}$`));
      else expect(action!.idempotency_key).toBeNull();

      // A mail scanner opening the link sees a button and changes nothing.
      const path = await linkInConfirmation(who.email, 'confirm');
      await visit(page, path);
      expect(await page.locator('main h1').innerText()).toBe('Confirm your letter');
      const button = page.getByRole('button', { name: 'Confirm and send my letter' });
      expect(await button.isVisible()).toBe(true);
      if (js) await audit(page, 'action-confirm');
      expect((await actionsAfter(since))[0]?.status).toBe('pending');
      expect(await countsInRows()).toEqual(before);
      const letters = () =>
        site.running.database.db.selectFrom('outbox').select(['recipient', 'body']).where('kind', '=', 'letter').where('action_id', '=', action!.id).execute();
      expect(await letters()).toEqual([]);

      await submit(page, button, new RegExp(`${path}$`));
      const confirmedAt = Date.now();
      expect(await page.locator('main h1').innerText()).toBe('Thank you');
      expect(await page.locator('main').innerText()).toContain('Your letter is on its way');
      // The supporter looks at the campaign in another tab: the counter shows the quarter-hour snapshot, not their letter this minute.
      const tab = await page.context().newPage();
      await expectSnapshotCounter(tab, confirmedAt);
      await tab.close();
      expect(await countsInRows()).toEqual({ confirmed: before.confirmed + 1, selfReported: before.selfReported });
      if (js) await audit(page, 'action-confirmed');
      expect((await actionsAfter(since))[0]?.status).toBe('confirmed');

      // One letter per target. The demo's officials read Russian: a supporter on the English page
      // edits the English letter, and each official gets the campaign's Russian letter signed the
      // same way (docs/decisions/0023); protective mode keeps their surname, town and address from them.
      const sent = await letters();
      expect(sent.map((l) => l.recipient).sort()).toEqual(campaign.targets.flatMap((t) => (t.email ? [t.email] : [])).sort());
      for (const letter of sent) {
        expect(letter.body).not.toContain(OWN_WORDS);
        expect(letter.body).toContain('С уважением');
        expect(letter.body).toContain('Saoirse, Ирландия');
        for (const secret of ['Byrne', who.city, who.email]) expect(letter.body).not.toContain(secret);
      }
      const consent = await site.running.database.db
        .selectFrom('consents')
        .innerJoin('supporters', 'supporters.id', 'consents.supporter_id')
        .select(['scope', 'confirmed_at'])
        .where('supporters.email', '=', who.email)
        .execute();
      expect(consent).toEqual([{ scope: 'campaign_updates', confirmed_at: expect.any(String) }]);

      // The email ends with a link to the supporter's own data: what is kept, to download or erase.
      await visit(page, await linkInConfirmation(who.email, 'your-data'));
      expect(await page.locator('main h1').innerText()).toBe('Your data');
      expect(await page.locator('main').innerText()).toContain(who.email);
      for (const name of ['Download my data', 'Erase my data']) expect(await page.getByRole('button', { name }).isVisible()).toBe(true);
      if (js) await audit(page, 'supporter-data');
    });
  });

  it('fills the own-mail link with every target, the copy address, the subject and the letter, and counts “I have sent it” apart', async () => {
    await asSupporter(js, async (page) => {
      await visit(page, PAGE);
      const since = await lastActionId();

      const own = page.locator('section#own-mail');
      const link = own.getByRole('link', { name: 'Open the letter in your email program' });
      expect(await link.isVisible()).toBe(true);
      const href = (await link.getAttribute('href')) ?? '';
      // Chromium cannot open a mail client here, so the link is read rather than followed.
      const mailto = new URL(href);
      expect(mailto.protocol).toBe('mailto:');
      expect(decodeURIComponent(mailto.pathname).split(',')).toEqual(campaign.targets.flatMap((t) => (t.email ? [t.email] : [])));
      expect(mailto.searchParams.get('cc')?.split(',')).toEqual([...campaign.copyTo]);
      expect(mailto.searchParams.get('subject')).toBe(campaign.subjects[0]);
      const body = mailto.searchParams.get('body') ?? '';
      // The mail client gets CRLF lines and prompts to write over instead of placeholders.
      expect(body).toContain('\r\n');
      expect(body).not.toMatch(/\{\{|(?<!\r)\n/);
      const model = await page.locator('section#send').getByLabel('Your letter').inputValue();
      const prompts = body
        .replace(/\r\n/g, '\n')
        .replace(/\[your name\]/g, '{{name}}')
        .replace(/\[your town\]/g, '{{city}}')
        .replace(/\[your country\]/g, '{{country}}');
      expect(prompts).toBe(model);

      await own.getByLabel('Your country').selectOption({ label: 'Brazil' });
      if (js) await proofSolved(page);
      await submit(page, own.getByRole('button', { name: 'I have sent it' }), new RegExp(`${PAGE}/thanks/counted$`));
      expect(await page.locator('main h1').innerText()).toBe('Thank you');
      const stored = await actionsAfter(since);
      expect(stored).toHaveLength(1);
      // No consent, no address kept: a self-report is only a country and a method.
      expect(stored[0]).toMatchObject({ method: 'own_mail', status: 'confirmed', country: 'BR', supporter_id: null, proof_of_work: js ? 1 : 0 });

      await expectSnapshotCounter(page);
      // Per country: a country with fewer than ten supporters is not named, only counted among "Other countries".
      const brazil = page.locator('section.counter table.by-country tr', { has: page.locator('th', { hasText: /^Brazil$/ }) });
      expect(await brazil.count()).toBe(0);
    });
  });

  it('shows every phone number as a tel: link and the call script, and counts “I called” apart', async () => {
    await asSupporter(js, async (page) => {
      await visit(page, PAGE);
      const since = await lastActionId();

      const call = page.locator('section#call');
      const phones = campaign.targets.flatMap((t) => (t.phone ? [t.phone] : []));
      expect(phones.length, 'the demo campaign has no phone numbers').toBeGreaterThan(0);
      const tels = call.locator('a[href^="tel:"]');
      expect(await tels.count()).toBe(phones.length);
      for (let i = 0; i < phones.length; i++) {
        const tel = tels.nth(i);
        expect(await tel.isVisible()).toBe(true);
        expect(await tel.getAttribute('href')).toBe(`tel:${phones[i]!.replace(/[^\d+]/g, '')}`);
        expect((await tel.innerText()).replace(/\s/g, ' ')).toBe(phones[i]);
      }
      const script = call.locator('.call-script');
      expect(await script.isVisible()).toBe(true);
      const words = (text: string) => text.replace(/\s+/g, ' ').trim();
      expect(words(await script.innerText())).toBe(words(campaign.callScript));

      await call.getByLabel('Your country').selectOption({ label: 'Germany' });
      if (js) await proofSolved(page);
      await submit(page, call.getByRole('button', { name: 'I called' }), new RegExp(`${PAGE}/thanks/counted$`));
      expect(await page.locator('main h1').innerText()).toBe('Thank you');
      const stored = await actionsAfter(since);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ method: 'call', status: 'confirmed', country: 'DE', supporter_id: null, proof_of_work: js ? 1 : 0 });

      await expectSnapshotCounter(page);
    });
  });

  it('answers an address it cannot use with 422: the message beside the field, the edited letter intact; corrected, it is accepted', async () => {
    // The browser's own check accepts "name@host"; the server's wants a dotted domain.
    const who = { ...supporter(js ? 'fix-js' : 'fix-plain'), email: 'saoirse@localhost' };
    await asSupporter(js, async (page) => {
      await visit(page, PAGE);
      const since = await lastActionId();
      const edited = await fillSendForm(page, who);
      if (js) await proofSolved(page);
      const response = await submit(page, page.getByRole('button', { name: 'Send my letter' }), new RegExp(`${PAGE}/act$`));
      expect(response.status()).toBe(422);
      if (js) await audit(page, 'action-422');

      const send = page.locator('section#send');
      const email = send.getByLabel('Your email address');
      const field = send.locator('.field.has-error');
      expect(await field.count(), 'only the email field is marked').toBe(1);
      expect(await field.locator('#act-email').count(), 'the marked field is not the email field').toBe(1);
      const message = field.locator('#act-email-error');
      expect(await message.isVisible()).toBe(true);
      expect(await message.innerText()).toBe('This does not look like an email address (name@example.org).');
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      expect((await email.getAttribute('aria-describedby'))?.split(' ')).toContain('act-email-error');
      // The summary at the top links to the field.
      const summary = page.getByRole('alert');
      expect(await summary.getByRole('link', { name: 'This does not look like an email address (name@example.org).' }).getAttribute('href')).toBe('#act-email');

      expect(await send.getByLabel('Your letter').inputValue()).toBe(edited);
      expect(await send.getByLabel('Your name').inputValue()).toBe(who.name);
      expect(await email.inputValue()).toBe(who.email);
      expect(await send.getByLabel('Your town or city (optional)').inputValue()).toBe(who.city);
      expect(await send.getByLabel('Your country').inputValue()).toBe(who.code);
      expect(await send.getByLabel(/Email me updates on/).isChecked()).toBe(true);
      expect(await actionsAfter(since)).toEqual([]);

      const fixed = `saoirse.${js ? 'fixed-js' : 'fixed-plain'}.${Date.now()}@example.net`;
      await email.fill(fixed);
      if (js) await proofSolved(page);
      await submit(page, page.getByRole('button', { name: 'Send my letter' }), new RegExp(`${PAGE}/thanks/email$`));
      const stored = await actionsAfter(since);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ method: 'placard', status: 'pending', letter: edited, proof_of_work: js ? 1 : 0 });
      expect(await linkInConfirmation(fixed, 'confirm')).toMatch(/^\/confirm\//);
    });
  });
});

describe('browser: the action page’s looks', () => {
  it('is photographed and checked in the light and the dark colour scheme', async () => {
    await asSupporter(true, async (page) => {
      await visit(page, PAGE);
      await audit(page, 'action-page');
      await page.emulateMedia({ colorScheme: 'dark' });
      await visit(page, PAGE);
      await audit(page, 'action-page-dark');
    });
  });

  it('fits a 375 px phone without sideways scrolling', async () => {
    await asSupporter(
      false,
      async (page) => {
        await visit(page, PAGE);
        const wide = await page.evaluate(() => {
          const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document;
          return d.documentElement.scrollWidth;
        });
        expect(wide, 'the action page scrolls sideways at 375 px').toBeLessThanOrEqual(MOBILE.width);
        await saveScreenshot(page, 'action-page-mobile');
      },
      mobileOptions(),
    );
  });
});

describe('browser: supporters’ pages accessibility (axe-core)', () => {
  const PAGES = ['action-page', 'action-page-dark', 'action-thanks', 'action-confirm', 'action-confirmed', 'action-422', 'supporter-data'];

  it.for(PAGES)('%s has no serious or critical violations', (name) => {
    const report = reports.get(name);
    expect(report, `the flow never reached ${name}`).toBeDefined();
    expect(report?.ran, 'axe did not evaluate color-contrast').toContain('color-contrast');
    expect(report?.problems, `axe violations on ${name}:\n${report?.problems.join('\n')}`).toEqual([]);
  });
});
