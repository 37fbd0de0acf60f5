import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/services/accounts/password-hash.js';
import { tokenHash } from '../../src/services/accounts/tokens.js';
import { findUserByEmail } from '../../src/store/accounts/user.store.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { migrate } from '../../src/store/migrations/migrate.js';
import { insertSection } from '../../src/store/sections/section.store.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const LINK = /^ {2}https:\/\/news\.example\.org\/admin\/set-password\/([A-Za-z0-9_-]{43})$/m;

describe.each(DATABASES)('cli (%s): placard user', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  let env: Record<string, string>;

  function run(args: string[], stdin?: string) {
    const result = spawnSync(process.execPath, [MAIN, 'user', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      input: stdin,
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    env = {
      PUBLIC_URL: 'https://news.example.org',
      LOG_LEVEL: 'silent',
      ...(scratch.config.kind === 'sqlite' ? { DATA_DIR: scratch.dataDir } : { DATABASE_URL: scratch.config.url }),
    };
    database = openDatabase(scratch.config);
    await migrate(database);
    await insertSection(database.db, {
      slug: 'cwi',
      name: 'Committee for a Workers’ International',
      shortLabel: 'CWI',
      country: 'GB',
      languages: ['en'],
      website: null,
    });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await scratch?.dispose();
  });

  it('adds an account with a password read from stdin, without prompting', async () => {
    const result = run(
      ['add', '--email', 'Ada@Example.org', '--name', 'Ada Lovelace', '--role', 'administrator', '--password-stdin'],
      'a long cli passphrase\n',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Added Ada Lovelace <ada@example.org> as Administrator.\n');
    const user = await findUserByEmail(database.db, 'ada@example.org');
    expect(user?.role).toBe('administrator');
    expect(await verifyPassword('a long cli passphrase', user!.passwordHash!)).toBe(true);
    const entry = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account-created')
      .where('subject_id', '=', String(user!.id))
      .executeTakeFirstOrThrow();
    expect(entry.actor_label).toBe('command line');
  });

  it('prints a one-time set-password link when no password is given, and takes sections', async () => {
    const result = run(['add', '--email', 'sofia@example.org', '--name', 'Sofia', '--role', 'section_editor', '--section', 'cwi']);
    expect(result.code, result.stderr).toBe(0);
    const token = LINK.exec(result.stdout)?.[1];
    expect(token).toBeDefined();
    const row = await database.db.selectFrom('account_tokens').selectAll().where('token_hash', '=', tokenHash(token!)).executeTakeFirstOrThrow();
    expect(row.purpose).toBe('set-password');
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(24 * 3_600_000);
    const user = await findUserByEmail(database.db, 'sofia@example.org');
    expect(user?.passwordHash).toBeNull();
    expect(user?.sectionIds).toHaveLength(1);
  });

  it.each([
    [['add', '--name', 'X', '--role', 'editor'], 'placard: user: --email is required'],
    [
      ['add', '--email', 'x@example.org', '--name', 'X', '--role', 'boss'],
      'placard: user: --role: Choose a role: administrator, editor, section_editor, author or coordinator.',
    ],
    [['add', '--email', 'x@example.org', '--name', 'X', '--role', 'section_editor'], 'placard: user: --section: A section editor needs at least one section.'],
    [
      ['add', '--email', 'x@example.org', '--name', 'X', '--role', 'editor', '--section', 'atlantis'],
      'placard: user: --section: There is no section "atlantis".',
    ],
    [['add', '--email', 'not-an-address', '--name', 'X', '--role', 'editor'], 'placard: user: --email: Enter an email address such as ada@example.org.'],
    [['add', '--email', 'ADA@example.org', '--name', 'X', '--role', 'editor'], 'placard: user: --email: An account with this email address already exists.'],
    [
      ['add', '--email', 'x@example.org', '--name', 'X', '--role', 'editor', '--frobnicate'],
      `placard: user: unknown option '--frobnicate'; see "placard help"`,
    ],
    [['add', '--email'], `placard: user: option '--email <value>' argument missing; see "placard help"`],
    [['remove', '--email', 'x@example.org'], 'placard: user: unknown user command "remove"; use add, reset or list'],
    [[], 'placard: user: say add, reset or list after "user"'],
  ])('refuses bad input %j with one line and exit code 2', async (args, line) => {
    const result = run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${line}\n`);
    expect(await findUserByEmail(database.db, 'x@example.org')).toBeUndefined();
  });

  it('refuses a weak password from stdin, naming --password-stdin, and never echoes it', async () => {
    const result = run(['add', '--email', 'x@example.org', '--name', 'X', '--role', 'editor', '--password-stdin'], 'password1\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('placard: user: --password-stdin: This password is one of the most common ones; choose another.\n');
    const empty = run(['add', '--email', 'x@example.org', '--name', 'X', '--role', 'editor', '--password-stdin'], '');
    expect(empty.stderr).toBe('placard: user: --password-stdin: Use at least 8 characters.\n');
    expect(await findUserByEmail(database.db, 'x@example.org')).toBeUndefined();
  });

  it('resets a password: ends the sessions, voids the password, prints a link', async () => {
    const ada = (await findUserByEmail(database.db, 'ada@example.org'))!;
    const now = new Date().toISOString();
    await database.db
      .insertInto('sessions')
      .values({ token_hash: 'a-session', user_id: ada.id, created_at: now, last_seen_at: now, expires_at: now, second_factor_at: now })
      .execute();
    const result = run(['reset', '--email', 'ada@example.org']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Every session of ada@example.org has ended and its password no longer works.');
    expect(LINK.exec(result.stdout)).not.toBeNull();
    expect(await database.db.selectFrom('sessions').selectAll().where('user_id', '=', ada.id).execute()).toEqual([]);
    expect((await findUserByEmail(database.db, 'ada@example.org'))!.passwordHash).toBeNull();
  });

  it('says in one line, exit code 1, that an email has no account', () => {
    const result = run(['reset', '--email', 'nobody@example.org']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('placard: no account has the email address nobody@example.org\n');
    expect(run(['reset']).code).toBe(2);
  });

  it('lists the accounts', () => {
    const result = run(['list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+EMAIL\s+NAME\s+ROLE\s+SECTIONS\s+2FA\s+STATUS$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      [expect.stringMatching(/^\d+$/), 'ada@example.org', 'Ada Lovelace', 'administrator', '-', 'off', 'no password yet'],
      [expect.stringMatching(/^\d+$/), 'sofia@example.org', 'Sofia', 'section_editor', 'cwi', 'off', 'no password yet'],
    ]);
  });

  it('documents the user commands in the help', () => {
    const result = spawnSync(process.execPath, [MAIN, 'help'], { encoding: 'utf8' });
    expect(result.stdout).toContain('user add --email ADDRESS --name NAME --role ROLE [--section SLUG]... [--password-stdin]');
    expect(result.stdout).toContain('user reset --email ADDRESS');
    expect(result.stdout).toContain('user list');
  });
});
