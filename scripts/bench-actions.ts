// Part of `npm run bench`, and runnable alone (`npm run build && node scripts/bench-actions.ts`,
// which prints its section without writing docs/benchmarks.md): supporters' actions end to
// end through the HTML forms of a real Placard process on SQLite, and delivery to a local
// SMTP server. Erasable TypeScript only (Node runs it by type stripping). Exported for
// scripts/bench.ts, which writes the report.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
// @ts-expect-error -- autocannon 9 ships no type declarations; typed below.
import autocannonUntyped from 'autocannon';
import { SMTPServer } from 'smtp-server';
import { freePort, pollUntil, startPlacard, stopChild, type Placard } from './bench-support.ts';

const SLUG = 'stop-state-brutality-in-kazakhstan';
const CONNECTIONS = 50;
const DURATION_S = 10;
const WARMUP_S = 2;
const DELIVERY_WINDOW_S = 30;
const TARGET_RATE = 1_000;
const TARGET_P99_MS = 100;

interface Request {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  requests?: { setupRequest: (request: Request) => Request }[];
}
interface AutocannonResult {
  requests: { mean: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  duration: number;
  statusCodeStats: Record<string, { count: number }>;
}
const autocannon = autocannonUntyped as (options: AutocannonOptions) => Promise<AutocannonResult>;

/** What one phase measured. */
export interface Phase {
  readonly label: string;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly ok: number;
  readonly failed: number;
}

/** What the action benchmarks found, as Markdown for the report and a line for the summary. */
export interface ActionBench {
  readonly markdown: string;
  readonly summaryRows: string[][];
}

/** Quoted-printable soft breaks and escapes, undone: enough to read a link from a raw message. */
function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** A local SMTP server that counts what arrives and keeps the confirmation links. */
function startSink(): Promise<{ port: number; received: () => number; links: string[]; close: () => Promise<void> }> {
  const links: string[] = [];
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received++;
        const text = decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8'));
        const link = /https?:\/\/[^\s]+\/confirm\/[A-Za-z0-9_-]+/.exec(text)?.[0];
        if (link) links.push(link);
        callback();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ port, received: () => received, links, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** Placard with the demo campaign, sending its mail to the sink; X-Forwarded-For is believed from loopback, so each submission can come from its own address. */
function startActionsPlacard(dataDir: string, port: number, smtpPort: number): Promise<Placard> {
  return startPlacard({
    dataDir,
    port,
    readyPath: '/health',
    env: {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Urgent Actions <actions@example.org>',
      TRUST_PROXY: 'loopback',
    },
  });
}

/** A bare node:http server that reads a form and answers 303: the ceiling for a POST on this machine. */
function startPostCeiling(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(303, { location: '/thanks', 'content-length': '0' });
      res.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : 0, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

let sequence = 0;

/** A new supporter's form, from their own address (X-Forwarded-For, believed from loopback). */
function submission(request: Request): Request {
  const n = ++sequence;
  const body = new URLSearchParams({
    name: `Bench Supporter ${n}`,
    // The demo campaign is protective: its letters are signed with a name the supporter gives.
    sign_as: 'Bench',
    email: `bench-${n}@example.net`,
    country: ['IE', 'GB', 'DE', 'SE', 'AT'][n % 5] as string,
    city: 'Dublin',
    letter: 'I urge you to drop all charges and release the activists.\n\n{{name}}, {{city}}, {{country}}',
  }).toString();
  return {
    ...request,
    method: 'POST',
    path: `/campaigns/${SLUG}/act`,
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: request.headers?.origin ?? '',
      'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    },
  };
}

function phase(label: string, result: AutocannonResult, success: (status: string) => boolean): Phase {
  let ok = 0;
  let failed = result.errors + result.timeouts;
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
    if (success(status)) ok += stat.count;
    else failed += stat.count;
  }
  return {
    label,
    requests: ok + failed,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    ok,
    failed,
  };
}

/** Waits until `what` holds or `timeoutS` has passed; resolves with the seconds waited, which the report gives either way. */
async function waitFor(what: () => boolean, timeoutS: number): Promise<number> {
  const started = performance.now();
  await pollUntil(what, { everyMs: 50, timeoutMs: timeoutS * 1000 });
  return (performance.now() - started) / 1000;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs the action benchmarks and returns the report's section. */
export async function benchActions(log: (message: string) => void): Promise<ActionBench> {
  const dir = mkdtempSync(join(tmpdir(), 'placard-bench-actions-'));
  const sink = await startSink();
  const ceiling = await startPostCeiling();
  const port = await freePort();
  let placard: Placard | null = null;
  try {
    log('actions: first start (schema and demo campaign)');
    placard = await startActionsPlacard(dir, port, sink.port);
    await stopChild(placard.child);
    // The demo targets take letters around the clock and without pacing, so that delivery
    // throughput is the mail path's, not the pacing rule's.
    const db = new DatabaseSync(join(dir, 'placard.sqlite'));
    db.exec(`update campaign_targets set pace_per_hour = 1000000, office_hours = 'Sun-Sat 00:00-24:00'`);
    db.close();
    placard = await startActionsPlacard(dir, port, sink.port);
    const base = placard.base;
    const origin = { origin: base };

    log('actions: ceiling (bare node:http answering a form POST with 303)');
    const ceilingResult = phase(
      'ceiling: bare node:http, POST → 303',
      await autocannon({
        url: `http://127.0.0.1:${ceiling.port}`,
        connections: CONNECTIONS,
        duration: DURATION_S,
        requests: [{ setupRequest: (r) => submission({ ...r, headers: origin }) }],
      }),
      (s) => s === '303',
    );

    log('actions: submissions warm-up');
    const warmup = phase(
      'warm-up',
      await autocannon({ url: base, connections: CONNECTIONS, duration: WARMUP_S, requests: [{ setupRequest: (r) => submission({ ...r, headers: origin }) }] }),
      (s) => s === '303',
    );
    log('actions: submissions through the form');
    const submissions = phase(
      'submit the action form (send through Placard)',
      await autocannon({
        url: base,
        connections: CONNECTIONS,
        duration: DURATION_S,
        requests: [{ setupRequest: (r) => submission({ ...r, headers: origin }) }],
      }),
      (s) => s === '303',
    );
    // Every acknowledged submission, the warm-up's included, has a confirmation email coming.
    const submitted = warmup.ok + submissions.ok;

    log('actions: waiting for the confirmation emails');
    const confirmationsStarted = sink.received();
    const confirmationSeconds = await waitFor(() => sink.links.length >= submitted, 120);
    const confirmationMails = sink.received() - confirmationsStarted;

    log('actions: confirmations through the emailed links');
    // Every link, the warm-up's included: each confirms a different supporter's action.
    const links = [...sink.links];
    let next = 0;
    const confirmations = phase(
      'confirm by the emailed link (writes the letters)',
      await autocannon({
        url: base,
        connections: CONNECTIONS,
        amount: links.length,
        requests: [
          {
            setupRequest: (r) => ({
              ...r,
              method: 'POST',
              path: new URL(links[next++ % links.length] as string).pathname,
              body: '',
              headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' },
            }),
          },
        ],
      }),
      (s) => Number(s) < 400,
    );

    log('actions: delivering letters to the SMTP server');
    const lettersExpected = confirmations.ok * 3;
    const beforeLetters = sink.received();
    const deliverySeconds = await waitFor(() => sink.received() - beforeLetters >= lettersExpected, DELIVERY_WINDOW_S);
    const lettersDelivered = sink.received() - beforeLetters;

    const counted = new DatabaseSync(join(dir, 'placard.sqlite'), { readOnly: true });
    const confirmedRows = (counted.prepare(`select count(*) as n from actions where status = 'confirmed'`).get() as { n: number }).n;
    counted.close();

    const rows = [ceilingResult, submissions, confirmations].map((p) => [
      p.label,
      int(p.requests),
      int(p.perSecond),
      `${p.p50} ms`,
      `${p.p99} ms`,
      `${p.max} ms`,
      int(p.failed),
    ]);
    const submitPass = submissions.perSecond >= TARGET_RATE && submissions.p99 <= TARGET_P99_MS && submissions.failed === 0;
    const confirmPass = confirmations.perSecond >= TARGET_RATE && confirmations.p99 <= TARGET_P99_MS && confirmations.failed === 0;
    const markdown = `## Supporters' actions (SQLite)

A second Placard process on a fresh data folder (demo campaign, \`SMTP_URL\` pointing at an
SMTP server inside this script on 127.0.0.1, \`TRUST_PROXY=loopback\`). autocannon, ${CONNECTIONS}
connections. Every submission is a new supporter (own email address, own \`X-Forwarded-For\`
address, so no rate limit applies) posting the action form without proof of work, as a
browser without JavaScript does; a 303 to the "check your email" page is the
acknowledgement, sent only after the submission is committed to the intake (WAL,
\`synchronous=FULL\`), from which the intake worker writes the action and its
confirmation email (docs/decisions/0007). The confirmations then post every link taken from the emails
that arrived, which writes each action's three letters to the outbox in the same
transaction. Measured for ${DURATION_S} s after a ${WARMUP_S} s warm-up (submissions) and once per link
(confirmations); the ceiling is a bare \`node:http\` server answering the same form with a 303,
measured in the same run.

${['| phase | requests | per second | p50 | p99 | max | errors or wrong status |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')}

Targets: ≥ ${int(TARGET_RATE)} per second with p99 ≤ ${TARGET_P99_MS} ms and no errors. Submissions:
${submitPass ? 'pass' : '**FAIL**'} (${Math.round((submissions.perSecond / ceilingResult.perSecond) * 100)}% of the ceiling). Confirmations: ${confirmPass ? 'pass' : '**FAIL**'}.
Confirmed actions in the database afterwards: ${int(confirmedRows)} (of ${int(confirmations.ok)} acknowledged confirmations).

Delivery to the local SMTP server: ${int(sink.links.length)} confirmation emails in all; ${int(confirmationMails)} of them arrived
in the ${confirmationSeconds.toFixed(1)} s after the submissions ended (${int(confirmationMails / confirmationSeconds)} per second; the others went while submissions were arriving);
then ${int(lettersDelivered)} of ${int(lettersExpected)} letters in ${deliverySeconds.toFixed(1)} s (${int(lettersDelivered / Math.max(deliverySeconds, 0.001))} per second;
the window is ${DELIVERY_WINDOW_S} s).
`;
    const summaryRows = [
      [
        'action submissions per second (SQLite, 50 connections)',
        `${int(submissions.perSecond)}/s, p99 ${submissions.p99} ms, ${int(submissions.failed)} errors`,
        `≥ ${int(TARGET_RATE)}/s, p99 ≤ ${TARGET_P99_MS} ms`,
        submitPass ? 'pass' : '**FAIL**',
      ],
      [
        'confirmations per second',
        `${int(confirmations.perSecond)}/s, p99 ${confirmations.p99} ms`,
        `≥ ${int(TARGET_RATE)}/s, p99 ≤ ${TARGET_P99_MS} ms`,
        confirmPass ? 'pass' : '**FAIL**',
      ],
      ['letters delivered per second over SMTP', int(lettersDelivered / Math.max(deliverySeconds, 0.001)), '—', ''],
    ];
    return { markdown, summaryRows };
  } finally {
    if (placard) await stopChild(placard.child);
    await ceiling.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const result = await benchActions((message) => process.stderr.write(`bench: ${message}\n`));
  process.stdout.write(`${result.markdown}\n`);
}
