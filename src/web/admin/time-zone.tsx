import type { FastifyRequest } from 'fastify';
import { createContext, type VNode } from 'preact';
import { useContext } from 'preact/hooks';
import { readerZone, offsetText } from '../../domain/time/reader-zone.js';
import { offsetMinutes } from '../../domain/time/local-time.js';
import type { Messages } from '../../i18n/messages.js';
import { useMessages } from '../views/messages-context.js';

/**
 * The zone this member of staff reads and types times in on this page: their account's
 * zone, else `thingZone` (the section of the article or campaign the page is about), else
 * the site's default, else UTC (domain/time/reader-zone.ts holds the rule).
 */
export function adminZone(request: FastifyRequest, thingZone?: string | null): string {
  return readerZone({ account: request.adminPreferences?.timeZone, thing: thingZone, site: request.siteTimeZone });
}

/** The zone of the admin page being rendered; `renderAdmin` provides it. */
export const AdminZoneContext = createContext<string>('UTC');

/** The zone of the admin page being rendered, for components that show or take times. */
export function useAdminZone(): string {
  return useContext(AdminZoneContext);
}

const withSeconds = new Map<string, Intl.DateTimeFormat>();

/**
 * "29 March 2026, 03:00 CEST": an instant as the reader reads it, with the zone's name;
 * with `seconds`, "29 March 2026, 03:00:15 CEST", for the audit log's order of events.
 */
export function zonedText(m: Messages, iso: string, zone: string, options: { seconds?: boolean } = {}): string {
  if (!options.seconds) return m.date(iso, 'dateTime', zone);
  const id = `${m.language}\u0000${zone}`;
  let format = withSeconds.get(id);
  if (!format) {
    // As Messages.date writes dates: plain English day first.
    format = new Intl.DateTimeFormat(m.language === 'en' ? 'en-GB' : m.language, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
      timeZone: zone,
    });
    withSeconds.set(id, format);
  }
  return format.format(new Date(iso));
}

/**
 * "25 October 2026, 02:30 CEST (UTC+02:00)": with the offset as well, where the same wall
 * time happens twice and the editor must see which of the two was taken.
 */
export function zonedTextWithOffset(m: Messages, iso: string, zone: string): string {
  return m.t('admin.time.with-offset', { time: zonedText(m, iso, zone), offset: offsetText(offsetMinutes(new Date(iso), zone)) });
}

/** An instant in the page's zone, with the zone's name, machine-readable in `dateTime`. */
export function When(props: { iso: string; offset?: boolean; seconds?: boolean }): VNode {
  const m = useMessages();
  const zone = useAdminZone();
  return <time dateTime={props.iso}>{props.offset ? zonedTextWithOffset(m, props.iso, zone) : zonedText(m, props.iso, zone, { seconds: props.seconds })}</time>;
}
