import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { OutboxKind } from '../../domain/outbox/outbox.js';
import type { DB } from '../db/schema.js';
import { toJson } from '../db/json.js';

export type { OutboxKind };

/** A message to queue. Header fields must already be header-safe (domain/campaigns/letter.ts). */
export interface NewOutboxMessage {
  readonly kind: OutboxKind;
  readonly campaignId?: number | null;
  readonly targetId?: number | null;
  readonly actionId?: number | null;
  readonly recipient: string;
  readonly cc?: readonly string[];
  readonly fromName?: string | null;
  readonly replyTo?: string | null;
  readonly subject: string;
  readonly body: string;
  /** Not before this time (paced letters); defaults to now. */
  readonly notBefore?: string;
}

/** A fresh Message-ID in the organisation's domain, fixed for every retry of the message. */
export function newMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}

/**
 * Queues a message in the caller's transaction: the message exists exactly when whatever
 * caused it committed (the transactional outbox). Returns the row's id.
 */
export async function enqueueMessage(trx: Transaction<DB>, message: NewOutboxMessage, options: { now: string; domain: string }): Promise<number> {
  const { id } = await trx
    .insertInto('outbox')
    .values({
      kind: message.kind,
      campaign_id: message.campaignId ?? null,
      target_id: message.targetId ?? null,
      action_id: message.actionId ?? null,
      message_id: newMessageId(options.domain),
      recipient: message.recipient,
      cc: toJson(message.cc ?? []),
      from_name: message.fromName ?? null,
      reply_to: message.replyTo ?? null,
      subject: message.subject,
      body: message.body,
      status: 'queued',
      not_before: message.notBefore ?? options.now,
      created_at: options.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
