import { resolve } from 'node:path';
import { z } from 'zod';

/** Where the database lives: a SQLite file in DATA_DIR, or a PostgreSQL server. */
export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** The whole of Placard's configuration, parsed once at start-up and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly publicUrl: string;
  readonly demo: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Minutes of inactivity after which a staff session ends. */
  readonly sessionIdleMinutes: number;
}

/** A configuration problem: the variable and what is wrong, never its (possibly secret) value. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

const port = z.coerce
  .number({ message: 'must be a whole number between 1 and 65535' })
  .int('must be a whole number between 1 and 65535')
  .min(0, 'must be a whole number between 1 and 65535')
  .max(65535, 'must be a whole number between 1 and 65535');

const httpUrl = z
  .string()
  .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), 'must be an http:// or https:// URL such as https://news.example.org');

const databaseUrl = z
  .string()
  .refine((s) => URL.canParse(s) && /^postgres(ql)?:$/.test(new URL(s).protocol), 'must be a postgres:// URL (leave it unset to use SQLite in DATA_DIR)');

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  DATABASE_URL: databaseUrl.optional(),
  PUBLIC_URL: httpUrl.optional(),
  PLACARD_DEMO: z.enum(['on', 'off'], { message: 'must be "on" or "off"' }).default('on'),
  SESSION_IDLE_MINUTES: z.coerce.number({ message: 'must be a whole number of minutes from 5 to 720' }).int('must be a whole number of minutes from 5 to 720').min(5, 'must be a whole number of minutes from 5 to 720').max(720, 'must be a whole number of minutes from 5 to 720').default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'], { message: 'must be one of fatal, error, warn, info, debug, silent' }).default('info'),
});

/**
 * Reads the configuration from environment variables. Every problem is reported at
 * once in a {@link ConfigError}; values are never echoed because DATABASE_URL may hold
 * a password.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: Object.freeze(
      e.DATABASE_URL ? { kind: 'postgres' as const, url: e.DATABASE_URL } : { kind: 'sqlite' as const, file: resolve(dataDir, 'placard.sqlite') },
    ),
    publicUrl,
    demo: e.PLACARD_DEMO === 'on',
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
  });
}
