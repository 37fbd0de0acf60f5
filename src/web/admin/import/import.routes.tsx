import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import { NotFound } from '../../../domain/errors.js';
import type { ImportJobs } from '../../../services/import/import-jobs.js';
import { allSections } from '../../../services/sections/section-admin.js';
import type { DB } from '../../../store/db/schema.js';
import { renderAdmin, messagesOf } from '../auth.plugin.js';
import { sendPrivateHtml, staffOf } from '../kit.js';
import { ImportJobPage, ImportPage, type ImportFormValues } from './import.view.js';

/** What the import pages need. */
export interface ImportAdminDeps {
  readonly db: Kysely<DB>;
  readonly jobs: ImportJobs;
  readonly stylesheet: string;
}

/** The largest archive the admin accepts; a bigger one is imported on the server with `placard import`. */
export const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
const LIMITS = { fileSize: MAX_ARCHIVE_BYTES, files: 1, fields: 8, parts: 10, fieldSize: 1024, headerPairs: 20 } as const;
const policy = { config: { policy: 'settings.manage' as const } };

function page(deps: ImportAdminDeps, request: FastifyRequest, reply: FastifyReply, status: number, title: string, body: VNode): FastifyReply {
  return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, title, body));
}

async function form(
  deps: ImportAdminDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  values: ImportFormValues,
  errors: Record<string, string>,
) {
  const sections = (await allSections(deps.db)).filter((s) => s.retiredAt === null);
  return page(
    deps,
    request,
    reply,
    status,
    messagesOf(request).t('admin.import.heading'),
    <ImportPage
      csrf={request.csrfToken}
      sections={sections}
      values={values}
      errors={errors}
      jobs={deps.jobs.list()}
      maxMegabytes={MAX_ARCHIVE_BYTES / 1024 / 1024}
    />,
  );
}

/**
 * Reads the upload form, writing the file straight to disk (an archive may be hundreds of
 * megabytes; it is never held in memory). Gives the saved file, or null with the reason.
 */
async function receive(deps: ImportAdminDeps, request: FastifyRequest) {
  const values = { format: 'wxr', section: '', dryRun: false };
  let saved: { path: string; name: string } | null = null;
  let tooLarge = false;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      const value = typeof part.value === 'string' ? part.value : '';
      if (part.fieldname === 'format') values.format = value;
      else if (part.fieldname === 'section') values.section = value;
      else if (part.fieldname === 'dryRun') values.dryRun = value !== '';
      continue;
    }
    if (part.fieldname !== 'file' || saved || !part.filename) {
      part.file.resume();
      continue;
    }
    const path = await deps.jobs.uploadPath();
    await pipeline(part.file, createWriteStream(path));
    if (part.file.truncated) {
      tooLarge = true;
      await rm(path, { force: true });
    } else saved = { path, name: part.filename.replace(/[\p{Cc}\\/]/gu, '_').slice(0, 200) };
  }
  return { values, saved, tooLarge };
}

/**
 * The import pages under /admin/import (administrators): upload a WordPress export or a
 * feed, which runs as a background job (services/import/import-jobs.ts), and watch it.
 * Multipart parsing is registered in this plugin's scope only.
 */
export async function registerImportAdmin(app: FastifyInstance, deps: ImportAdminDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: LIMITS, throwFileSizeLimit: false });
    scope.get('/import', policy, (request, reply) => form(deps, request, reply, 200, { format: 'wxr', section: '', dryRun: false }, {}));
    scope.post('/import', policy, async (request, reply) => {
      const m = messagesOf(request);
      if (!request.isMultipart())
        return form(deps, request, reply, 415, { format: 'wxr', section: '', dryRun: false }, { file: m.t('admin.import.file-missing') });
      const { values, saved, tooLarge } = await receive(deps, request);
      const errors: Record<string, string> = {};
      if (tooLarge) errors.file = m.t('admin.import.file-too-large', { megabytes: MAX_ARCHIVE_BYTES / 1024 / 1024 });
      else if (!saved) errors.file = m.t('admin.import.file-missing');
      if (values.format !== 'wxr' && values.format !== 'feed') errors.format = m.t('admin.import.format-unknown');
      const sections = await allSections(deps.db);
      if (values.section && !sections.some((s) => s.slug === values.section && s.retiredAt === null))
        errors.section = m.t('domain.section-unknown', { slug: values.section });
      if (Object.keys(errors).length > 0 || !saved) {
        if (saved) await rm(saved.path, { force: true });
        return form(deps, request, reply, tooLarge ? 413 : 422, values, errors);
      }
      const job = deps.jobs.start({
        fileName: saved.name,
        path: saved.path,
        format: values.format as 'wxr' | 'feed',
        sectionSlug: values.section || null,
        dryRun: values.dryRun,
        startedBy: staffOf(request),
      });
      return reply.redirect(`/admin/import/${job.id}`, 303);
    });
    scope.get('/import/:id', policy, async (request, reply) => {
      const job = deps.jobs.get((request.params as { id: string }).id);
      if (!job) throw new NotFound('That import');
      // While it runs, the page reloads itself every two seconds: no script needed.
      if (job.state === 'running') reply.header('refresh', '2');
      return page(deps, request, reply, 200, messagesOf(request).t('admin.import.job-heading', { file: job.fileName }), <ImportJobPage job={job} />);
    });
  });
}
