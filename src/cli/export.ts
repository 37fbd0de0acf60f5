import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { Config } from '../config/config.js';
import { english } from '../i18n/messages.js';
import { ArchiveRefused, exportSite, importSite } from '../services/export/site-archive.js';
import { exportWordPress } from '../services/export/wordpress-export.js';
import { systemClock } from '../services/shared/clock.js';
import { createContentChanges } from '../services/shared/content-changes.js';
import { createSiteIdentity } from '../services/site/site-identity.js';
import type { Database } from '../store/db/database.js';
import { openMediaFiles } from '../store/media/open-media-files.js';
import type { CommandResult } from './user.js';

/** Usage of `placard export` and `placard import-archive`, part of `placard help`. */
export const EXPORT_USAGE = `  export FILE [--with-supporters] [--with-secrets]
            write the whole site into one archive (.tar.gz); with supporters'
            personal data or staff secrets it is encrypted to a passphrase read
            from standard input
  export wxr FILE
            write the articles as a WordPress eXtended RSS (WXR 1.2) file
  import-archive FILE
            restore an archive into a new, empty installation (PLACARD_DEMO=off);
            an encrypted one reads its passphrase from standard input`;

const ACTOR = 'command line';
const MIN_PASSPHRASE = 8;
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

/** A problem with what was typed: exit code 2 and one line saying what to fix. */
class UsageProblem extends Error {}

function placardVersion(): string {
  return (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
}

function parse(args: readonly string[], options: ParseArgsOptionsConfig) {
  try {
    return parseArgs({ args: [...args], strict: true, allowPositionals: true, options });
  } catch (error) {
    const first = (error as Error).message.split(/\.\s/)[0] ?? 'cannot read the options';
    throw new UsageProblem(english().t('cli.export.badOptions', { problem: `${first.charAt(0).toLowerCase()}${first.slice(1)}` }));
  }
}

/** The passphrase is the first line of standard input: `printf '%s' "$PASSPHRASE" | placard …` or a file. */
function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}

/**
 * The passphrase from standard input: piped, its first line; typed at a terminal, asked
 * for on standard error and read without echo, so it is neither shown nor kept in the
 * shell's history.
 */
export async function readPassphrase(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  process.stderr.write(english().t('cli.export.passphrasePrompt'));
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: process.stdin, output: silent, terminal: true });
  try {
    return await new Promise<string>((resolve) => lines.question('', resolve));
  } finally {
    lines.close();
    process.stderr.write('\n');
  }
}

/** What the export and restore commands work with. */
export interface ExportCommandInput {
  readonly config: Config;
  readonly database: Database;
  /** The passphrase (its first line counts), asked for only when one is needed. */
  readonly readStdin: () => Promise<string>;
}

async function exportArchive(
  input: ExportCommandInput,
  file: string,
  values: { 'with-supporters'?: boolean; 'with-secrets'?: boolean },
): Promise<CommandResult> {
  const m = english();
  const withSupporters = values['with-supporters'] === true;
  const withSecrets = values['with-secrets'] === true;
  let passphrase: string | undefined;
  if (withSupporters || withSecrets) {
    passphrase = firstLine(await input.readStdin());
    if ([...passphrase].length < MIN_PASSPHRASE) throw new UsageProblem(m.t('cli.export.passphraseRequired', { min: MIN_PASSPHRASE }));
  }
  const media = await openMediaFiles(input.config.media);
  const manifest = await exportSite({ database: input.database, media, clock: systemClock }, file, {
    withSupporters,
    withSecrets,
    passphrase,
    placardVersion: placardVersion(),
    actor: ACTOR,
  }).finally(() => media.close());
  const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
  const lines = [
    m.t(withSupporters || withSecrets ? 'cli.export.writtenEncrypted' : 'cli.export.written', {
      file,
      tables: manifest.tables.length,
      rows,
      media: manifest.media.length,
    }),
  ];
  if (manifest.missingMedia.length > 0) lines.push(m.t('cli.export.missingMedia', { count: manifest.missingMedia.length, first: manifest.missingMedia[0]! }));
  return { code: 0, out: `${lines.join('\n')}\n` };
}

async function exportWxr(input: ExportCommandInput, file: string): Promise<CommandResult> {
  const changes = createContentChanges();
  const site = await createSiteIdentity({ db: input.database.db, clock: systemClock, changes });
  try {
    const identity = site.current();
    const result = await exportWordPress(
      { db: input.database.db, messages: site.messages(identity.defaultLanguage), now: systemClock() },
      { origin: input.config.publicUrl, name: identity.name, description: identity.tagline ?? '', language: identity.defaultLanguage },
      file,
    );
    return { code: 0, out: `${english().t('cli.export.wxrWritten', { file, ...result })}\n` };
  } finally {
    site.close();
  }
}

/**
 * `placard export FILE`, `placard export wxr FILE`: the whole site as an archive to
 * restore elsewhere, or its articles for WordPress. Bad input gives one line and exit
 * code 2; nothing is written then.
 */
export async function runExportCommand(args: readonly string[], input: ExportCommandInput): Promise<CommandResult> {
  try {
    const { values, positionals } = parse(args, { 'with-supporters': { type: 'boolean' }, 'with-secrets': { type: 'boolean' } });
    const wxr = positionals[0] === 'wxr' && positionals.length >= 2;
    const files = wxr ? positionals.slice(1) : positionals;
    if (files.length === 0) throw new UsageProblem(english().t('cli.export.whichFile'));
    if (files.length > 1) throw new UsageProblem(english().t('cli.export.unexpected', { word: files[1]! }));
    const file = resolve(files[0]!);
    if (wxr) {
      if (values['with-supporters'] || values['with-secrets']) throw new UsageProblem(english().t('cli.export.wxrOptions'));
      return await exportWxr(input, file);
    }
    return await exportArchive(input, file, values as { 'with-supporters'?: boolean; 'with-secrets'?: boolean });
  } catch (error) {
    if (error instanceof UsageProblem) return { code: 2, out: `placard: export: ${error.message}\n` };
    if (error instanceof ArchiveRefused) return { code: 2, out: `placard: export: ${english().t(error.key, error.values)}\n` };
    throw error;
  }
}

/**
 * `placard import-archive FILE`: restores an archive into a new, empty installation. A
 * refusal (content already there, a wrong passphrase, a damaged or newer archive) is one
 * line and exit code 1, and nothing was written.
 */
export async function runImportArchiveCommand(args: readonly string[], input: ExportCommandInput): Promise<CommandResult> {
  const m = english();
  try {
    const { positionals } = parse(args, {});
    if (positionals.length === 0) throw new UsageProblem(m.t('cli.export.whichFile'));
    if (positionals.length > 1) throw new UsageProblem(m.t('cli.export.unexpected', { word: positionals[1]! }));
    const file = resolve(positionals[0]!);
    const media = await openMediaFiles(input.config.media);
    const result = await importSite({ database: input.database, media }, file, {
      passphrase: async () => firstLine(await input.readStdin()),
    }).finally(() => media.close());
    const { manifest } = result;
    const lines = [
      m.t('cli.export.restored', {
        rows: result.rows,
        media: manifest.media.length,
        file,
        version: manifest.placardVersion,
        database: manifest.sourceDatabase,
        date: manifest.createdAt.slice(0, 10),
      }),
    ];
    if (!manifest.withSecrets) lines.push(m.t('cli.export.resetPasswords'));
    if (!manifest.withSupporters) lines.push(m.t('cli.export.noSupporters'));
    return { code: 0, out: `${lines.join('\n')}\n` };
  } catch (error) {
    if (error instanceof UsageProblem) return { code: 2, out: `placard: import-archive: ${error.message}\n` };
    if (error instanceof ArchiveRefused) {
      const hint = error.key === 'cli.export.notEmpty' ? ` ${m.t('cli.export.demoHint')}` : '';
      return { code: 1, out: `placard: import-archive: ${m.t(error.key, error.values)}${hint}\n` };
    }
    throw error;
  }
}
