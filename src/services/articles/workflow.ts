import type { Transaction } from 'kysely';
import { canSeeArticle, type StaffUser } from '../../domain/accounts/staff.js';
import { articleCacheTags, validateArticle, type FieldError } from '../../domain/articles/article-input.js';
import type { ArticleStatus } from '../../domain/articles/article.js';
import { actionSources, mayApply, noteProblems, publishInstant, scheduleProblems, STATUS_LABELS, type WorkflowAction } from '../../domain/articles/workflow.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../domain/errors.js';
import {
  dueScheduledIds,
  findArticleFacts,
  loadSnapshot,
  loadTagFacts,
  setWorkflowState,
  type ArticleFacts,
} from '../../store/articles/article-admin.store.js';
import { addArticleUpdate } from '../../store/articles/article-write.store.js';
import { addFederationEvent } from '../../store/federation/federation.store.js';
import type { DB } from '../../store/db/schema.js';
import { audit } from '../audit/audit.js';
import { leadImageProblems, type ArticleEditDeps } from './save-article.js';

/** A workflow step as the newsroom asks for it, with what the step needs. */
export type WorkflowCommand =
  | { readonly action: 'submit' | 'return' | 'unschedule' | 'publish' }
  /** `publishAt` as typed in a `datetime-local` field, a wall-clock time in `zone` (the zone the form named). */
  | { readonly action: 'schedule'; readonly publishAt: string; readonly zone: string }
  | { readonly action: 'update' | 'withdraw'; readonly note: string };

/** Problems with the command itself, and with the article for the steps that make it public. */
async function commandProblems(trx: Transaction<DB>, facts: ArticleFacts, command: WorkflowCommand, now: Date): Promise<FieldError[]> {
  switch (command.action) {
    case 'schedule':
    case 'publish': {
      const timing = command.action === 'schedule' ? scheduleProblems(command.publishAt, command.zone, now) : [];
      const publishedAt = command.action === 'schedule' ? publishInstant(command.publishAt, command.zone) : now.toISOString();
      const status: ArticleStatus = command.action === 'schedule' ? 'scheduled' : 'published';
      const snapshot = await loadSnapshot(trx, facts.id);
      const rules = validateArticle({ ...snapshot, status, publishedAt: publishedAt ?? now.toISOString(), updates: [] });
      return [...timing, ...rules, ...(await leadImageProblems(trx, snapshot, status))];
    }
    case 'update':
    case 'withdraw':
      return noteProblems(command.note, command.action);
    default:
      return [];
  }
}

const AUDITED: Partial<Record<WorkflowAction, 'article-published' | 'article-scheduled' | 'article-updated' | 'article-withdrawn'>> = {
  publish: 'article-published',
  schedule: 'article-scheduled',
  update: 'article-updated',
  withdraw: 'article-withdrawn',
};

/** What each step that readers see tells the article's followers. */
const FEDERATED: Partial<Record<WorkflowAction, 'create' | 'update' | 'delete'>> = {
  publish: 'create',
  update: 'update',
  withdraw: 'delete',
};

async function transition(trx: Transaction<DB>, facts: ArticleFacts, command: WorkflowCommand, now: string): Promise<boolean> {
  const from = actionSources(command.action);
  const target = { id: facts.id, from };
  switch (command.action) {
    case 'submit':
      return setWorkflowState(trx, target, { status: 'in_review', modified_at: now });
    case 'return':
      return setWorkflowState(trx, target, { status: 'draft', modified_at: now });
    case 'unschedule':
      return setWorkflowState(trx, target, { status: 'draft', published_at: null, modified_at: now });
    case 'schedule':
      return setWorkflowState(trx, target, { status: 'scheduled', published_at: publishInstant(command.publishAt, command.zone), modified_at: now });
    case 'publish':
      return setWorkflowState(trx, target, { status: 'published', published_at: now, modified_at: now });
    case 'withdraw':
      return setWorkflowState(trx, target, { status: 'withdrawn', withdrawn_at: now, withdrawal_note: command.note.trim(), modified_at: now });
    case 'update':
      await addArticleUpdate(trx, facts.id, { at: now, note: command.note.trim() });
      return true;
  }
}

function auditSummary(facts: ArticleFacts, command: WorkflowCommand): string {
  switch (command.action) {
    case 'schedule':
      return `Scheduled “${facts.title}” for ${publishInstant(command.publishAt, command.zone)} (typed as ${command.publishAt.trim()} in ${command.zone})`;
    case 'update':
      return `Public update to “${facts.title}”: ${command.note.trim()}`;
    case 'withdraw':
      return `Withdrew “${facts.title}”: ${command.note.trim()}`;
    default:
      return `Published “${facts.title}”`;
  }
}

/**
 * Takes one workflow step: checks who may (NotFound when the article is not theirs to
 * see, Forbidden when they may see but not do it), that the article is still where the
 * step starts (Conflict when someone moved it meanwhile), and that it is fit to be
 * public; then records it in the audit log in the same transaction and refreshes the
 * public pages it touched once committed.
 */
export async function applyWorkflow(deps: ArticleEditDeps, user: StaffUser, id: number, command: WorkflowCommand): Promise<void> {
  const now = deps.clock();
  const at = now.toISOString();
  const tags = await deps.db.transaction().execute(async (trx) => {
    const facts = await findArticleFacts(trx, id);
    if (!facts || !canSeeArticle(user, facts)) throw new NotFound('The article');
    if (!actionSources(command.action).includes(facts.status)) {
      throw new Conflict(`The article is ${STATUS_LABELS[facts.status].toLowerCase()} now; reload the page to see what changed.`);
    }
    if (!mayApply(user, facts, command.action)) throw new Forbidden('Your role cannot take this step for this article.');
    const problems = await commandProblems(trx, facts, command, now);
    if (problems.length > 0) throw new ValidationFailed(problems);
    if (!(await transition(trx, facts, command, at))) throw new Conflict('The article changed while this step was being taken; reload the page.');
    const action = AUDITED[command.action];
    if (action) await audit({ db: trx, clock: deps.clock }, { actor: user, action, subject: { type: 'article', id }, summary: auditSummary(facts, command) });
    // Followers hear of it through the transactional outbox of publishing (docs/decisions/0036).
    const federated = FEDERATED[command.action];
    if (federated) await addFederationEvent(trx, id, federated, at);
    // Submitting, returning and scheduling change nothing readers see.
    const visible = command.action === 'publish' || command.action === 'update' || command.action === 'withdraw';
    return visible ? articleCacheTags(await loadTagFacts(trx, id)) : [];
  });
  if (tags.length > 0) deps.changes.announce(tags);
}

/**
 * Publishes every scheduled article whose time has come, each in its own transaction
 * (one broken article does not hold back the others), audited as the scheduler's work.
 * Safe to run on several nodes at once: the status check in the UPDATE lets only one
 * of them publish an article. Returns the ids it published.
 */
export async function publishDueArticles(deps: ArticleEditDeps): Promise<number[]> {
  const at = deps.clock().toISOString();
  const published: number[] = [];
  for (const id of await dueScheduledIds(deps.db, at)) {
    const tags = await deps.db.transaction().execute(async (trx) => {
      if (!(await setWorkflowState(trx, { id, from: ['scheduled'], dueBy: at }, { status: 'published', modified_at: at }))) return null;
      const title = (await findArticleFacts(trx, id))?.title ?? '';
      await audit(
        { db: trx, clock: deps.clock },
        { actor: 'Scheduled publishing', action: 'article-published', subject: { type: 'article', id }, summary: `Published “${title}” at its scheduled time` },
      );
      await addFederationEvent(trx, id, 'create', at);
      return articleCacheTags(await loadTagFacts(trx, id));
    });
    if (tags) {
      deps.changes.announce(tags);
      published.push(id);
    }
  }
  return published;
}
