/*
 * The one door mail leaves by. Two adapters implement it: SMTP (nodemailer) and .eml files
 * in DATA_DIR/outbox; the core never speaks SMTP itself. One contract test suite runs on both.
 */

/** An address with an optional display name. */
export interface MailAddress {
  readonly name?: string;
  readonly address: string;
}

/** A plain-text message, ready to go. Every header value is already header-safe. */
export interface OutgoingMessage {
  /** "<id@domain>": the same on every retry, so a receiver can drop a duplicate. */
  readonly messageId: string;
  readonly from: MailAddress;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly replyTo: MailAddress | null;
  readonly subject: string;
  readonly text: string;
  /** Extra headers, such as List-Unsubscribe. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Why a send failed. temporary: try again later (a 4xx reply, a refused connection, a
 * timeout); permanent: the server refused this message for good (a 5xx reply), so
 * retrying cannot help and the failure is shown to the coordinator. recipientRefused:
 * the refusal was of the recipient itself (a 5xx reply to RCPT TO), which the coordinator
 * sees as a bounce: the target's address no longer works.
 */
export class MailError extends Error {
  override name = 'MailError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly recipientRefused = false,
  ) {
    super(message);
  }
}

/** Sends one message or throws a {@link MailError}. */
export interface Mailer {
  /** Where messages go, for the admin: "SMTP at mail.example.org:587" or "files in …/outbox". */
  readonly description: string;
  send(message: OutgoingMessage): Promise<void>;
  close(): Promise<void>;
}
