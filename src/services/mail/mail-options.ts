import type { SendMailOptions } from 'nodemailer';
import type { MailAddress, OutgoingMessage } from './mailer.js';

/*
 * One translation from an OutgoingMessage to nodemailer's message options, shared by the
 * SMTP and the file adapter, so an .eml file carries exactly the headers the SMTP server
 * would have received.
 */

/**
 * Header values arrive header-safe (domain/campaigns/letter.ts headerSafe); this second
 * guard at the adapter keeps a line break out of a header even if a caller forgot, since
 * a header injected here would reach a government's mail server in the organisation's name.
 */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim();
}

function address(a: MailAddress): { name: string; address: string } {
  return { name: oneLine(a.name ?? ''), address: oneLine(a.address) };
}

/** nodemailer's options for a message: plain UTF-8 text, our Message-ID kept as it is. */
export function mailOptions(message: OutgoingMessage): SendMailOptions {
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) extra[oneLine(name)] = oneLine(value);
  return {
    messageId: message.messageId,
    from: address(message.from),
    to: message.to.map(address),
    cc: message.cc.map(address),
    ...(message.replyTo ? { replyTo: address(message.replyTo) } : {}),
    subject: oneLine(message.subject),
    text: message.text,
    textEncoding: 'quoted-printable',
    headers: extra,
    // A plain-text letter, as a person would send it: no HTML alternative, no tracking.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** The addresses a message goes to, for matching a server's list of refused recipients. */
export function primaryRecipients(message: OutgoingMessage): string[] {
  return message.to.map((a) => a.address.trim().toLowerCase());
}

/** Removes email addresses from a server's reply before it is stored or logged. */
export function withoutAddresses(text: string): string {
  return text.replace(/<?[^\s<>@]+@[^\s<>@]+>?/g, '<address>').slice(0, 300);
}
