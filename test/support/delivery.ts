import { createDeliveryWorker, type DeliveryWorker } from '../../src/jobs/delivery-worker.js';
import type { Mailer } from '../../src/services/mail/mailer.js';
import { createSmtpMailer } from '../../src/services/mail/smtp-mailer.js';
import type { OutboxRow } from '../../src/store/outbox/outbox-claim.store.js';
import { startTestApp, type TestApp } from './app.js';
import { TEST_MAIL } from './campaigns.js';
import { testClock, type TestClock } from './clock.js';
import type { DatabaseKind } from './databases.js';
import { startSmtpCapture, type RecipientVerdict, type SmtpCapture } from './smtp.js';

/** The real app, a capture SMTP server, and a delivery worker sending to it on a test clock. */
export interface DeliveryHarness {
  readonly t: TestApp;
  readonly clock: TestClock;
  readonly smtp: SmtpCapture;
  readonly mailer: Mailer;
  readonly worker: DeliveryWorker;
  /** How the capture server answers RCPT TO per address; unlisted addresses are accepted. */
  readonly verdicts: Map<string, RecipientVerdict | ((address: string) => RecipientVerdict)>;
  /** The outbox rows of a campaign, oldest first. */
  outbox(campaignId: number): Promise<OutboxRow[]>;
  /** Messages received for an address (To or Cc). */
  receivedBy(address: string): SmtpCapture['messages'];
  close(): Promise<void>;
}

/** Starts the harness on a fresh database of `kind`, without the demo content unless asked. */
export async function startDeliveryHarness(kind: DatabaseKind, options: { demo?: boolean } = {}): Promise<DeliveryHarness> {
  const clock = testClock('2026-03-02T09:00:00.000Z');
  const t = await startTestApp(kind, { clock, demo: options.demo ?? false });
  const verdicts: DeliveryHarness['verdicts'] = new Map();
  const smtp = await startSmtpCapture({
    rejectRecipients: (address) => {
      const verdict = verdicts.get(address) ?? false;
      return typeof verdict === 'function' ? verdict(address) : verdict;
    },
  });
  const mailer = createSmtpMailer(smtp.url);
  const worker = createDeliveryWorker({ db: t.database.db, dialect: t.database.dialect, clock, mailer, mail: TEST_MAIL, logger: false });
  return {
    t,
    clock,
    smtp,
    mailer,
    worker,
    verdicts,
    outbox: (campaignId) => t.database.db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute(),
    receivedBy: (address) => smtp.messages.filter((m) => m.envelope.to.includes(address)),
    async close() {
      await worker.stop();
      await mailer.close();
      await smtp.close();
      await t.close();
    },
  };
}
