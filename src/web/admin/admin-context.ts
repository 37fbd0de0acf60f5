import type { Policy, StaffUser } from '../../domain/accounts/staff.js';
import type { Messages } from '../../i18n/messages.js';
import type { StaffPreferences } from '../../services/accounts/sessions.js';

/** Where the admin lives: every admin route is registered inside one plugin under this prefix. */
export const ADMIN_PREFIX = '/admin';

/** A route's policy: one of the staff policies, or open to anyone (sign-in, setup, preview links). */
export type RoutePolicy = Policy | 'public';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member of staff who has passed every factor, or null. */
    staff: StaffUser | null;
    /** A session that still owes its TOTP code (only the code page accepts it). */
    pendingSession: { userId: number; tokenHash: string } | null;
    /** The hash of the current session's token, for sign-out. */
    sessionHash: string | null;
    /** The CSRF token to put in every form this request renders. */
    csrfToken: string;
    /** The site's name as the admin's frame shows it (services/site). */
    siteName: string;
    /** The site's default language (services/site), which staff who chose none read the admin in. */
    siteLanguage: string;
    /** The site's default time zone, for staff who chose none (web/admin/time-zone.tsx). */
    siteTimeZone: string;
    /**
     * The admin's words for this request: the signed-in person's chosen language, else the
     * browser's preferred one among the catalogues, else English.
     */
    adminMessages: Messages;
    /** The admin language and time zone the signed-in person chose, or null when nobody is signed in. */
    adminPreferences: StaffPreferences | null;
  }
  interface FastifyContextConfig {
    /** Every admin route declares one; registration fails without it. */
    policy?: RoutePolicy;
  }
}
