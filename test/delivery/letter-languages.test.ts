import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { confirmedAction, createCampaign, testTarget } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { DATABASES } from '../support/databases.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.js';

/*
 * An official whose letters go in Russian reads Russian around the supporters' words too:
 * the unnamed signatory, the salutation, the counts and "Signed" of a digest. The
 * organisation's daily copy is in the site's default language. Protective mode still
 * hands nobody a name the supporter did not choose, a town or an address.
 */
describe.each(DATABASES)('delivery (%s): the fixed words of letters and digests in the letter language', (kind) => {
  let t: TestApp;
  let smtp: SmtpCapture;
  const clock = testClock('2026-03-02T09:00:00.000Z');
  const supporters = [
    { name: 'Sadykova Aigerim', signAs: null, email: 'aigerim@example.net', city: 'Almaty', country: 'KZ' },
    { name: 'Ada Lovelace', signAs: 'Ada', email: 'ada@example.net', city: 'London', country: 'GB' },
  ];

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startTestApp(kind, { clock, demo: false, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Urgent Actions <actions@example.org>' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('writes a Russian-language target’s letter and digest with Russian fixed words, and the copy in the site’s language', async () => {
    const stored = t.placard.site.stored();
    await t.placard.site.update('tests', { ...stored, name: 'Voz Obrera', defaultLanguage: 'es', tagline: '', logoMediaId: '', footer: '', contactEmail: '' });
    const paced = testTarget({ letterLanguage: 'ru', salutation: null });
    const digest = testTarget({ letterLanguage: 'ru', salutation: null, deliveryMode: 'digest', digestEvery: 2 });
    const english = testTarget({ salutation: null, deliveryMode: 'digest', digestEvery: 2 });
    const campaign = await createCampaign(t.database.db, {
      identityMode: 'protective',
      languages: ['en', 'ru'],
      targets: [paced, digest, english],
      copyTo: ['copies@example.org'],
      translations: [
        {
          language: 'ru',
          title: 'Свободу Наталье Соколовой',
          summary: 'Профсоюзный юрист в тюрьме.',
          demands: ['Освободить Наталью Соколову'],
          letter: { subjects: ['Освободите Наталью Соколову'], body: 'Прошу освободить Наталью Соколову.\n\n{{name}}, {{country}}' },
          petitionText: '',
          callScript: '',
        },
      ],
    });
    for (const s of supporters) await confirmedAction(t.database.db, campaign, s, { now: clock() });
    clock.advance(24 * 60 + 1);
    await t.placard.jobs.delivery.runOnce();
    await t.placard.jobs.delivery.runOnce();

    const letters = smtp.messages.filter((m) => m.envelope.to.includes(paced.email!));
    expect(letters.map((l) => l.text.trim())).toEqual([
      'Прошу освободить Наталью Соколову.\n\nУчастник акции, Казахстан',
      'Прошу освободить Наталью Соколову.\n\nAda, Великобритания',
    ]);

    const [russian] = smtp.messages.filter((m) => m.envelope.to.includes(digest.email!));
    expect(russian?.subject).toBe('Освободите Наталью Соколову — 2 человека из 2 стран');
    const lines = russian?.text.split('\n').map((l) => l.trim()) ?? [];
    expect(lines.slice(0, 3)).toEqual(['Уважаемые дамы и господа,', '', '2 человека из 2 стран присоединились к призыву «Свободу Наталье Соколовой».']);
    expect(lines).toEqual(
      expect.arrayContaining(['Они просят вас:', '- Освободить Наталью Соколову', 'Подписали:', 'Участник акции, Казахстан', 'Ada, Великобритания']),
    );

    // A target in the first language keeps the English words.
    const [inEnglish] = smtp.messages.filter((m) => m.envelope.to.includes(english.email!));
    expect(inEnglish?.text).toContain('Dear Sir or Madam,');
    expect(inEnglish?.text).toContain('A supporter, Kazakhstan');

    const [copy] = smtp.messages.filter((m) => m.envelope.to.includes('copies@example.org'));
    expect(copy?.subject).toMatch(/^Copia: UA \d+\/26 Free Natalya Sokolova — 2 personas$/);
    expect(copy?.text).toContain('enviadas a través de Voz Obrera (confirmadas el 2026-03-02).');
    expect(copy?.text).toContain('Participaron 2 personas, por país:');
    expect(copy?.text).toContain('Una persona solidaria, Kazajistán');

    // Protective: neither the supporters' other names, towns nor addresses anywhere.
    for (const message of smtp.messages) {
      for (const hidden of ['Sadykova', 'Aigerim', 'Lovelace', 'Almaty', 'London', 'aigerim@', 'ada@'])
        expect(`${message.raw}${message.text}`).not.toContain(hidden);
    }
  });
});
