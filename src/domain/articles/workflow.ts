import { canEditArticle, canPublishArticle, type ArticleAccessFacts, type StaffUser } from '../accounts/staff.js';
import type { ArticleStatus } from './article.js';
import type { FieldError } from './article-input.js';
import { zonedToUtc } from '../time/local-time.js';

/**
 * What can happen to an article between its first draft and its withdrawal:
 * draft → in_review → scheduled → published → withdrawn, with the steps back an
 * editor needs (return a submission, cancel a schedule).
 */
export const WORKFLOW_ACTIONS = ['submit', 'return', 'schedule', 'unschedule', 'publish', 'update', 'withdraw'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

interface Transition {
  readonly from: readonly ArticleStatus[];
  readonly to: ArticleStatus;
  /** `edit`: whoever may change the article (an author their own draft); `publish`: canPublishArticle. */
  readonly needs: 'edit' | 'publish';
}

const TRANSITIONS: Readonly<Record<WorkflowAction, Transition>> = {
  submit: { from: ['draft'], to: 'in_review', needs: 'edit' },
  return: { from: ['in_review'], to: 'draft', needs: 'publish' },
  // Rescheduling a scheduled article is scheduling it again.
  schedule: { from: ['draft', 'in_review', 'scheduled'], to: 'scheduled', needs: 'publish' },
  unschedule: { from: ['scheduled'], to: 'draft', needs: 'publish' },
  publish: { from: ['draft', 'in_review', 'scheduled'], to: 'published', needs: 'publish' },
  update: { from: ['published'], to: 'published', needs: 'publish' },
  withdraw: { from: ['published'], to: 'withdrawn', needs: 'publish' },
};

/** Button labels, in the words of the newsroom. */
export const ACTION_LABELS: Readonly<Record<WorkflowAction, string>> = {
  submit: 'Submit for review',
  return: 'Return to draft',
  schedule: 'Schedule',
  unschedule: 'Cancel schedule',
  publish: 'Publish now',
  update: 'Add public update',
  withdraw: 'Withdraw',
};

/** Status labels for lists and badges. */
export const STATUS_LABELS: Readonly<Record<ArticleStatus, string>> = {
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  withdrawn: 'Withdrawn',
};

/** True when the string names a workflow action. */
export function isWorkflowAction(value: string): value is WorkflowAction {
  return (WORKFLOW_ACTIONS as readonly string[]).includes(value);
}

/** The statuses an action starts from. */
export function actionSources(action: WorkflowAction): readonly ArticleStatus[] {
  return TRANSITIONS[action].from;
}

/** The status an article has after the action. */
export function actionTarget(action: WorkflowAction): ArticleStatus {
  return TRANSITIONS[action].to;
}

/** Whether this user may take this action on an article in its present status. */
export function mayApply(user: StaffUser, article: ArticleAccessFacts, action: WorkflowAction): boolean {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(article.status as ArticleStatus)) return false;
  return transition.needs === 'edit' ? canEditArticle(user, article) : canPublishArticle(user, article);
}

/** Every action the user may take on the article now, in workflow order. */
export function availableActions(user: StaffUser, article: ArticleAccessFacts): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => mayApply(user, article, action));
}

/** A publication time as read from the form: the instant, and whether the typed time happened twice. */
export type PublishTime = { readonly kind: 'exact' | 'ambiguous'; readonly utc: string } | { readonly kind: 'skipped' } | { readonly kind: 'invalid' };

/**
 * Reads a publication time typed into a `datetime-local` field ("2026-03-02T10:30"),
 * which carries no zone: it is the wall-clock time in `zone`, the zone the form's label
 * names (the editor's, else the article's section's, else the site's). A time the
 * clocks skip that day is `skipped`; one that happens twice takes the earlier instant
 * (`ambiguous`), which the page then shows with its offset. A full ISO 8601 time with
 * its own offset is taken as it says.
 */
export function parsePublishTime(raw: string, zone: string): PublishTime {
  const text = raw.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(text)) {
    const result = zonedToUtc(text, zone);
    return result.kind === 'ambiguous' ? { kind: 'ambiguous', utc: result.utc } : result;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return { kind: 'invalid' };
  const time = Date.parse(text);
  return Number.isNaN(time) ? { kind: 'invalid' } : { kind: 'exact', utc: new Date(time).toISOString() };
}

/** The instant a readable publication time names, or null. */
export function publishInstant(raw: string, zone: string): string | null {
  const at = parsePublishTime(raw, zone);
  return at.kind === 'exact' || at.kind === 'ambiguous' ? at.utc : null;
}

/** Problems with a requested publication time in `zone`: it must be readable, happen that day, and be in the future. */
export function scheduleProblems(raw: string, zone: string, now: Date): FieldError[] {
  const at = parsePublishTime(raw, zone);
  const typed = raw.trim().replace('T', ' ');
  if (at.kind === 'skipped')
    return [
      {
        field: 'publishAt',
        message: `${typed} does not happen in ${zone}: the clocks jump forward over it that day. Choose another time.`,
        key: 'domain.time.skipped',
        values: { time: typed, zone },
      },
    ];
  if (at.kind === 'invalid')
    return [
      {
        field: 'publishAt',
        message: `Enter the publication time as a date and time, such as 2026-03-02 10:30 (${zone}).`,
        key: 'domain.time.publish-at-invalid',
        values: { zone },
      },
    ];
  if (Date.parse(at.utc) <= now.getTime())
    return [
      { field: 'publishAt', message: 'The publication time must be in the future; to publish now, use “Publish now”.', key: 'domain.workflow.publish-at-past' },
    ];
  return [];
}

/** A public update or a withdrawal must say why, in a sentence readers will see. */
export function noteProblems(note: string, action: 'update' | 'withdraw'): FieldError[] {
  const text = note.trim();
  const field = action === 'update' ? 'updateNote' : 'withdrawalNote';
  if (text === '')
    return [
      action === 'update'
        ? { field, message: 'Say what changed; readers see this note.', key: 'domain.workflow.update-note-required' }
        : { field, message: 'Say why the article is withdrawn; readers see this note.', key: 'domain.workflow.withdrawal-note-required' },
    ];
  if (text.length > 1000) return [{ field, message: 'The note must be 1000 characters or fewer.', key: 'domain.workflow.note-too-long' }];
  return [];
}
