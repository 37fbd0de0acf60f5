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

/** "29 March 2026, 03:00 CEST": an instant as the reader reads it, with the zone's name. */
export function zonedText(m: Messages, iso: string, zone: string): string {
  return m.date(iso, 'dateTime', zone);
}

/**
 * "25 October 2026, 02:30 CEST (UTC+02:00)": with the offset as well, where the same wall
 * time happens twice and the editor must see which of the two was taken.
 */
export function zonedTextWithOffset(m: Messages, iso: string, zone: string): string {
  return m.t('admin.time.with-offset', { time: zonedText(m, iso, zone), offset: offsetText(offsetMinutes(new Date(iso), zone)) });
}

/** An instant in the page's zone, with the zone's name, machine-readable in `dateTime`. */
export function When(props: { iso: string; offset?: boolean }): VNode {
  const m = useMessages();
  const zone = useAdminZone();
  return <time dateTime={props.iso}>{props.offset ? zonedTextWithOffset(m, props.iso, zone) : zonedText(m, props.iso, zone)}</time>;
}
