import { useAdminZone, zonedText } from '../time-zone.js';
import type { ComponentChildren, VNode } from 'preact';
import type { Messages } from '../../../i18n/messages.js';
import { withContext, type FieldDiff } from '../../../domain/articles/revision-diff.js';
import type { RevisionComparison, RevisionSummary } from '../../../services/articles/revisions.js';
import { useMessages } from '../../views/messages-context.js';
import { CsrfField } from '../admin-layout.view.js';

/** When and by whom a revision was saved, as plain text for a sentence. */
function savedText(m: Messages, r: RevisionSummary, zone: string): string {
  const time = zonedText(m, r.savedAt, zone);
  const saved = r.savedBy ? m.t('admin.revisions.saved-by-text', { time, name: r.savedBy }) : time;
  return r.note ? `${saved} (${r.note})` : saved;
}

function Saved(props: { revision: RevisionSummary }): VNode {
  const r = props.revision;
  const m = useMessages();
  const zone = useAdminZone();
  const t = (chunks: ComponentChildren[]) => <time dateTime={r.savedAt}>{chunks}</time>;
  return (
    <>
      {m.rich(r.savedBy ? 'admin.revisions.saved-by' : 'admin.revisions.saved', { time: zonedText(m, r.savedAt, zone), name: r.savedBy ?? '', t })}
      {r.note ? ` (${r.note})` : ''}
    </>
  );
}

/** The revisions of an article, newest first, each with a link comparing it with the one before. */
export function RevisionList(props: { id: number; revisions: readonly RevisionSummary[] }): VNode {
  const { id, revisions } = props;
  const newest = revisions[0]?.version;
  const m = useMessages();
  return (
    <section class="revisions" aria-labelledby="revisions-heading">
      <h2 id="revisions-heading">{m.t('admin.revisions.heading')}</h2>
      <ol reversed>
        {revisions.map((r, index) => {
          const older = revisions[index + 1];
          return (
            <li value={r.version}>
              {m.t('admin.revisions.version', { version: r.version })}, <Saved revision={r} />
              {older ? (
                <>
                  {' '}
                  ·{' '}
                  <a href={`/admin/articles/${id}/revisions?from=${older.version}&to=${r.version}`}>
                    {m.t('admin.revisions.changes-from', { version: older.version })}
                  </a>
                </>
              ) : null}
              {newest !== undefined && r.version !== newest ? (
                <>
                  {' '}
                  · <a href={`/admin/articles/${id}/revisions?from=${r.version}&to=${newest}`}>{m.t('admin.revisions.compare-current')}</a>
                </>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/**
 * One field's changes. Added and removed lines are <ins> and <del> with a written label,
 * so the change reads without colour and a screen reader announces it.
 */
export function FieldChanges(props: { diff: FieldDiff; headingLevel: 2 | 3 }): VNode {
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  const m = useMessages();
  return (
    <section class="diff-field">
      <Heading>{m.t(`admin.revisions.field.${props.diff.field}`)}</Heading>
      <ul class="diff">
        {withContext(props.diff.lines).map((line) => {
          if (line.kind === 'skipped') return <li class="diff-skipped">{m.t('admin.revisions.unchanged', { count: line.count })}</li>;
          const text = line.text === '' ? m.t('admin.revisions.empty-line') : line.text;
          if (line.kind === 'added')
            return (
              <li class="diff-added">
                <span class="diff-kind">{m.t('admin.revisions.added')}</span> <ins>{text}</ins>
              </li>
            );
          if (line.kind === 'removed')
            return (
              <li class="diff-removed">
                <span class="diff-kind">{m.t('admin.revisions.removed')}</span> <del>{text}</del>
              </li>
            );
          return (
            <li class="diff-same">
              <span class="diff-kind">{m.t('admin.revisions.same')}</span> {text}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function VersionSelect(props: { name: 'from' | 'to'; label: string; value: number; revisions: readonly RevisionSummary[] }): VNode {
  const m = useMessages();
  return (
    <div class="field">
      <label for={`diff-${props.name}`}>{props.label}</label>
      <select id={`diff-${props.name}`} name={props.name}>
        {props.revisions.map((r) => (
          <option value={String(r.version)} selected={r.version === props.value}>
            {m.t('admin.revisions.version', { version: r.version })}
          </option>
        ))}
      </select>
    </div>
  );
}

function RestoreButton(props: { id: number; version: number; csrf: string }): VNode {
  const m = useMessages();
  return (
    <form method="post" action={`/admin/articles/${props.id}/revisions/${props.version}/restore`} class="inline">
      <CsrfField token={props.csrf} />
      <button type="submit">{m.t('admin.revisions.restore', { version: props.version })}</button>
    </form>
  );
}

/** Any two revisions side by side as a line diff, with a way to restore either. */
export function RevisionDiffPage(props: {
  id: number;
  comparison: RevisionComparison;
  revisions: readonly RevisionSummary[];
  canRestore: boolean;
  csrf: string;
}): VNode {
  const { id, comparison: c } = props;
  const current = props.revisions[0]?.version;
  const m = useMessages();
  const zone = useAdminZone();
  return (
    <>
      <p>
        <a href={`/admin/articles/${id}/edit`}>{m.t('admin.revisions.back')}</a>
      </p>
      <h1>{m.rich('admin.revisions.page-heading', { title: c.title, bdi: (chunks) => <bdi>{chunks}</bdi> })}</h1>
      <form method="get" action={`/admin/articles/${id}/revisions`} class="filters">
        <VersionSelect name="from" label={m.t('admin.revisions.from')} value={c.from.version} revisions={props.revisions} />
        <VersionSelect name="to" label={m.t('admin.revisions.to')} value={c.to.version} revisions={props.revisions} />
        <button type="submit">{m.t('admin.revisions.compare')}</button>
      </form>
      <p>
        {m.t('admin.revisions.from-to', { from: c.from.version, to: c.to.version, fromSaved: savedText(m, c.from, zone), toSaved: savedText(m, c.to, zone) })}
      </p>
      {c.changes.length === 0 ? <p>{m.t('admin.revisions.same-versions')}</p> : c.changes.map((diff) => <FieldChanges diff={diff} headingLevel={2} />)}
      {props.canRestore ? (
        <div class="actions">
          {[c.from.version, c.to.version]
            .filter((v, i, all) => v !== current && all.indexOf(v) === i)
            .map((v) => (
              <RestoreButton id={id} version={v} csrf={props.csrf} />
            ))}
        </div>
      ) : null}
    </>
  );
}
