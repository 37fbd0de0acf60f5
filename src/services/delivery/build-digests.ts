import type { Kysely } from 'kysely';
import type { Campaign } from '../../domain/campaigns/campaign.js';
import { inLanguage } from '../../domain/campaigns/campaign-languages.js';
import { letterMessages } from '../../domain/campaigns/letter.js';
import { findCampaign } from '../../store/campaigns/campaign.store.js';
import type { DB } from '../../store/db/schema.js';
import { attachDigestEntries, pendingDigestEntries, pendingDigestGroups, type DigestEntry, type DigestGroup } from '../../store/outbox/digest.store.js';
import { enqueueMessage } from '../../store/outbox/outbox.store.js';
import type { Clock } from '../shared/clock.js';
import { DEFAULT_SITE_NAME } from '../../domain/site/site-identity.js';
import { copyDigest, targetDigest } from './digest-text.js';
import type { MailIdentity } from './queue-deliveries.js';

/*
 * Digest mode: instead of a letter per supporter, a target gets one message per N actions
 * (target.digest_every) or, failing that, one a day; the organisation's copy is always
 * daily. A digest is written to the outbox in the same transaction that ties its entries
 * to it, so a crash either leaves the entries waiting (and the next round writes the
 * digest) or the digest queued — never both, never neither.
 */

/** What building digests needs. */
export interface DigestDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly mail: MailIdentity;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * At most this many supporters in one message: a daily digest of a very popular action
 * is split rather than sent as one message of megabytes that a mail server refuses.
 */
export const MAX_DIGEST_ENTRIES = 1000;

/** Thrown inside a digest's transaction when a concurrent worker took its entries first. */
class EntriesTaken extends Error {}

/** The message one chunk of entries becomes, or null when it has nowhere to go. */
function digestMessage(campaign: Campaign, group: DigestGroup, entries: readonly DigestEntry[], mail: MailIdentity) {
  if (group.targetId === null) {
    const [to, ...cc] = campaign.copyTo;
    if (!to) return null;
    // The organisation reads its copy in the site's default language.
    const messages = letterMessages(mail.siteLanguage?.() ?? null);
    return {
      kind: 'copy_digest' as const,
      recipient: to,
      cc,
      ...copyDigest(campaign, entries, { siteName: mail.siteName?.() ?? DEFAULT_SITE_NAME, messages }),
    };
  }
  const target = campaign.targets.find((t) => t.id === group.targetId);
  if (!target?.email) return null;
  // The appeal's title, subjects and demands in the language the official reads.
  return {
    kind: 'digest' as const,
    recipient: target.email,
    cc: [],
    ...targetDigest(inLanguage(campaign, target.letterLanguage), target, entries, { orgName: mail.fromName, messages: letterMessages(target.letterLanguage) }),
  };
}

/** Queues one digest and ties its entries to it; false when another worker got there first. */
async function writeDigest(deps: DigestDeps, campaign: Campaign, group: DigestGroup, entries: readonly DigestEntry[]): Promise<boolean> {
  const message = digestMessage(campaign, group, entries, deps.mail);
  if (!message) return false;
  const now = deps.clock().toISOString();
  try {
    await deps.db.transaction().execute(async (trx) => {
      const outboxId = await enqueueMessage(
        trx,
        {
          kind: message.kind,
          campaignId: campaign.id,
          targetId: group.targetId,
          recipient: message.recipient,
          cc: message.cc,
          subject: message.subject,
          body: message.body,
        },
        { now, domain: deps.mail.domain },
      );
      if (
        !(await attachDigestEntries(
          trx,
          entries.map((e) => e.id),
          outboxId,
        ))
      )
        throw new EntriesTaken();
    });
    return true;
  } catch (error) {
    if (error instanceof EntriesTaken) return false;
    throw error;
  }
}

/** A full batch of N goes at once; anything else waits until its oldest is a day old. */
function isDue(group: { digestEvery: number | null; pending: number; oldest: string }, chunk: number, dayAgo: string): boolean {
  return (group.digestEvery !== null && group.pending >= chunk) || group.oldest <= dayAgo;
}

function chunkSize(group: DigestGroup): number {
  return group.digestEvery !== null && group.digestEvery > 0 ? Math.min(group.digestEvery, MAX_DIGEST_ENTRIES) : MAX_DIGEST_ENTRIES;
}

/** Writes the digests one group owes now; returns how many. */
async function buildGroup(deps: DigestDeps, group: DigestGroup, dayAgo: string): Promise<number> {
  const campaign = await findCampaign(deps.db, group.campaignId);
  if (!campaign) return 0;
  const chunk = chunkSize(group);
  let written = 0;
  for (;;) {
    const entries = await pendingDigestEntries(deps.db, group, chunk);
    const oldest = entries[0];
    if (!oldest || !isDue({ digestEvery: group.digestEvery, pending: entries.length, oldest: oldest.createdAt }, chunk, dayAgo)) break;
    if (!(await writeDigest(deps, campaign, group, entries))) break;
    written++;
  }
  return written;
}

/**
 * Writes every digest that is due: per target in digest mode when N actions wait or the
 * oldest has waited a day, and the organisation's daily copy. Safe to run on several
 * nodes at once and again after a crash. Returns the number of digests queued.
 */
export async function buildDueDigests(deps: DigestDeps): Promise<number> {
  const dayAgo = new Date(deps.clock().getTime() - DAY_MS).toISOString();
  let written = 0;
  for (const group of await pendingDigestGroups(deps.db)) {
    // The copy is daily whatever the targets' N; a target's digest_every is on the group.
    if (!isDue(group, chunkSize(group), dayAgo)) continue;
    written += await buildGroup(deps, group, dayAgo);
  }
  return written;
}
