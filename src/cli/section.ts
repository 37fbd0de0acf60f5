import { parseArgs } from 'node:util';
import { ValidationFailed } from '../domain/errors.js';
import { english } from '../i18n/messages.js';
import { allSections, createSectionFrom, type SectionAdminDeps } from '../services/sections/section-admin.js';
import { systemClock } from '../services/shared/clock.js';
import { createContentChanges, type ContentChanges } from '../services/shared/content-changes.js';
import type { Database } from '../store/db/database.js';
import type { CommandResult } from './user.js';

/** Usage of `placard section`, part of `placard help`. */
export const SECTION_USAGE = `  section add --slug SLUG --name NAME --country CODE [--country CODE]...
              --language TAG [--language TAG]... --time-zone ZONE [--short-name LABEL]
            add a section: ISO 3166 country codes (the first is its primary),
            BCP 47 language tags, an IANA time zone such as Europe/London
  section list
            list every section`;

const FLAG_BY_FIELD: Readonly<Record<string, string>> = {
  name: '--name',
  shortName: '--short-name',
  slug: '--slug',
  countries: '--country',
  languages: '--language',
  timeZone: '--time-zone',
};
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
        slug: { type: 'string' },
        name: { type: 'string' },
        'short-name': { type: 'string' },
        country: { type: 'string', multiple: true },
        language: { type: 'string', multiple: true },
        'time-zone': { type: 'string' },
      },
    });
  } catch (error) {
    const first = (error as Error).message.split(/\.\s/)[0] ?? 'cannot read the options';
    throw new UsageProblem(english().t('cli.section.badOptions', { problem: `${first.charAt(0).toLowerCase()}${first.slice(1)}` }));
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageProblem(english().t('cli.section.required', { flag }));
  return value;
}

async function add(deps: SectionAdminDeps, values: ReturnType<typeof parse>['values']): Promise<CommandResult> {
  const m = english();
  const input = {
    slug: required(values.slug, '--slug'),
    name: required(values.name, '--name'),
    shortName: values['short-name'] ?? '',
    countries: values.country ?? [],
    languages: values.language ?? [],
    timeZone: required(values['time-zone'], '--time-zone'),
    logoMediaId: '',
    description: '',
    contactEmail: '',
  };
  try {
    const section = await createSectionFrom(deps, ACTOR, input);
    return { code: 0, out: `${m.t('cli.section.added', { name: section.name, slug: section.slug })}\n` };
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    throw new UsageProblem(error.errors.map((e) => `${FLAG_BY_FIELD[e.field] ?? e.field}: ${e.key ? m.t(e.key, e.values) : e.message}`).join('; '));
  }
}

async function list(deps: SectionAdminDeps): Promise<CommandResult> {
  const m = english();
  const sections = await allSections(deps.db);
  const rows = [
    [
      m.t('cli.section.column.id'),
      m.t('cli.section.column.slug'),
      m.t('cli.section.column.name'),
      m.t('cli.section.column.shortName'),
      m.t('cli.section.column.countries'),
      m.t('cli.section.column.languages'),
      m.t('cli.section.column.timeZone'),
      m.t('cli.section.column.status'),
    ],
    ...sections.map((s) => [
      String(s.id),
      s.slug,
      s.name,
      s.shortLabel,
      s.countries.join(','),
      s.languages.join(',') || '-',
      s.timeZone ?? '-',
      s.retiredAt ? m.t('cli.section.retired') : m.t('cli.section.active'),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length))
      .join('  ')
      .trimEnd();
  return { code: 0, out: `${rows.map(line).join('\n')}\n` };
}

/**
 * `placard section add|list`, for scripted set-up before the first start. Bad input gives
 * one line naming the flag to fix and exit code 2. A running server shows the new section
 * in its admin at once; its cached index of sections refreshes when `changes` reaches it
 * (on PostgreSQL, the running nodes hear it), else at its next change or start.
 */
export async function runSectionCommand(args: readonly string[], input: { database: Database; changes?: ContentChanges }): Promise<CommandResult> {
  const deps: SectionAdminDeps = { db: input.database.db, clock: systemClock, changes: input.changes ?? createContentChanges() };
  try {
    const { values, positionals } = parse(args);
    const [sub, ...extra] = positionals;
    if (extra.length > 0) throw new UsageProblem(english().t('cli.section.unexpected', { word: extra[0]! }));
    if (sub === 'add') return await add(deps, values);
    if (sub === 'list') return await list(deps);
    throw new UsageProblem(sub ? english().t('cli.section.unknown', { command: sub }) : english().t('cli.section.which'));
  } catch (error) {
    if (error instanceof UsageProblem) return { code: 2, out: `placard: section: ${error.message}\n` };
    throw error;
  }
}
