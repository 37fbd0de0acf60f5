import type { VNode } from 'preact';
import type { ImportJob } from '../../../services/import/import-jobs.js';
import type { ImportReport } from '../../../services/import/import-archive.js';
import { useMessages } from '../../views/messages-context.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { CSRF_FIELD } from '../csrf.js';
import { SelectField, type KeyedErrors } from '../form-fields.view.js';

/** The import form's values as typed (the file cannot be kept: it is chosen again). */
export interface ImportFormValues {
  readonly format: string;
  readonly section: string;
  readonly dryRun: boolean;
}

/**
 * The upload form and the imports run since the server started. Its body is multipart,
 * so the CSRF token also rides in the action's query string (web/admin/csrf.ts).
 */
export function ImportPage(props: {
  csrf: string;
  sections: readonly { slug: string; name: string }[];
  values: ImportFormValues;
  errors: KeyedErrors;
  jobs: readonly ImportJob[];
  maxMegabytes: number;
}): VNode {
  const m = useMessages();
  const { values, errors } = props;
  return (
    <>
      <h1>{m.t('admin.import.heading')}</h1>
      <p>{m.t('admin.import.intro')}</p>
      <form method="post" action={`/admin/import?${CSRF_FIELD}=${encodeURIComponent(props.csrf)}`} encType="multipart/form-data" class="stack">
        <CsrfField token={props.csrf} />
        <div class={errors.file ? 'field has-error' : 'field'}>
          <label for="file">{m.t('admin.import.file')}</label>
          <p class="hint" id="file-hint">
            {m.t('admin.import.file-hint', { megabytes: props.maxMegabytes })}
          </p>
          <FieldError id="file-error" message={errors.file} />
          <input
            id="file"
            name="file"
            type="file"
            accept=".xml,application/xml,text/xml,application/rss+xml,application/atom+xml"
            required
            aria-describedby={errors.file ? 'file-hint file-error' : 'file-hint'}
            aria-invalid={errors.file ? 'true' : undefined}
          />
        </div>
        <SelectField
          name="format"
          label={m.t('admin.import.format')}
          value={values.format}
          errors={errors}
          options={[
            ['wxr', m.t('admin.import.format-wxr')],
            ['feed', m.t('admin.import.format-feed')],
          ]}
        />
        <SelectField
          name="section"
          label={m.t('admin.import.section')}
          value={values.section}
          errors={errors}
          options={[['', m.t('admin.import.section-none')], ...props.sections.map((s): [string, string] => [s.slug, s.name])]}
        />
        <div class="field">
          <input id="dryRun" name="dryRun" type="checkbox" value="1" checked={values.dryRun} />
          <label for="dryRun">{m.t('admin.import.dry-run')}</label>
        </div>
        <button type="submit">{m.t('admin.import.submit')}</button>
      </form>
      <h2>{m.t('admin.import.recent')}</h2>
      {props.jobs.length === 0 ? (
        <p>{m.t('admin.import.none')}</p>
      ) : (
        <ul>
          {props.jobs.map((job) => (
            <li>
              <a href={`/admin/import/${job.id}`}>{job.fileName}</a> — {stateText(job, m)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function stateText(job: ImportJob, m: ReturnType<typeof useMessages>): string {
  if (job.state === 'running') return m.t('admin.import.running', { done: job.done, total: job.total });
  if (job.state === 'failed') return m.t('admin.import.failed-short');
  return m.t('admin.import.finished');
}

function Report(props: { report: ImportReport; dryRun: boolean }): VNode {
  const m = useMessages();
  const { report } = props;
  const skipped = Object.entries(report.skipped)
    .filter(([, n]) => n > 0)
    .map(([reason, count]) => m.t(`cli.import.skip.${reason}`, { count }));
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">{m.t('cli.import.report.heading', { source: report.source })}</h2>
      {props.dryRun ? <p>{m.t('cli.import.report.dryRun')}</p> : null}
      <ul class="import-report">
        <li>{m.t('cli.import.report.imported', { count: report.imported })}</li>
        <li>{m.t('cli.import.report.updated', { count: report.updated })}</li>
        <li>{m.t('cli.import.report.unchanged', { count: report.unchanged })}</li>
        <li>{m.t('cli.import.report.skipped', { list: skipped.length > 0 ? m.list(skipped) : '0' })}</li>
        <li>{m.t('cli.import.report.media', { count: report.mediaImported })}</li>
        <li>
          {m.t('cli.import.report.missingMedia', { count: report.missingMedia.length })}
          {report.missingMedia.length > 0 ? (
            <ul>
              {report.missingMedia.slice(0, 200).map((file) => (
                <li>
                  <code>{file}</code>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
        <li>{m.t('cli.import.report.redirects', { count: report.redirects })}</li>
        {report.embeds > 0 ? <li>{m.t('cli.import.report.embeds', { count: report.embeds })}</li> : null}
      </ul>
      {report.problems.length > 0 ? (
        <>
          <h3>{m.t('cli.import.report.problems', { count: report.problems.length })}</h3>
          <ul>
            {report.problems.map((p) => (
              <li>
                {p.item}: {p.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** One import: its progress while it runs (the page reloads itself), then its report or why it failed. */
export function ImportJobPage(props: { job: ImportJob }): VNode {
  const m = useMessages();
  const { job } = props;
  return (
    <>
      <h1>{m.t('admin.import.job-heading', { file: job.fileName })}</h1>
      {job.state === 'running' ? (
        <p role="status">
          {m.t('admin.import.running', { done: job.done, total: job.total })}{' '}
          <progress max={Math.max(job.total, 1)} value={job.done}>
            {job.done}
          </progress>
        </p>
      ) : null}
      {job.state === 'failed' ? <p role="alert">{m.t('admin.import.failed', { error: job.error ?? '' })}</p> : null}
      {job.report ? <Report report={job.report} dryRun={job.dryRun} /> : null}
      <p>
        <a href="/admin/import">{m.t('admin.import.back')}</a>
      </p>
    </>
  );
}
