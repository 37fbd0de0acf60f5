import type { VNode } from 'preact';
import type { ArticleStatus } from '../../../domain/articles/article.js';
import { ACTION_LABELS, STATUS_LABELS, type WorkflowAction } from '../../../domain/articles/workflow.js';
import type { ArticleFacts } from '../../../services/articles/admin-articles.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { articlePath, formatDate } from '../../views/format.js';

/** What a failed workflow step sends back: the messages and what was typed. */
export interface WorkflowInput {
  readonly errors: Readonly<Record<string, string>>;
  readonly publishAt?: string;
  readonly updateNote?: string;
  readonly withdrawalNote?: string;
}

const utcTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

function StatusLine(props: { facts: ArticleFacts }): VNode {
  const f = props.facts;
  const status = f.status as ArticleStatus;
  return (
    <p class="workflow-status">
      Status: <strong class={`status status-${status}`}>{STATUS_LABELS[status] ?? status}</strong>
      {status === 'scheduled' && f.publishedAt ? (
        <>
          {' '}
          for <time dateTime={f.publishedAt}>{utcTime.format(new Date(f.publishedAt))} UTC</time>
        </>
      ) : null}
      {status === 'published' && f.publishedAt ? (
        <>
          {' '}
          on <time dateTime={f.publishedAt}>{formatDate(f.publishedAt)}</time> · <a href={articlePath(f.slug)}>view on the site</a>
        </>
      ) : null}
      {f.lastUpdateAt ? (
        <>
          {' '}
          · [updated] <time dateTime={f.lastUpdateAt}>{formatDate(f.lastUpdateAt)}</time>
        </>
      ) : null}
      {status === 'withdrawn' && f.withdrawnAt ? (
        <>
          {' '}
          on <time dateTime={f.withdrawnAt}>{formatDate(f.withdrawnAt)}</time>: {f.withdrawalNote}
        </>
      ) : null}{' '}
      · version {f.version}
    </p>
  );
}

function ActionForm(props: { id: number; csrf: string; action: WorkflowAction; input: WorkflowInput | null }): VNode {
  const { action, input } = props;
  const errors = input?.errors ?? {};
  const field = action === 'schedule' ? 'publishAt' : action === 'update' ? 'updateNote' : action === 'withdraw' ? 'withdrawalNote' : null;
  return (
    <form method="post" action={`/admin/articles/${props.id}/${action}`} class={`workflow-action action-${action}`}>
      <CsrfField token={props.csrf} />
      {field === 'publishAt' ? (
        <>
          <label for="publishAt">Publish at (UTC)</label>
          <FieldError id="publishAt-error" message={errors.publishAt} />
          <input
            id="publishAt"
            name="publishAt"
            type="datetime-local"
            value={input?.publishAt ?? ''}
            required
            aria-describedby={errors.publishAt ? 'publishAt-error' : undefined}
          />
        </>
      ) : null}
      {field === 'updateNote' || field === 'withdrawalNote' ? (
        <>
          <label for={field}>{field === 'updateNote' ? 'What changed (shown to readers)' : 'Why it is withdrawn (shown to readers)'}</label>
          <FieldError id={`${field}-error`} message={errors[field]} />
          <textarea id={field} name="note" rows={2} required aria-describedby={errors[field] ? `${field}-error` : undefined}>
            {input?.[field] ?? ''}
          </textarea>
        </>
      ) : null}
      <button type="submit" class={action === 'withdraw' ? 'danger' : undefined}>
        {ACTION_LABELS[action]}
      </button>
    </form>
  );
}

/** Where the article stands and the steps this user may take from there. */
export function WorkflowPanel(props: { facts: ArticleFacts; actions: readonly WorkflowAction[]; csrf: string; input: WorkflowInput | null }): VNode {
  const errors = props.input?.errors ?? {};
  return (
    <section class="workflow" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">Workflow</h2>
      <StatusLine facts={props.facts} />
      <FieldError id="workflow-error" message={errors.workflow} />
      {props.actions.length === 0 ? <p>There is no step you can take on this article now.</p> : null}
      {props.actions.map((action) => (
        <ActionForm id={props.facts.id} csrf={props.csrf} action={action} input={props.input} />
      ))}
    </section>
  );
}
