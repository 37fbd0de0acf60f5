import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../src/domain/campaigns/campaign.js';
import { confirmPathFor, createCampaign, postForm, testTarget } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery.js';
import { page } from '../support/html.js';
import { leaks, letterArb, supporterArb, type GeneratedSupporter } from '../support/identity-arbitraries.js';

/*
 * Protective mode through the real form: a supporter fills it in, previews the letter,
 * sends it, confirms by the link in their email, and the delivery worker sends the
 * letter to a real SMTP server on loopback. What the officials receive is read there.
 */

const LETTER = 'Release Natalya Sokolova.\n\nYours sincerely,\n{{name}}, {{city}}, {{country}}';

describe.each(DATABASES)('http (%s): protective letters carry nothing of the supporter but the name they sign with', (kind) => {
  let h: DeliveryHarness;
  let ip = 0;
  // A fresh address for every submission: the rate limit is not what these tests are about.
  const nextIp = () => `192.0.2.${(++ip % 250) + 1}`;

  beforeAll(async () => {
    h = await startDeliveryHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  const protectiveCampaign = (overrides: Partial<Parameters<typeof createCampaign>[1]> = {}) =>
    createCampaign(h.t.database.db, {
      identityMode: 'protective',
      targets: [testTarget({ salutation: 'Dear Prosecutor General' })],
      letter: { subjects: ['Free her'], body: LETTER },
      ...overrides,
    });

  /** Submits the form, confirms by the emailed link, lets the worker send; returns what the first target received. */
  async function sendThrough(campaign: Campaign, form: Record<string, string>, options: { confirmPage?: (html: string) => void } = {}): Promise<string> {
    const res = await postForm(h.t, `/campaigns/${campaign.slug}/act`, form, { ip: nextIp() });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const path = await confirmPathFor(h.t, form.email!);
    options.confirmPage?.((await h.t.app.inject({ method: 'GET', url: path })).body);
    const confirmed = await postForm(h.t, path, {});
    expect(confirmed.statusCode).toBe(200);
    h.clock.advance(10);
    await h.worker.runOnce();
    const received = h.receivedBy(campaign.targets[0]!.email!);
    expect(received).toHaveLength(1);
    return received[0]!.text;
  }

  it('the issue’s cases: an address typed with capitals, a surname first, a title first, a name in another case', async () => {
    const form = {
      name: 'Sadykova Aigerim',
      sign_as: 'Aigerim',
      email: 'Aigerim.Sadykova@Example.net',
      country: 'KZ',
      city: 'Almaty',
      letter: `I am SADYKOVA AIGERIM from almaty; write to Aigerim.Sadykova@Example.net or call +7 701 234 56 78.\n\n${LETTER}`,
    };
    const letter = await sendThrough(await protectiveCampaign(), form);
    expect(letter.trimEnd()).toBe(
      'Dear Prosecutor General,\n\nI am [removed] AIGERIM from [removed]; write to [removed] or call [removed].\n\nRelease Natalya Sokolova.\n\nYours sincerely,\nAigerim, Kazakhstan',
    );

    const nowak = await sendThrough(await protectiveCampaign(), {
      name: 'Dr. Jan Nowak',
      sign_as: 'Jan',
      email: 'jan.nowak@example.pl',
      country: 'PL',
      city: '',
      letter: `Nowak Jan, dr. NOWAK.\n\n${LETTER}`,
    });
    expect(nowak.trimEnd()).toMatch(/^Dear Prosecutor General,\n\n\[removed\] Jan, \[removed\]\. \[removed\]\.\n\n[\s\S]*\nJan, Poland$/);
  });

  it('asks for the name to sign with, beside its field, and keeps everything typed', async () => {
    const campaign = await protectiveCampaign();
    const form = { name: 'Sadykova Aigerim', sign_as: '', email: 'aigerim.422@example.net', country: 'KZ', city: 'Almaty', letter: 'My own words.\n{{name}}' };
    const res = await postForm(h.t, `/campaigns/${campaign.slug}/act`, form, { ip: nextIp() });
    expect(res.statusCode).toBe(422);
    const sent = page(res.body).first('section#send form');
    expect(sent.field('sign_as')).toMatchObject({
      value: '',
      error: expect.stringMatching(/^Please say what name to sign your letter with\. /),
      invalid: true,
      label: 'Sign my letter as',
    });
    expect(sent.field('name')).toMatchObject({ value: 'Sadykova Aigerim', error: undefined });
    expect(sent.field('letter').value).toBe('My own words.\n{{name}}');
    expect(await h.outbox(campaign.id)).toEqual([]);
  });

  it('previews without JavaScript exactly the letter each official receives, and stores nothing', async () => {
    const campaign = await protectiveCampaign({
      targets: [testTarget({ salutation: 'Dear Prosecutor General' }), testTarget({ salutation: null, deliveryMode: 'digest', digestEvery: null })],
    });
    const form = {
      name: 'Oisín Ó Briain',
      sign_as: 'Oisín',
      email: 'Oisin.OBriain@Example.ie',
      country: 'IE',
      city: 'Cork',
      letter: `Oisin O BRIAIN of Cork writes: https://example.ie/me\n\n${LETTER}`,
    };
    const preview = await postForm(h.t, `/campaigns/${campaign.slug}/act`, { ...form, preview: '1' }, { ip: nextIp() });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['cache-control']).toBe('no-store');
    const expected =
      'Dear Prosecutor General,\n\nOisin O [removed] of [removed] writes: [removed]\n\nRelease Natalya Sokolova.\n\nYours sincerely,\nOisín, Ireland';
    const previewed = page(preview.body).first('section#send form');
    expect(previewed.all('#act-preview pre.letter').map((letter) => letter.rawText)).toEqual([expected, 'Oisín, Ireland']);
    // The form is as typed, and nothing was stored or queued.
    expect([previewed.field('name').value, previewed.field('sign_as').value, previewed.field('email').value]).toEqual(['Oisín Ó Briain', 'Oisín', form.email]);
    expect(await h.t.database.db.selectFrom('actions').select('id').where('campaign_id', '=', campaign.id).execute()).toEqual([]);
    expect(await h.outbox(campaign.id)).toEqual([]);

    // The script's live preview answers the same letters.
    const live = await postForm(h.t, `/campaigns/${campaign.slug}/preview`, form, { ip: nextIp() });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({
      letters: [
        { heading: expect.stringContaining('Prosecutor General'), text: expected },
        { heading: expect.stringContaining('in a list of supporters'), text: 'Oisín, Ireland' },
      ],
    });
    expect((await postForm(h.t, `/campaigns/${campaign.slug}/preview`, form, { origin: 'https://evil.example' })).statusCode).toBe(403);

    // The confirmation page shows the same letters before the button sends them, and the official receives what was previewed.
    const confirmPage = (html: string) => {
      const confirm = page(html).first('section.confirm');
      expect(confirm.text('form button[type=submit]')).toBe('Confirm and send my letter');
      expect(confirm.all('section.letter-preview pre.letter').map((letter) => letter.rawText)).toEqual([expected, 'Oisín, Ireland']);
    };
    expect((await sendThrough(campaign, form, { confirmPage })).trimEnd()).toBe(expected);
  });

  it('previews a form sent with a megabyte in every field at once, and refuses it when sent', async () => {
    // The preview is built before the form is checked; it once spent seconds of the
    // server's time cleaning a letter of a megabyte-long name, for anyone who asked.
    const campaign = await protectiveCampaign();
    const megabyte = 'x'.repeat(1_000_000);
    const form = { name: megabyte, sign_as: 'Oisín', email: 'oisin@example.ie', country: 'IE', city: 'Cork', letter: LETTER };
    const live = await postForm(h.t, `/campaigns/${campaign.slug}/preview`, form, { ip: nextIp() });
    expect(live.statusCode).toBe(200);
    expect(live.json().letters[0].text).toBe('Dear Prosecutor General,\n\nRelease Natalya Sokolova.\n\nYours sincerely,\nOisín, Ireland');
    const preview = await postForm(h.t, `/campaigns/${campaign.slug}/act`, { ...form, letter: `${megabyte} ${LETTER}`, preview: '1' }, { ip: nextIp() });
    expect(preview.statusCode).toBe(200);
    // The letter as far as a letter may go (10,000 characters), not a megabyte of it.
    const previewed = page(preview.body).first('#act-preview pre.letter').rawText;
    expect(previewed).toMatch(/^Dear Prosecutor General,\n\nx{10000}$/);
    const sent = await postForm(h.t, `/campaigns/${campaign.slug}/act`, form, { ip: nextIp() });
    expect(sent.statusCode).toBe(422);
    expect(page(sent.body).errorFor('name')).toMatch(/200/);
  }, 10_000);

  it('property: no letter delivered carries a word of the name, the address or a phone number, typed in any script, case or order', async () => {
    let run = 0;
    const cases = supporterArb.chain((s) => letterArb(s).map((letter) => ({ s, letter })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ s, letter }) => {
        run++;
        // A new address per run: the same address twice is one supporter, with one letter.
        const supporter: GeneratedSupporter = { ...s, email: s.email.replace('@', `@run${run}.`) };
        const campaign = await protectiveCampaign({ targets: [testTarget({ salutation: 'Dear Prosecutor General' })] });
        const form = { name: supporter.name, sign_as: supporter.signAs, email: supporter.email, country: 'KZ', city: supporter.city, letter };
        const sent = (await sendThrough(campaign, form)).trimEnd();
        const signature = `${supporter.signAs}, Kazakhstan`;
        expect(sent.endsWith(signature)).toBe(true);
        expect(leaks(sent, supporter, signature)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
