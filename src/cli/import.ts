import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ValidationFailed } from '../domain/errors.js';
import { readImportMap, type ImportMap } from '../domain/import/mapping.js';
import { ArchiveUnreadable } from '../domain/import/xml-stream.js';
import { english, type Messages } from '../i18n/messages.js';
import { fetchArchive } from '../services/import/fetch-archive.js';
import { importArchive, type ImportReport } from '../services/import/import-archive.js';
import { fileSource } from '../services/import/read-archive.js';
import { allSections } from '../services/sections/section-admin.js';
import { systemClock } from '../services/shared/clock.js';
import { createContentChanges } from '../services/shared/content-changes.js';
import type { Database } from '../store/db/database.js';
import type { MediaFiles } from '../store/media/media-files.js';
import type { CommandResult } from './user.js';

/** Usage of `placard import`, part of `placard help`. */
export const IMPORT_USAGE = `  import wxr FILE [--section SLUG] [--media-dir DIR] [--map FILE] [--dry-run]
            import a WordPress export (Tools → Export): posts become articles,
            images come from DIR (a copy of wp-content/uploads), old addresses redirect
  import feed FILE_OR_URL [--section SLUG] [--media-dir DIR] [--map FILE] [--dry-run]
            import an RSS 2.0 or Atom archive the same way`;

const ACTOR = 'command line';

/** A problem with what was typed: exit code 2 and one line saying what to fix. */
class UsageProblem extends Error {}

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        section: { type: 'string' },
        'media-dir': { type: 'string' },
        map: { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
    });
  } catch (error) {
    const first = (error as Error).message.split(/\.\s/)[0] ?? 'cannot read the options';
    throw new UsageProblem(english().t('cli.import.badOptions', { problem: `${first.charAt(0).toLowerCase()}${first.slice(1)}` }));
  }
}

async function readMap(file: string | undefined): Promise<ImportMap> {
  if (file === undefined) return {};
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageProblem(english().t('cli.import.mapUnreadable', { file, problem: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
  const read = readImportMap(text);
  if (!read.ok) throw new UsageProblem(english().t('cli.import.mapUnreadable', { file, problem: read.problem }));
  return read.map;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * A progress bar on a terminal, redrawn in place; elsewhere (a log, a pipe) a plain line
 * every tenth of the way, so a log is not flooded.
 */
function progressReporter(stream: NodeJS.WriteStream, m: Messages): { update(done: number, total: number): void; end(): void } {
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done, total) {
      if (stream.isTTY) {
        const width = 30;
        const filled = total > 0 ? Math.round((done / total) * width) : width;
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${m.t('cli.import.progress', { done, total })}`);
        drawn = true;
        return;
      }
      const tenth = total > 0 ? Math.floor((done * 10) / total) : 10;
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${m.t('cli.import.progress', { done, total })}\n`);
      }
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}

/** The report printed at the end of a run, in the catalogue's words. */
export function formatReport(report: ImportReport, m: Messages, dryRun: boolean): string {
  const lines = [m.t('cli.import.report.heading', { source: report.source })];
  lines.push(`  ${m.t('cli.import.report.imported', { count: report.imported })}`);
  lines.push(`  ${m.t('cli.import.report.updated', { count: report.updated })}`);
  lines.push(`  ${m.t('cli.import.report.unchanged', { count: report.unchanged })}`);
  const skipped = Object.entries(report.skipped)
    .filter(([, n]) => n > 0)
    .map(([reason, count]) => m.t(`cli.import.skip.${reason}`, { count }));
  lines.push(`  ${m.t('cli.import.report.skipped', { list: skipped.length > 0 ? m.list(skipped) : '0' })}`);
  for (const [type, count] of Object.entries(report.customTypes)) lines.push(`    ${m.t('cli.import.report.customType', { type, count })}`);
  lines.push(`  ${m.t('cli.import.report.media', { count: report.mediaImported })}`);
  lines.push(`  ${m.t('cli.import.report.missingMedia', { count: report.missingMedia.length })}`);
  for (const file of report.missingMedia.slice(0, 50)) lines.push(`    ${file}`);
  if (report.missingMedia.length > 50) lines.push(`    ${m.t('cli.import.report.more', { count: report.missingMedia.length - 50 })}`);
  lines.push(`  ${m.t('cli.import.report.redirects', { count: report.redirects })}`);
  if (report.embeds > 0) lines.push(`  ${m.t('cli.import.report.embeds', { count: report.embeds })}`);
  const shortcodes = Object.entries(report.droppedShortcodes);
  if (shortcodes.length > 0) lines.push(`  ${m.t('cli.import.report.shortcodes', { list: m.list(shortcodes.map(([name, n]) => `[${name}] ×${n}`)) })}`);
  if (report.problems.length > 0) {
    lines.push(`  ${m.t('cli.import.report.problems', { count: report.problems.length })}`);
    for (const p of report.problems) lines.push(`    ${p.item}: ${p.message}`);
  }
  if (dryRun) lines.push(m.t('cli.import.report.dryRun'));
  return `${lines.join('\n')}\n`;
}

/**
 * `placard import wxr|feed …`: imports a WordPress export or a feed into the database
 * (see docs/operations.md, "Moving a WordPress site to Placard"). Bad input gives one line
 * and exit code 2; a file that cannot be imported (malformed, hostile, not an archive)
 * gives its place and exit code 1, with nothing written.
 */
export async function runImportCommand(
  args: readonly string[],
  input: { database: Database; media: MediaFiles; progress?: NodeJS.WriteStream },
): Promise<CommandResult> {
  const m = english();
  let fetched: { dispose: () => Promise<void> } | undefined;
  try {
    const { values, positionals } = parse(args);
    const [format, location, ...extra] = positionals;
    if (format === undefined) throw new UsageProblem(m.t('cli.import.which'));
    if (format !== 'wxr' && format !== 'feed') throw new UsageProblem(m.t('cli.import.unknown', { command: format }));
    if (location === undefined || location.trim() === '') throw new UsageProblem(m.t('cli.import.fileRequired'));
    if (extra.length > 0) throw new UsageProblem(m.t('cli.import.unexpected', { word: extra[0]! }));
    const map = await readMap(values.map);
    const mediaDir = values['media-dir'];
    if (mediaDir !== undefined && !(await isDirectory(mediaDir))) throw new UsageProblem(m.t('cli.import.mediaDirMissing', { dir: mediaDir }));
    let path = location;
    if (format === 'feed' && /^https?:\/\//i.test(location)) {
      const download = await fetchArchive(location);
      fetched = download;
      path = download.path;
    } else if (
      !(await stat(location).then(
        (s) => s.isFile(),
        () => false,
      ))
    ) {
      throw new UsageProblem(m.t('cli.import.fileMissing', { file: location }));
    }
    const languages = [...new Set((await allSections(input.database.db)).flatMap((s) => s.languages.map((l) => l.split('-')[0]!)))];
    const progress = input.progress ? progressReporter(input.progress, m) : undefined;
    const dryRun = values['dry-run'] === true;
    const report = await importArchive(
      { db: input.database.db, media: input.media, clock: systemClock, changes: createContentChanges() },
      {
        format,
        source: fileSource(path, location),
        sectionSlug: values.section ?? null,
        mediaDir: mediaDir ?? null,
        map,
        dryRun,
        actor: ACTOR,
        languages,
        onProgress: progress ? (done, total) => progress.update(done, total) : undefined,
      },
    );
    progress?.end();
    return { code: 0, out: formatReport(report, m, dryRun) };
  } catch (error) {
    if (error instanceof UsageProblem) return { code: 2, out: `placard: import: ${error.message}\n` };
    if (error instanceof ValidationFailed)
      return { code: 2, out: `placard: import: ${error.errors.map((e) => (e.key ? m.t(e.key, e.values) : e.message)).join('; ')}\n` };
    if (error instanceof ArchiveUnreadable) return { code: 1, out: `placard: import: ${error.message}\n` };
    throw error;
  } finally {
    await fetched?.dispose();
  }
}
