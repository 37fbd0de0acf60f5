import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/*
 * A real SMTP server on loopback that keeps what it receives, for tests: messages are
 * parsed by mailparser as a mail client would. stop() closes the listener (connections are
 * refused, as in an outage) and start() listens again on the same port.
 */

/** How the server answers RCPT TO for an address: accept, 450 (try later) or 550 (no such user). */
export type RecipientVerdict = false | 'temporary' | 'permanent';

/** A message as the server received it. */
export interface CapturedMessage {
  /** The message exactly as it came over the wire. */
  readonly raw: string;
  readonly parsed: ParsedMail;
  /** MAIL FROM and RCPT TO, which may differ from the headers. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly messageId: string;
  /** The first To address. */
  readonly to: string;
  readonly from: { readonly name: string; readonly address: string };
  readonly replyTo: string | null;
  readonly cc: readonly string[];
  readonly subject: string;
  readonly text: string;
}

/** A running capture server. */
export interface SmtpCapture {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  readonly url: string;
  readonly port: number;
  readonly messages: CapturedMessage[];
  /** Closes the listener and drops open connections: the server is down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): { name: string; address: string }[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((a) => ({ name: a.name ?? '', address: a.address ?? '' })));
}

function capture(raw: Buffer, parsed: ParsedMail, envelope: CapturedMessage['envelope']): CapturedMessage {
  return {
    raw: raw.toString('utf8'),
    parsed,
    envelope,
    messageId: parsed.messageId ?? '',
    to: addresses(parsed.to)[0]?.address ?? '',
    from: addresses(parsed.from)[0] ?? { name: '', address: '' },
    replyTo: addresses(parsed.replyTo)[0]?.address ?? null,
    cc: addresses(parsed.cc).map((a) => a.address),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
  };
}

function refusal(verdict: RecipientVerdict): Error | null {
  if (!verdict) return null;
  const temporary = verdict === 'temporary';
  const error = Object.assign(new Error(temporary ? '4.2.0 Mailbox busy, try again later' : '5.1.1 No such user here'), {
    responseCode: temporary ? 450 : 550,
  });
  return error;
}

/** Starts a capture server on 127.0.0.1 and a free port. */
export async function startSmtpCapture(options: { rejectRecipients?: (address: string) => RecipientVerdict } = {}): Promise<SmtpCapture> {
  const messages: CapturedMessage[] = [];
  let server: SMTPServer | null = null;
  let port = 0;

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // An outage drops open connections at once instead of letting them finish politely.
      closeTimeout: 50,
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        callback(refusal(options.rejectRecipients?.(address.address) ?? false));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const envelope = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          };
          // Parsed before the 250 reply, so a message the sender saw accepted is already here.
          simpleParser(raw)
            .then((parsed) => {
              messages.push(capture(raw, parsed, envelope));
              callback();
            })
            .catch((error: unknown) => callback(error as Error));
        });
      },
    });

  const start = async () => {
    const next = create();
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    next.on('error', () => undefined);
    const address = next.server.address();
    port = typeof address === 'object' && address ? address.port : port;
    server = next;
  };

  const stop = async () => {
    const current = server;
    server = null;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await start();
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    stop,
    start,
    close: stop,
  };
}
