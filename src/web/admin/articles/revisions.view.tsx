import type { VNode } from 'preact';
import { withContext, type FieldDiff } from '../../../domain/articles/revision-diff.js';
import type { RevisionComparison, RevisionSummary } from '../../../services/articles/revisions.js';
import { CsrfField } from '../admin-layout.view.js';

const savedTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function Saved(props: { revision: RevisionSummary }): VNode {
  const r = props.revision;
  return (
    <>
      <time dateTime={r.savedAt}>{savedTime.format(new Date(r.savedAt))} UTC</time>
      {r.savedBy ? ` by ${r.savedBy}` : ''}
      {r.note ? ` (${r.note})` : ''}
    </>
  );
}

/** The revisions of an article, newest first, each with a link comparing it with the one before. */
export function RevisionList(props: { id: number; revisions: readonly RevisionSummary[] }): VNode {
  const { id, revisions } = props;
  const newest = revisions[0]?.version;
  return (
    <section class="revisions" aria-labelledby="revisions-heading">
      <h2 id="revisions-heading">Revisions</h2>
      <ol reversed>
        {revisions.map((r, index) => {
          const older = revisions[index + 1];
          return (
            <li value={r.version}>
              Version {r.version}, <Saved revision={r} />
              {older ? (
                <>
                  {' '}
                  · <a href={`/admin/articles/${id}/revisions?from=${older.version}&to=${r.version}`}>changes from version {older.version}</a>
                </>
              ) : null}
              {newest !== undefined && r.version !== newest ? (
                <>
                  {' '}
                  · <a href={`/admin/articles/${id}/revisions?from=${r.version}&to=${newest}`}>compare with current</a>
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
  return (
    <section class="diff-field">
      <Heading>{props.diff.label}</Heading>
      <ul class="diff">
        {withContext(props.diff.lines).map((line) => {
          if (line.kind === 'skipped')
            return (
              <li class="diff-skipped">
                … {line.count} unchanged {line.count === 1 ? 'line' : 'lines'} …
              </li>
            );
          const text = line.text === '' ? '(empty line)' : line.text;
          if (line.kind === 'added')
            return (
              <li class="diff-added">
                <span class="diff-kind">Added:</span> <ins>{text}</ins>
              </li>
            );
          if (line.kind === 'removed')
            return (
              <li class="diff-removed">
                <span class="diff-kind">Removed:</span> <del>{text}</del>
              </li>
            );
          return (
            <li class="diff-same">
              <span class="diff-kind">Same:</span> {text}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function VersionSelect(props: { name: 'from' | 'to'; label: string; value: number; revisions: readonly RevisionSummary[] }): VNode {
  return (
    <div class="field">
      <label for={`diff-${props.name}`}>{props.label}</label>
      <select id={`diff-${props.name}`} name={props.name}>
        {props.revisions.map((r) => (
          <option value={String(r.version)} selected={r.version === props.value}>
            Version {r.version}
          </option>
        ))}
      </select>
    </div>
  );
}

function RestoreButton(props: { id: number; version: number; csrf: string }): VNode {
  return (
    <form method="post" action={`/admin/articles/${props.id}/revisions/${props.version}/restore`} class="inline">
      <CsrfField token={props.csrf} />
      <button type="submit">Restore version {props.version}</button>
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
  return (
    <>
      <p>
        <a href={`/admin/articles/${id}/edit`}>← Back to the editor</a>
      </p>
      <h1>Changes to “{c.title}”</h1>
      <form method="get" action={`/admin/articles/${id}/revisions`} class="filters">
        <VersionSelect name="from" label="From" value={c.from.version} revisions={props.revisions} />
        <VersionSelect name="to" label="To" value={c.to.version} revisions={props.revisions} />
        <button type="submit">Compare</button>
      </form>
      <p>
        From version {c.from.version} (<Saved revision={c.from} />) to version {c.to.version} (<Saved revision={c.to} />
        ).
      </p>
      {c.changes.length === 0 ? <p>The two versions are the same.</p> : c.changes.map((diff) => <FieldChanges diff={diff} headingLevel={2} />)}
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
