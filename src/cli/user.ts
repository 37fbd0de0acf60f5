import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { ROLE_LABELS, ROLES } from '../domain/accounts/staff.js';
import { NotFound, ValidationFailed } from '../domain/errors.js';
import { setPasswordUrl } from '../services/accounts/set-password.js';
import { addUser, resetPassword, userIdByEmail, usersOverview } from '../services/accounts/user-admin.js';
import { loadCommonPasswords, type AccountDeps } from '../services/accounts/users.js';
import { systemClock } from '../services/shared/clock.js';
import type { Database } from '../store/db/database.js';
import { COMMON_PASSWORDS } from './paths.js';

/** Usage of `placard user`, part of `placard help`. */
export const USER_USAGE = `  user add --email ADDRESS --name NAME --role ROLE [--section SLUG]... [--password-stdin]
            add a staff account; the password is read from stdin with
            --password-stdin, else a one-time set-password link (24 hours) is printed.
            Roles: ${ROLES.join(', ')}
  user reset --email ADDRESS
            end the account's sessions, void its password, print a set-password link
  user list
            list every account`;

/** The outcome of a user command: what to print and the exit code. */
export interface CommandResult {
  readonly code: 0 | 1 | 2;
  readonly out: string;
}

/** A problem with what was typed: exit code 2 and one line saying what to fix. */
class UsageProblem extends Error {}

const FLAG_BY_FIELD: Readonly<Record<string, string>> = {
  email: '--email',
  name: '--name',
  role: '--role',
  sections: '--section',
  password: '--password-stdin',
};
const ACTOR = 'command line';

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        section: { type: 'string', multiple: true },
        'password-stdin': { type: 'boolean' },
      },
    });
  } catch (error) {
    // Node's own wording, without its advice on positionals ("Unknown option '--x'. To specify…").
    const first = (error as Error).message.split(/\.\s/)[0] ?? 'cannot read the options';
    throw new UsageProblem(`${first.charAt(0).toLowerCase()}${first.slice(1)}; see "placard help"`);
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageProblem(`${flag} is required`);
  return value;
}

/** Drops the one line ending `echo` or a here-document adds; anything else is part of the password. */
function stripNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function add(deps: AccountDeps, config: Config, values: ReturnType<typeof parse>['values'], readStdin: () => Promise<string>): Promise<CommandResult> {
  const email = required(values.email, '--email');
  const name = required(values.name, '--name');
  const role = required(values.role, '--role');
  const password = values['password-stdin'] ? stripNewline(await readStdin()) : null;
  try {
    const { setPasswordToken } = await addUser(deps, ACTOR, { email, name, role, sectionSlugs: values.section ?? [], password });
    const head = `Added ${name.trim()} <${email.trim().toLowerCase()}> as ${ROLE_LABELS[role as keyof typeof ROLE_LABELS]}.`;
    if (!setPasswordToken) return { code: 0, out: `${head}\n` };
    return {
      code: 0,
      out: `${head}\nSend them this link to choose a password (works once, for 24 hours):\n  ${setPasswordUrl(config.publicUrl, setPasswordToken)}\n`,
    };
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    throw new UsageProblem(error.errors.map((e) => `${FLAG_BY_FIELD[e.field] ?? e.field}: ${e.message}`).join('; '));
  }
}

async function reset(deps: AccountDeps, config: Config, email: string): Promise<CommandResult> {
  let id: number;
  try {
    id = await userIdByEmail(deps.db, email);
  } catch (error) {
    if (error instanceof NotFound) return { code: 1, out: `placard: no account has the email address ${email.trim()}\n` };
    throw error;
  }
  const token = await resetPassword(deps, ACTOR, id);
  return {
    code: 0,
    out: `Every session of ${email.trim().toLowerCase()} has ended and its password no longer works.\nSend this link to choose a new one (works once, for 24 hours):\n  ${setPasswordUrl(config.publicUrl, token)}\n`,
  };
}

async function list(deps: AccountDeps): Promise<CommandResult> {
  const { users, sections } = await usersOverview(deps.db);
  const rows = [
    ['ID', 'EMAIL', 'NAME', 'ROLE', 'SECTIONS', '2FA', 'STATUS'],
    ...users.map((u) => [
      String(u.id),
      u.email,
      u.name,
      u.role,
      u.sectionIds.map((id) => sections.find((s) => s.id === id)?.slug ?? `#${id}`).join(',') || '-',
      u.totpEnabled ? 'on' : 'off',
      u.disabled ? 'disabled' : u.hasPassword ? 'active' : 'no password yet',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return {
    code: 0,
    out:
      rows
        .map((r) =>
          r
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
        )
        .join('\n') + '\n',
  };
}

/**
 * `placard user add|reset|list`, prompt-less so that it can be scripted. Bad input
 * gives one line naming the flag to fix and exit code 2; an unknown account for reset,
 * exit code 1. Errors go to stderr as `placard: …`, results to stdout.
 */
export async function runUserCommand(
  args: readonly string[],
  input: { config: Config; database: Database; readStdin: () => Promise<string> },
): Promise<CommandResult> {
  const deps: AccountDeps = { db: input.database.db, clock: systemClock, commonPasswords: () => loadCommonPasswords(COMMON_PASSWORDS) };
  try {
    const { values, positionals } = parse(args);
    const [sub, ...extra] = positionals;
    if (extra.length > 0) throw new UsageProblem(`unexpected "${extra[0]}"`);
    if (sub === 'add') return await add(deps, input.config, values, input.readStdin);
    if (sub === 'reset') return await reset(deps, input.config, required(values.email, '--email'));
    if (sub === 'list') return await list(deps);
    throw new UsageProblem(sub ? `unknown user command "${sub}"; use add, reset or list` : 'say add, reset or list after "user"');
  } catch (error) {
    if (error instanceof UsageProblem) return { code: 2, out: `placard: user: ${error.message}\n` };
    throw error;
  }
}

/** Reads all of standard input as text. */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
