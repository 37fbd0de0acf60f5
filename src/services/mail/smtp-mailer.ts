import type { NodemailerError, Transporter } from 'nodemailer';
import { mailOptions, primaryRecipients, withoutAddresses } from './mail-options.js';
import { MailError, type Mailer, type OutgoingMessage } from './mailer.js';

/*
 * The SMTP adapter. A pooled transport keeps a few connections open, so a burst of letters
 * does not pay a TCP and TLS handshake per message.
 */

/** Connections kept open to the SMTP server; most relays throttle more than this per client. */
const MAX_CONNECTIONS = 4;

/**
 * Which failures are the message's own (retrying cannot help) and which are the moment's
 * or the operator's. A 5xx reply to RCPT TO refuses the recipient (a bounce); a 5xx reply to
 * DATA refuses the message. A 5xx to MAIL FROM or AUTH says our sender or credentials are
 * wrong: that is configuration, fixed by the operator while the messages wait and retry,
 * not a reason to fail every letter in the queue. Connection errors and 4xx are temporary.
 */
function toMailError(error: unknown): MailError {
  const e = error as NodemailerError;
  const reply = e.responseCode ? `${e.responseCode} ${withoutAddresses(e.response ?? '')}` : (e.originalCode ?? e.code ?? 'error');
  const message = `SMTP ${e.command ?? ''} ${reply}`.replace(/\s+/g, ' ').trim();
  const refused = e.permanent === true && (e.command === 'RCPT TO' || e.command === 'DATA');
  // nodemailer refuses an address it cannot even put in an envelope before it connects.
  const unusable = e.code === 'EENVELOPE' && e.command === 'API';
  return new MailError(message, refused || unusable, (refused && e.command === 'RCPT TO') || unusable);
}

function describe(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
  return `SMTP at ${url.hostname}:${port}`;
}

/**
 * A mailer that sends through the SMTP server at `smtpUrl` (smtp:// or smtps://, with
 * optional user:password). It never logs: recipients are supporters and targets.
 */
export function createSmtpMailer(smtpUrl: string): Mailer {
  // nodemailer is loaded with the first message (about 24 MiB): a node that sends
  // nothing never pays for it.
  let transport: Promise<Transporter> | null = null;
  const connect = () =>
    (transport ??= import('nodemailer').then((m) =>
      m.createTransport({
        url: smtpUrl,
        pool: true,
        maxConnections: MAX_CONNECTIONS,
        // An unreachable server must fail a send in seconds, so the message is retried later
        // instead of holding its lease: nodemailer's defaults wait two minutes to connect.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 60_000,
        logger: false,
        debug: false,
      }),
    ));
  return {
    description: describe(smtpUrl),
    async send(message: OutgoingMessage): Promise<void> {
      const pool = await connect();
      let info;
      try {
        info = await pool.sendMail(mailOptions(message));
      } catch (error) {
        throw toMailError(error);
      }
      // Accepted for a copy address but refused for the target: the target bounced, and
      // retrying would send the copy again.
      const rejected = new Set((info.rejected ?? []).map((a) => String(a).toLowerCase()));
      if (primaryRecipients(message).some((a) => rejected.has(a))) {
        throw new MailError('SMTP RCPT TO refused the recipient', true, true);
      }
    },
    async close(): Promise<void> {
      if (transport) (await transport).close();
    },
  };
}
