/*
 * The outbox: every email Placard sends is first a row, written in the transaction that
 * caused it (docs/decisions/0005), then sent by the delivery worker.
 */

/** The kinds of message the outbox carries. */
export const OUTBOX_KINDS = ['letter', 'digest', 'copy_digest', 'confirmation', 'outcome', 'data_export', 'data_erased'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * The statuses a message passes through. A worker's claim leaves a message 'queued' (the
 * lease says who holds it); 'failed' is a permanent refusal or a retry given up on,
 * 'bounced' a refused recipient, 'cancelled' a message whose reason to be sent went away.
 */
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'bounced', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** The statuses a message ends in without having been sent. */
export type FailedStatus = Extract<OutboxStatus, 'failed' | 'bounced' | 'cancelled'>;
