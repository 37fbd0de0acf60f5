import type { ActionInput, IntakeForm } from '../../domain/campaigns/action.js';
import { insertIntake } from '../../store/campaigns/intake.store.js';
import { ipGroupKey } from '../shared/ip-group.js';
import type { ActionDeps } from './action-deps.js';
import { verifyProof } from './proof-of-work.js';
import type { PublicCampaign } from './public-campaign.js';
import { assertAcceptsActions, scopedKey } from './record-action.js';

/*
 * No membership oracle (docs/decisions/0007). Deciding what a submission means — is this
 * address known, has it acted, is this a repeat — takes different work for a known and
 * an unknown address, and that difference showed in the answer's time (2–6 ms: a read
 * against a durable write). So the request does none of it: every valid submission is
 * appended to the intake by the same statement and acknowledged once that commits; the
 * intake worker (services/campaigns/process-intake.ts) decides later.
 */

export type { IntakeForm };

/** A submission as the route hands it over; the input is checked already. */
export interface Submission {
  readonly campaign: PublicCampaign;
  readonly form: IntakeForm;
  /** Kept whole, so fields added to the form travel to the worker unchanged. */
  readonly input: ActionInput;
  readonly ip: string;
  readonly proof: { readonly challenge: string; readonly nonce: string } | null;
  readonly idempotencyKey: string | null;
}

/**
 * Appends a submission to the intake, durably (through the write batcher: it resolves
 * after the commit). What it does depends on the form, the campaign and the proof of
 * work, never on the address: the same work for everyone. The caller wakes the intake
 * worker (wakeIntake) once the answer has left.
 */
export async function submitAction(deps: ActionDeps, submission: Submission): Promise<void> {
  const now = deps.clock();
  const { campaign } = submission.campaign;
  assertAcceptsActions(submission.campaign, now);
  const row = {
    campaignId: campaign.id,
    form: submission.form,
    email: submission.input.email.toLowerCase(),
    input: submission.input,
    ipKey: ipGroupKey(deps.secret, submission.ip),
    proofOfWork: submission.proof !== null && verifyProof(deps.secret, campaign.id, submission.proof, now),
    idempotencyKey: scopedKey(campaign.id, submission.idempotencyKey),
    createdAt: now.toISOString(),
  };
  await deps.batcher.run((trx) => insertIntake(trx, row));
}

/** Wakes the intake worker: called when a submission's answer has been handed to the network. */
export function wakeIntake(deps: Pick<ActionDeps, 'intake'>): void {
  deps.intake.wake();
}
