import type { Policy, StaffUser } from '../../domain/accounts/staff.js';

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
  }
  interface FastifyContextConfig {
    /** Every admin route declares one; registration fails without it. */
    policy?: RoutePolicy;
  }
}
