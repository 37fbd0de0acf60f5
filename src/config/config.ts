import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Where the database lives: a SQLite file in DATA_DIR, or a PostgreSQL server. */
export type DatabaseConfig = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };

/**
 * Where media files (originals and renditions) are kept: the data folder's media folder,
 * or an S3-compatible bucket that every node shares (docs/decisions/0037).
 */
export type MediaStorageConfig = { readonly kind: 'local'; readonly dir: string } | S3MediaConfig;

/** An S3-compatible bucket for media. The secret key is here for the client alone: never log a Config. */
export interface S3MediaConfig {
  readonly kind: 's3';
  readonly bucket: string;
  /** The service's address (MinIO, Garage, Backblaze, Wasabi…); null for AWS itself, found from the region. */
  readonly endpoint: string | null;
  readonly region: string;
  /** What every key begins with, '' or ending in '/', so one bucket can hold several sites. */
  readonly prefix: string;
  /** null: the SDK's usual sources (AWS_* variables, an instance role). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | null;
  /** Addresses the bucket as endpoint/bucket rather than bucket.endpoint: what MinIO and Garage usually need. */
  readonly forcePathStyle: boolean;
}

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
  readonly mail: MailConfig;
  readonly media: MediaStorageConfig;
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For): false (none,
   * the default), 'loopback', or a number of hops. Rate limits key on that address.
   */
  readonly trustProxy: false | 'loopback' | number;
  /** Days after a campaign closes before participants who did not consent to follow-up are erased. */
  readonly supporterRetentionDays: number;
  /** The byte budget of the in-memory cache of public pages (PAGE_CACHE_MB, in bytes). */
  readonly pageCacheBytes: number;
  /**
   * Who may read `/metrics` (PLACARD_METRICS_ALLOW): addresses and CIDR ranges, such as
   * "127.0.0.1", "10.0.0.0/8" or "fd00::/8". Everyone else is answered 404. Loopback only by default.
   */
  readonly metricsAllow: readonly string[];
  /**
   * Seconds `serve` gives in-flight requests and jobs to finish after SIGTERM
   * (SHUTDOWN_TIMEOUT_SECONDS) before it exits anyway, with code 1.
   */
  readonly shutdownTimeoutSeconds: number;
}

/** Where mail goes: an SMTP server, or (the default) .eml files in DATA_DIR/outbox. */
export interface MailConfig {
  /** smtp:// or smtps:// with optional user:password; null writes files instead. */
  readonly smtpUrl: string | null;
  /** The organisation's address every message is sent from. */
  /** `name` is null when MAIL_FROM gives none: emails then come from the site's name. */
  readonly from: { readonly name: string | null; readonly address: string };
  /** Folder for .eml files when no SMTP server is configured. */
  readonly outboxDir: string;
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

const smtpUrl = z
  .string()
  .refine(
    (s) => URL.canParse(s) && /^smtps?:$/.test(new URL(s).protocol),
    'must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.org:587',
  );

// "Name <address>" or a bare address; the display name may not carry line breaks.
const MAIL_FROM_PATTERN = /^(?:([^<>\r\n]*?)\s*<([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>|([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+))$/;
const mailFrom = z.string().regex(MAIL_FROM_PATTERN, 'must be an address such as "Placard <actions@example.org>" or actions@example.org');

const trustProxy = z.string().regex(/^(off|loopback|[0-9]{1,2})$/, 'must be "off", "loopback" or a number of proxy hops such as 1');

/** "203.0.113.7", "10.0.0.0/8", "::1", "fd00::/8": an address, or a network and its prefix length. */
export function isAddressOrRange(text: string): boolean {
  const [address = '', prefix, ...rest] = text.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const addressList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  )
  .refine((parts) => parts.length > 0 && parts.every(isAddressOrRange), 'must be addresses or ranges separated by commas, such as 127.0.0.1,10.0.0.0/8');

// Bucket names as S3 defines them: 3–63 lower-case letters, digits, dots and hyphens.
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name of 3 to 63 lower-case letters, digits, dots and hyphens, such as placard-media');

const mediaPrefix = z
  .string()
  .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/?$/, 'must be letters, digits, dots, hyphens and underscores in parts separated by "/", such as news/media/')
  .refine((s) => !s.split('/').some((part) => part === '.' || part === '..'), 'must not have "." or ".." parts');

const onOff = z.enum(['on', 'off'], { message: 'must be "on" or "off"' });

/** The variables of media in a bucket; named here so a local setup that sets one of them hears about it. */
const S3_VARIABLES = [
  'MEDIA_S3_BUCKET',
  'MEDIA_S3_ENDPOINT',
  'MEDIA_S3_REGION',
  'MEDIA_S3_PREFIX',
  'MEDIA_S3_ACCESS_KEY_ID',
  'MEDIA_S3_SECRET_ACCESS_KEY',
  'MEDIA_S3_FORCE_PATH_STYLE',
] as const;

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  DATABASE_URL: databaseUrl.optional(),
  PUBLIC_URL: httpUrl.optional(),
  PLACARD_DEMO: z.enum(['on', 'off'], { message: 'must be "on" or "off"' }).default('on'),
  SESSION_IDLE_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes from 5 to 720' })
    .int('must be a whole number of minutes from 5 to 720')
    .min(5, 'must be a whole number of minutes from 5 to 720')
    .max(720, 'must be a whole number of minutes from 5 to 720')
    .default(30),
  SMTP_URL: smtpUrl.optional(),
  MAIL_FROM: mailFrom.optional(),
  TRUST_PROXY: trustProxy.default('off'),
  SUPPORTER_RETENTION_DAYS: z.coerce
    .number({ message: 'must be a whole number of days from 1 to 3650' })
    .int('must be a whole number of days from 1 to 3650')
    .min(1, 'must be a whole number of days from 1 to 3650')
    .max(3650, 'must be a whole number of days from 1 to 3650')
    .default(90),
  PAGE_CACHE_MB: z.coerce
    .number({ message: 'must be a whole number of megabytes from 1 to 16384' })
    .int('must be a whole number of megabytes from 1 to 16384')
    .min(1, 'must be a whole number of megabytes from 1 to 16384')
    .max(16384, 'must be a whole number of megabytes from 1 to 16384')
    .default(64),
  PLACARD_METRICS_ALLOW: addressList.default(['127.0.0.0/8', '::1']),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce
    .number({ message: 'must be a whole number of seconds from 1 to 3600' })
    .int('must be a whole number of seconds from 1 to 3600')
    .min(1, 'must be a whole number of seconds from 1 to 3600')
    .max(3600, 'must be a whole number of seconds from 1 to 3600')
    .default(25),
  MEDIA_STORAGE: z.enum(['local', 's3'], { message: 'must be "local" (the data folder, the default) or "s3" (an S3-compatible bucket)' }).default('local'),
  MEDIA_S3_BUCKET: bucketName.optional(),
  MEDIA_S3_ENDPOINT: z
    .string()
    .refine(
      (s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol),
      'must be an http:// or https:// URL such as https://s3.eu-central-003.backblazeb2.com',
    )
    .optional(),
  MEDIA_S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/, 'must be a region name such as us-east-1 or eu-central-003')
    .optional(),
  MEDIA_S3_PREFIX: mediaPrefix.optional(),
  MEDIA_S3_ACCESS_KEY_ID: z.string().regex(/^\S+$/, 'must not hold spaces').optional(),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().regex(/^\S+$/, 'must not hold spaces').optional(),
  MEDIA_S3_FORCE_PATH_STYLE: onOff.default('off'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'], { message: 'must be one of fatal, error, warn, info, debug, silent' })
    .default('info'),
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
  const problems = mediaProblems(e, present);
  if (problems.length > 0) throw new ConfigError(problems);
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
    mail: Object.freeze({
      smtpUrl: e.SMTP_URL ?? null,
      from: Object.freeze(parseMailFrom(e.MAIL_FROM ?? `placard@${new URL(publicUrl).hostname}`)),
      outboxDir: resolve(dataDir, 'outbox'),
    }),
    media: Object.freeze(mediaStorage(e, dataDir)),
    trustProxy: e.TRUST_PROXY === 'off' ? false : e.TRUST_PROXY === 'loopback' ? 'loopback' : Number(e.TRUST_PROXY),
    supporterRetentionDays: e.SUPPORTER_RETENTION_DAYS,
    pageCacheBytes: e.PAGE_CACHE_MB * 1024 * 1024,
    metricsAllow: Object.freeze([...e.PLACARD_METRICS_ALLOW]),
    shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT_SECONDS,
  });
}

type Parsed = z.infer<typeof schema>;

/** What the media variables say together: a bucket named when, and only when, MEDIA_STORAGE=s3, and both keys or neither. */
function mediaProblems(e: Parsed, present: Record<string, unknown>): string[] {
  if (e.MEDIA_STORAGE === 'local') {
    const stray = S3_VARIABLES.filter((name) => name in present);
    return stray.length > 0
      ? [`${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but MEDIA_STORAGE is not "s3": set MEDIA_STORAGE=s3 to keep media in the bucket`]
      : [];
  }
  const problems: string[] = [];
  if (!e.MEDIA_S3_BUCKET) problems.push('MEDIA_S3_BUCKET must name the bucket when MEDIA_STORAGE is "s3"');
  if ((e.MEDIA_S3_ACCESS_KEY_ID === undefined) !== (e.MEDIA_S3_SECRET_ACCESS_KEY === undefined)) {
    problems.push('MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY must be set together (or neither, to use the AWS_* variables or an instance role)');
  }
  return problems;
}

function mediaStorage(e: Parsed, dataDir: string): MediaStorageConfig {
  if (e.MEDIA_STORAGE === 'local' || !e.MEDIA_S3_BUCKET) return { kind: 'local', dir: resolve(dataDir, 'media') };
  const prefix = e.MEDIA_S3_PREFIX ?? '';
  return {
    kind: 's3',
    bucket: e.MEDIA_S3_BUCKET,
    endpoint: e.MEDIA_S3_ENDPOINT?.replace(/\/+$/, '') ?? null,
    region: e.MEDIA_S3_REGION ?? 'us-east-1',
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    credentials:
      e.MEDIA_S3_ACCESS_KEY_ID && e.MEDIA_S3_SECRET_ACCESS_KEY
        ? Object.freeze({ accessKeyId: e.MEDIA_S3_ACCESS_KEY_ID, secretAccessKey: e.MEDIA_S3_SECRET_ACCESS_KEY })
        : null,
    forcePathStyle: e.MEDIA_S3_FORCE_PATH_STYLE === 'on',
  };
}

function parseMailFrom(text: string): { name: string | null; address: string } {
  const match = MAIL_FROM_PATTERN.exec(text.trim());
  if (!match) return { name: null, address: text.trim() };
  if (match[3]) return { name: null, address: match[3] };
  return { name: (match[1] ?? '').replace(/^"|"$/g, '').trim() || null, address: match[2] ?? '' };
}
