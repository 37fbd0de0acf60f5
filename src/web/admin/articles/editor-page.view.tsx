import type { VNode } from 'preact';
import type { FieldDiff } from '../../../domain/articles/revision-diff.js';
import type { ArticleForEditing, EditorChoices } from '../../../services/articles/admin-articles.js';
import type { PreviewLinkRow } from '../../../services/articles/preview-links.js';
import type { RevisionSummary } from '../../../services/articles/revisions.js';
import type { EditorForm } from './article-form.js';
import { ArticleForm } from './article-form.view.js';
import { useMessages } from '../../views/messages-context.js';
import { PreviewLinks } from './preview-links.view.js';
import { FieldChanges, RevisionList } from './revisions.view.js';
import { WorkflowPanel, type WorkflowInput } from './workflow-panel.view.js';
import type { TranslationPanel } from '../../../services/articles/translations.js';
import { TranslationsPanel, type TranslationsInput } from './translations-panel.view.js';

/** Where the live preview posts the body; the no-script Preview button posts the whole form instead. */
export const PREVIEW_ENDPOINT = '/admin/articles/preview';

/** Everything the editor page can show. */
export interface EditorPageProps {
  /** Null while the article is new (not saved yet). */
  readonly article: ArticleForEditing | null;
  readonly form: EditorForm;
  readonly errors: Readonly<Record<string, string>>;
  readonly choices: EditorChoices;
  readonly csrf: string;
  /** Sanitised HTML of the body, after the Preview button. */
  readonly previewHtml: string | null;
  readonly notice: string | null;
  /** Someone saved first: their version, and how it differs from what was sent. */
  readonly conflict: { readonly theirs: EditorForm; readonly version: number; readonly changes: readonly FieldDiff[] } | null;
  readonly workflow: WorkflowInput | null;
  readonly revisions: readonly RevisionSummary[];
  readonly links: readonly PreviewLinkRow[];
  readonly createdLink: { readonly url: string; readonly expiresAt: string } | null;
  readonly linkError?: string;
  readonly now: string;
  /** The article's translations (docs/decisions/0022); null for a new article. */
  readonly translations: TranslationPanel | null;
  readonly translationsInput?: TranslationsInput | null;
}

/** A summary of every problem at the top, each linking to its field (read first by screen readers). */
function ErrorSummary(props: { errors: Readonly<Record<string, string>> }): VNode | null {
  const entries = Object.entries(props.errors);
  const m = useMessages();
  if (entries.length === 0) return null;
  return (
    <div class="form-error" role="alert" aria-labelledby="error-summary-heading">
      <h2 id="error-summary-heading">{m.t('admin.editor.not-saved')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConflictNotice(props: { conflict: NonNullable<EditorPageProps['conflict']> }): VNode {
  const { theirs, changes } = props.conflict;
  const m = useMessages();
  return (
    <section class="conflict form-error" role="alert" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading">{m.t('admin.editor.conflict.heading')}</h2>
      <p>{m.t('admin.editor.conflict.explanation', { version: props.conflict.version })}</p>
      <details open>
        <summary>{m.t('admin.editor.conflict.differences')}</summary>
        {changes.length === 0 ? <p>{m.t('admin.editor.conflict.no-difference')}</p> : changes.map((diff) => <FieldChanges diff={diff} headingLevel={3} />)}
      </details>
      <details>
        <summary>{m.t('admin.editor.conflict.their-text')}</summary>
        <p>{m.rich('admin.editor.conflict.their-title', { title: theirs.title, b: (chunks) => <strong>{chunks}</strong> })}</p>
        <p>{m.rich('admin.editor.conflict.their-standfirst', { standfirst: theirs.standfirst, b: (chunks) => <strong>{chunks}</strong> })}</p>
        <label for="their-body">{m.t('admin.editor.conflict.their-body')}</label>
        <textarea id="their-body" readOnly rows={12}>{`\n${theirs.bodyMarkdown}`}</textarea>
      </details>
    </section>
  );
}

function Preview(props: { html: string | null }): VNode {
  // Hidden until there is something to show; editor.js reveals it when it fills it.
  const m = useMessages();
  return (
    <section class="preview" aria-labelledby="preview-heading" id="preview" hidden={props.html === null}>
      <h2 id="preview-heading">{m.t('admin.editor.preview-heading')}</h2>
      <div id="live-preview" class="body" data-endpoint={PREVIEW_ENDPOINT} aria-live="polite" dangerouslySetInnerHTML={{ __html: props.html ?? '' }} />
    </section>
  );
}

/** The editor: workflow, the form, its preview, then revisions and preview links. */
export function EditorPage(props: EditorPageProps): VNode {
  const { article } = props;
  const id = article?.facts.id;
  const readOnly = article !== null && !article.canEdit;
  const m = useMessages();
  return (
    <>
      <p>
        <a href="/admin/articles">{m.t('admin.editor.all-articles')}</a>
      </p>
      <h1>{article ? m.rich('admin.editor.heading', { title: article.facts.title, bdi: (chunks) => <bdi>{chunks}</bdi> }) : m.t('admin.articles.new')}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.conflict ? <ConflictNotice conflict={props.conflict} /> : <ErrorSummary errors={props.errors} />}
      {readOnly ? <p class="notice">{m.t('admin.editor.read-only')}</p> : null}
      {article ? <WorkflowPanel facts={article.facts} actions={article.actions} csrf={props.csrf} input={props.workflow} /> : null}
      {article && props.translations ? (
        <TranslationsPanel
          id={article.facts.id}
          panel={props.translations}
          csrf={props.csrf}
          canEdit={article.canEdit}
          input={props.translationsInput ?? null}
        />
      ) : null}
      <ArticleForm
        action={id ? `/admin/articles/${id}/edit` : '/admin/articles/new'}
        csrf={props.csrf}
        form={props.form}
        errors={props.errors}
        choices={props.choices}
        readOnly={readOnly}
      />
      <Preview html={props.previewHtml} />
      {id ? <RevisionList id={id} revisions={props.revisions} /> : null}
      {id ? <PreviewLinks id={id} links={props.links} csrf={props.csrf} now={props.now} created={props.createdLink} error={props.linkError} /> : null}
    </>
  );
}
