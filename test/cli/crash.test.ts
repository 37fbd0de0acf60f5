import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { counterOn } from '../support/campaigns.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.js';

/*
 * The durability promise, tested on the built program as it runs in production: 200
 * supporters act (each request with an idempotency key, 20 at a time) and confirm by the
 * link in their email, while the server is killed with SIGKILL at a random moment in each
 * phase and started again; whatever was not acknowledged is sent again. Afterwards no
 * action is lost or doubled, the counts are right, and every letter reached the SMTP server.
 */

const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const SLUG = 'stop-state-brutality-in-kazakhstan';
const SUPPORTERS = 200;
const CONCURRENCY = 20;
/** How the action page states the count of confirmed actions. */
const COUNTER = `${SUPPORTERS} people have sent the letter through Placard`;

/*
 * Where each phase is cut short is random, so that runs cover many kill points; the seed
 * is printed, and PLACARD_CRASH_SEED=<seed> replays a failing run's kill points.
 */
const SEED = Number(process.env.PLACARD_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
process.stdout.write(`crash test: kill points from seed ${SEED} (PLACARD_CRASH_SEED=${SEED} replays them)\n`);

/** A kill point in 10..159 requests, the n-th drawn from SEED (mulberry32). */
function killPoint(n: number): number {
  let t = (SEED + n * 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return 10 + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 150);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Supporter {
  readonly key: string;
  readonly email: string;
  readonly ip: string;
  readonly country: string;
}

/** Reads the database behind the server, whichever it is. */
async function query<T>(scratch: ScratchDatabase, text: string): Promise<T[]> {
  if (scratch.config.kind === 'sqlite') {
    const db = new DatabaseSync(scratch.config.file);
    try {
      return db.prepare(text).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: scratch.config.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.each(DATABASES)('system (%s): an acknowledged action survives the server being killed', (kind) => {
  let scratch: ScratchDatabase;
  let dir: string;
  let smtp: SmtpCapture;
  const kills: { acknowledgedBefore: number; retried: number }[] = [];
  let port: number;
  let server: ChildProcess | null = null;
  const origin = () => `http://127.0.0.1:${port}`;

  const env = () => ({
    PATH: process.env.PATH ?? '',
    DATA_DIR: dir,
    ...(scratch.config.kind === 'postgres' ? { DATABASE_URL: scratch.config.url } : {}),
    PORT: String(port),
    PUBLIC_URL: origin(),
    PLACARD_DEMO: 'on',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Urgent Actions <actions@example.org>',
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'silent',
  });

  async function start(): Promise<void> {
    const child = spawn(process.execPath, [MAIN, 'serve'], { env: env(), stdio: 'ignore' });
    server = child;
    // In a hook as well as in the test: vi.waitFor rather than expect.poll, which only a test may call.
    await vi.waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
        const health = await fetch(`${origin()}/health`);
        if (!health.ok) throw new Error(`/health answered ${health.status}`);
      },
      { timeout: 60_000, interval: 50 },
    );
  }

  async function kill(signal: NodeJS.Signals): Promise<void> {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** Runs `work` over items, `CONCURRENCY` at a time; returns the items whose work succeeded. */
  async function pool<T>(items: readonly T[], work: (item: T) => Promise<boolean>, onSuccess?: () => void): Promise<Set<T>> {
    const done = new Set<T>();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < items.length) {
          const item = items[next++] as T;
          if (await work(item).catch(() => false)) {
            done.add(item);
            onSuccess?.();
          }
        }
      }),
    );
    return done;
  }

  /** Does the work for every item, killing the server once after `killAfter` successes and restarting it to retry the rest. */
  async function withOneCrash<T>(items: readonly T[], work: (item: T) => Promise<boolean>, killAfter: number): Promise<void> {
    let successes = 0;
    let killing: Promise<void> | null = null;
    const first = await pool(items, work, () => {
      successes++;
      if (successes === killAfter) killing = kill('SIGKILL');
    });
    await killing;
    await start();
    let rest = items.filter((item) => !first.has(item));
    kills.push({ acknowledgedBefore: first.size, retried: rest.length });
    for (let round = 0; rest.length > 0; round++) {
      if (round > 20) throw new Error(`${rest.length} requests never succeeded`);
      const ok = await pool(rest, work);
      rest = rest.filter((item) => !ok.has(item));
    }
  }

  async function submit(s: Supporter): Promise<boolean> {
    const form = new URLSearchParams({
      name: `Supporter ${s.key.slice(0, 8)}`,
      sign_as: 'Supporter',
      email: s.email,
      country: s.country,
      city: '',
      letter: 'Release the activists. {{name}}, {{country}}',
    });
    const res = await fetch(`${origin()}/campaigns/${SLUG}/act`, {
      method: 'POST',
      redirect: 'manual',
      body: form,
      headers: { origin: origin(), 'idempotency-key': s.key, 'x-forwarded-for': s.ip },
    });
    return res.status === 303;
  }

  async function confirm(link: string): Promise<boolean> {
    const res = await fetch(link, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    return res.status < 400;
  }

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    dir = scratch.dataDir;
    smtp = await startSmtpCapture();
    port = await freePort();
    // The first start creates the schema and the demo campaign; its targets then take
    // letters around the clock, as fast as they come, so that the test sees every one.
    await start();
    await kill('SIGTERM');
    await query(scratch, `update campaign_targets set pace_per_hour = 1000000, office_hours = 'Sun-Sat 00:00-24:00'`);
    // The counter is checked against the rows at once: live counts are a named campaign's
    // (a protective one publishes quarter-hour snapshots, test/http/protective-counts.test.ts).
    await query(scratch, `update campaigns set identity_mode = 'named'`);
    await start();
  }, 60_000);

  afterAll(async () => {
    await kill('SIGTERM');
    await smtp?.close();
    await scratch?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing, doubles nothing, and delivers every letter', async () => {
    const countries = ['IE', 'GB', 'DE', 'KZ', 'AT'];
    const supporters: Supporter[] = Array.from({ length: SUPPORTERS }, (_, i) => ({
      key: crypto.randomUUID(),
      email: `supporter-${i}@example.net`,
      ip: `10.${i >> 8}.${i & 255}.7`,
      country: countries[i % countries.length] as string,
    }));

    await withOneCrash(supporters, submit, killPoint(1));

    /** The confirmation link in the email each supporter received, by address. */
    const confirmationLinks = () => {
      const byRecipient = new Map<string, string>();
      for (const m of smtp.messages) {
        const link = /https?:\/\/[^\s]+\/confirm\/[A-Za-z0-9_-]+/.exec(m.text ?? '')?.[0];
        if (link) byRecipient.set(m.to, link);
      }
      return byRecipient;
    };
    await expect.poll(() => confirmationLinks().size, { timeout: 60_000, message: 'a confirmation email to every supporter' }).toBe(SUPPORTERS);
    const links = [...confirmationLinks().values()];

    await withOneCrash(links, confirm, killPoint(2));

    const letterRows = () => query<{ message_id: string; status: string }>(scratch, `select message_id, status from outbox where kind = 'letter'`);
    /** How many letters are in each status: { sent: SUPPORTERS * 3 } once all have gone. */
    const byStatus = async () => {
      const counts: Record<string, number> = {};
      for (const { status } of await letterRows()) counts[status] = (counts[status] ?? 0) + 1;
      return counts;
    };
    await expect.poll(byStatus, { timeout: 90_000, message: 'every letter to be sent' }).toEqual({ sent: SUPPORTERS * 3 });
    const letters = await letterRows();
    const actions = (
      await query<{ status: string; country: string; n: number | string }>(
        scratch,
        `select status, country, count(*) as n from actions group by status, country order by country`,
      )
    ).map((r) => ({ ...r, n: Number(r.n) }));
    const [confirmations] = await query<{ n: number | string }>(scratch, `select count(*) as n from outbox where kind = 'confirmation'`);

    // Each phase really was cut short: some requests had no answer and were sent again.
    expect(kills).toHaveLength(2);
    for (const k of kills) expect(k.retried).toBeGreaterThan(0);

    // Nothing lost, nothing doubled: one confirmed action per supporter, 40 per country.
    expect(actions).toEqual(countries.toSorted().map((country) => ({ status: 'confirmed', country, n: SUPPORTERS / countries.length })));
    expect(Number(confirmations?.n)).toBe(SUPPORTERS);
    // Every letter arrived, under the Message-ID it was queued with.
    const received = new Set(smtp.messages.map((m) => m.messageId));
    expect(letters.filter((l) => !received.has(l.message_id))).toEqual([]);
    expect(new Set(letters.map((l) => l.message_id)).size).toBe(SUPPORTERS * 3);

    // The public counter equals the rows.
    const counter = counterOn(await (await fetch(`${origin()}/campaigns/${SLUG}`)).text());
    expect(counter.total).toBe(COUNTER);
    expect(counter.byCountry).toEqual(
      countries.toSorted().map((country) => [new Intl.DisplayNames(['en'], { type: 'region' }).of(country), String(SUPPORTERS / countries.length), '0']),
    );
  }, 240_000);
});
