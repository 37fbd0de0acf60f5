import type { ComponentChildren, VNode } from 'preact';
import type { ArticleStatus } from '../../../domain/articles/article.js';
import type { WorkflowAction } from '../../../domain/articles/workflow.js';
import type { ArticleFacts } from '../../../services/articles/admin-articles.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { articlePath } from '../../views/format.js';
import { useMessages } from '../../views/messages-context.js';
import { statusName } from '../labels.js';
import { useAdminZone, zonedTextWithOffset } from '../time-zone.js';

/** What a failed workflow step sends back: the messages and what was typed. */
export interface WorkflowInput {
  readonly errors: Readonly<Record<string, string>>;
  readonly publishAt?: string;
  readonly updateNote?: string;
  readonly withdrawalNote?: string;
}

function StatusLine(props: { facts: ArticleFacts }): VNode {
  const f = props.facts;
  const m = useMessages();
  const zone = useAdminZone();
  const status = f.status as ArticleStatus;
  const at = (iso: string) => (chunks: ComponentChildren[]) => <time dateTime={iso}>{chunks}</time>;
  return (
    <p class="workflow-status">
      {m.rich('admin.workflow.status', { status: statusName(m, status), b: (chunks) => <strong class={`status status-${status}`}>{chunks}</strong> })}
      {status === 'scheduled' && f.publishedAt ? (
        <> {m.rich('admin.workflow.scheduled-for', { time: zonedTextWithOffset(m, f.publishedAt, zone), t: at(f.publishedAt) })}</>
      ) : null}
      {status === 'published' && f.publishedAt ? (
        <>
          {' '}
          {m.rich('admin.workflow.published-on', {
            date: m.date(f.publishedAt, 'long', zone),
            t: at(f.publishedAt),
            link: (chunks) => <a href={articlePath(f.slug)}>{chunks}</a>,
          })}
        </>
      ) : null}
      {f.lastUpdateAt ? <> · {m.rich('admin.workflow.updated-on', { date: m.date(f.lastUpdateAt, 'long', zone), t: at(f.lastUpdateAt) })}</> : null}
      {status === 'withdrawn' && f.withdrawnAt ? (
        <> {m.rich('admin.workflow.withdrawn-on', { date: m.date(f.withdrawnAt, 'long', zone), t: at(f.withdrawnAt), note: f.withdrawalNote ?? '' })}</>
      ) : null}{' '}
      · {m.t('admin.workflow.version', { version: f.version })}
    </p>
  );
}

function ActionForm(props: { id: number; csrf: string; action: WorkflowAction; input: WorkflowInput | null }): VNode {
  const { action, input } = props;
  const m = useMessages();
  const zone = useAdminZone();
  const errors = input?.errors ?? {};
  const field = action === 'schedule' ? 'publishAt' : action === 'update' ? 'updateNote' : action === 'withdraw' ? 'withdrawalNote' : null;
  return (
    <form method="post" action={`/admin/articles/${props.id}/${action}`} class={`workflow-action action-${action}`}>
      <CsrfField token={props.csrf} />
      {field === 'publishAt' ? (
        <>
          <label for="publishAt">{m.t('admin.time.publish-at', { zone })}</label>
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
          <label for={field}>{m.t(field === 'updateNote' ? 'admin.workflow.update-note' : 'admin.workflow.withdrawal-note')}</label>
          <FieldError id={`${field}-error`} message={errors[field]} />
          <textarea id={field} name="note" rows={2} required aria-describedby={errors[field] ? `${field}-error` : undefined}>
            {input?.[field] ?? ''}
          </textarea>
        </>
      ) : null}
      <button type="submit" class={action === 'withdraw' ? 'danger' : undefined}>
        {m.t(`admin.workflow.action.${action}`)}
      </button>
    </form>
  );
}

/** Where the article stands and the steps this user may take from there. */
export function WorkflowPanel(props: { facts: ArticleFacts; actions: readonly WorkflowAction[]; csrf: string; input: WorkflowInput | null }): VNode {
  const errors = props.input?.errors ?? {};
  const m = useMessages();
  return (
    <section class="workflow" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">{m.t('admin.workflow.heading')}</h2>
      <StatusLine facts={props.facts} />
      <FieldError id="workflow-error" message={errors.workflow} />
      {props.actions.length === 0 ? <p>{m.t('admin.workflow.no-step')}</p> : null}
      {props.actions.map((action) => (
        <ActionForm id={props.facts.id} csrf={props.csrf} action={action} input={props.input} />
      ))}
    </section>
  );
}
