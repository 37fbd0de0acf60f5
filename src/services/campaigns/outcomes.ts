import type { StaffUser } from '../../domain/accounts/staff.js';
import type { FieldError } from '../../domain/articles/article-input.js';
import type { Campaign, Outcome } from '../../domain/campaigns/campaign.js';
import { isIsoDate } from '../../domain/campaigns/campaign-input.js';
import { headerSafe } from '../../domain/campaigns/letter.js';
import { ValidationFailed } from '../../domain/errors.js';
import { hasSameOutcome, insertOutcome, updateRecipients } from '../../store/campaigns/campaign-admin.store.js';
import { listOutcomes } from '../../store/campaigns/campaign.store.js';
import { enqueueMessage } from '../../store/outbox/outbox.store.js';
import type { Messages } from '../../i18n/messages.js';
import { messagesFor } from '../../i18n/site-language.js';
import { audit } from '../audit/audit.js';
import type { CampaignDeps } from './campaign-deps.js';
import { campaignForStaff, campaignTags } from './campaign-admin.js';
import { supporterDataToken, supporterFooter } from './supporter-token.js';

/** An outcome update as the coordinator types it. */
export interface OutcomeInput {
  readonly occurredOn: string;
  readonly title: string;
  readonly body: string;
}

/** The problems with an outcome update, by field (occurredOn, title, body). */
export function outcomeProblems(input: OutcomeInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!isIsoDate(input.occurredOn.trim()))
    errors.push({ field: 'occurredOn', message: 'The date it happened, such as 2026-03-01.', key: 'domain.campaign.outcome-date-invalid' });
  if (input.title.trim() === '')
    errors.push({ field: 'title', message: 'Say what happened in a few words, such as “Released”.', key: 'domain.campaign.outcome-title-required' });
  if (input.title.trim().length > 200)
    errors.push({ field: 'title', message: 'The title must be 200 characters or fewer.', key: 'domain.campaign.outcome-title-too-long' });
  if (input.body.length > 10_000)
    errors.push({ field: 'body', message: 'The text must be 10,000 characters or fewer.', key: 'domain.campaign.outcome-text-too-long' });
  return errors;
}

/**
 * The email that tells a supporter what came of a campaign they asked to hear about: the
 * coordinator's words as written, the rest in the supporter's language.
 */
function outcomeEmail(campaign: Campaign, outcome: OutcomeInput, publicUrl: string, m: Messages): { subject: string; body: string } {
  const body = [
    outcome.title.trim(),
    `(${m.date(`${outcome.occurredOn.trim()}T00:00:00Z`)})`,
    '',
    ...(outcome.body.trim() ? [outcome.body.replace(/\r\n/g, '\n').trim(), ''] : []),
    `${campaign.title}: ${publicUrl}/campaigns/${campaign.slug}`,
    '',
    m.t('email.outcome.why'),
  ].join('\n');
  return { subject: headerSafe(`${campaign.title}: ${outcome.title}`), body };
}

/**
 * Posts a dated outcome ("Released") on the campaign and, in the same transaction, queues
 * an email to every participant with a confirmed, not withdrawn consent to this campaign's
 * updates who has not been erased. Each email ends with the supporter's own data link.
 * Returns how many were queued.
 */
export async function postOutcome(deps: CampaignDeps, user: StaffUser, campaignId: number, input: OutcomeInput): Promise<{ recipients: number }> {
  const campaign = await campaignForStaff(deps.db, user, campaignId);
  const problems = outcomeProblems(input);
  if (problems.length > 0) throw new ValidationFailed(problems);
  const now = deps.clock().toISOString();
  // One email text per language, made once.
  const emails = new Map<string, { subject: string; body: string; m: Messages }>();
  const emailIn = (language: string) => {
    const m = messagesFor(language);
    let email = emails.get(m.language);
    if (!email) {
      email = { ...outcomeEmail(campaign, input, deps.publicUrl, m), m };
      emails.set(m.language, email);
    }
    return email;
  };
  const outcome = { campaignId, occurredOn: input.occurredOn.trim(), title: input.title.trim(), body: input.body.replace(/\r\n/g, '\n').trim() };
  const recipients = await deps.db.transaction().execute(async (trx) => {
    // A double click, or the form sent again after a slow answer, must not email
    // everyone twice: the very same outcome is posted once.
    if (await hasSameOutcome(trx, outcome)) return 0;
    await insertOutcome(trx, { ...outcome, createdBy: user.id }, now);
    // Read inside the transaction: a consent withdrawn a moment ago is not mailed.
    const people = await updateRecipients(trx, campaignId);
    for (const person of people) {
      const { subject, body, m } = emailIn(person.language);
      const footer = supporterFooter(deps.publicUrl, supporterDataToken(deps.secret, person.supporterId), m);
      await enqueueMessage(
        trx,
        { kind: 'outcome', campaignId, recipient: person.email, fromName: deps.mail.fromName, subject, body: `${body}\n${footer}` },
        { now, domain: deps.mail.domain },
      );
    }
    // The number of people mailed, never who they are.
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor: user,
        action: 'outcome-posted',
        subject: { type: 'campaign', id: campaignId },
        summary: `“${campaign.title}”: posted the outcome “${outcome.title}” (${outcome.occurredOn}), emailed to ${people.length} ${people.length === 1 ? 'supporter' : 'supporters'}`,
      },
    );
    return people.length;
  });
  deps.changes.announce(await campaignTags(deps.db, campaignId));
  return { recipients };
}

/** A campaign's outcome updates, newest first. */
export async function campaignOutcomes(deps: Pick<CampaignDeps, 'db'>, campaignId: number): Promise<Outcome[]> {
  return listOutcomes(deps.db, campaignId);
}
