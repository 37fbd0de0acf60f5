import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationFailed } from '../../domain/errors.js';
import { allSections } from '../sections/section-admin.js';
import type { ImportDeps, ImportReport } from './import-archive.js';

/** An import started from the admin, as its page shows it. */
export interface ImportJob {
  readonly id: string;
  readonly fileName: string;
  readonly format: 'wxr' | 'feed';
  readonly dryRun: boolean;
  readonly startedBy: string;
  readonly startedAt: string;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  report: ImportReport | null;
  /** Why the file could not be imported (its place in the file), for a failed job. */
  error: string | null;
}

/** What starting a job needs: the uploaded file, saved at a path `uploadPath` gave, and the options. */
export interface ImportJobInput {
  readonly fileName: string;
  /** The job deletes the file when it ends. */
  readonly path: string;
  readonly format: 'wxr' | 'feed';
  readonly sectionSlug: string | null;
  readonly dryRun: boolean;
  readonly startedBy: { readonly id: number; readonly name: string };
}

/** The imports of this process: started from the admin, run in the background, watched by their page. */
export interface ImportJobs {
  /** Where to write an upload before starting its job (the folder exists). */
  uploadPath(): Promise<string>;
  start(input: ImportJobInput): ImportJob;
  get(id: string): ImportJob | undefined;
  /** The latest first. */
  list(): readonly ImportJob[];
  /** Resolves once no job is running (tests, and a clean stop). */
  idle(): Promise<void>;
}

const KEPT = 20;

/**
 * Runs imports uploaded in the admin as background jobs of this process, one after
 * another (an import is long and writes all the time; two at once would only slow each
 * other). The upload is kept in `dir` while its job runs and deleted after. Jobs are
 * held in memory: a restart forgets them, while what they imported stays, and running
 * the same file again picks up where the interrupted job stopped (docs/decisions/0031).
 * With several nodes, a job's page is on the node that received the upload.
 */
export function createImportJobs(deps: ImportDeps & { dir: string; onError?: (error: unknown) => void }): ImportJobs {
  const jobs: ImportJob[] = [];
  let queue: Promise<void> = Promise.resolve();
  const run = async (job: ImportJob, path: string, sectionSlug: string | null, actor: ImportJobInput['startedBy']) => {
    // The importer (the XML parser, HTML to Markdown) is loaded by the first import, not at
    // the start of every node that will never run one.
    const [{ importArchive }, { fileSource }, { ArchiveUnreadable }] = await Promise.all([
      import('./import-archive.js'),
      import('./read-archive.js'),
      import('../../domain/import/xml-stream.js'),
    ]);
    try {
      const languages = [...new Set((await allSections(deps.db)).flatMap((s) => s.languages.map((l) => l.split('-')[0]!)))];
      job.report = await importArchive(deps, {
        format: job.format,
        source: fileSource(path, job.fileName),
        sectionSlug,
        mediaDir: null,
        map: {},
        dryRun: job.dryRun,
        actor,
        languages,
        onProgress: (done, total) => {
          job.done = done;
          job.total = total;
        },
      });
      job.state = 'done';
    } catch (error) {
      job.state = 'failed';
      if (error instanceof ArchiveUnreadable) job.error = error.message;
      else if (error instanceof ValidationFailed) job.error = error.errors.map((e) => e.message).join(' ');
      else job.error = 'The import stopped on an unexpected error; it is in the server log.';
      if (!(error instanceof ArchiveUnreadable) && !(error instanceof ValidationFailed)) throw error;
    } finally {
      await rm(path, { force: true });
    }
  };
  return {
    async uploadPath() {
      await mkdir(deps.dir, { recursive: true });
      return join(deps.dir, `${randomBytes(12).toString('base64url')}.upload`);
    },
    start(input) {
      const id = randomBytes(9).toString('base64url');
      const path = input.path;
      const job: ImportJob = {
        id,
        fileName: input.fileName,
        format: input.format,
        dryRun: input.dryRun,
        startedBy: input.startedBy.name,
        startedAt: deps.clock().toISOString(),
        state: 'running',
        done: 0,
        total: 0,
        report: null,
        error: null,
      };
      jobs.unshift(job);
      jobs.splice(KEPT);
      queue = queue.then(() => run(job, path, input.sectionSlug, input.startedBy)).catch((error: unknown) => deps.onError?.(error));
      return job;
    },
    get: (id) => jobs.find((j) => j.id === id),
    list: () => jobs,
    idle: () => queue,
  };
}
