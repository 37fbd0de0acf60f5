import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import { deleteSession, deleteUserSessions, findSession, insertSession, touchSession } from '../../store/accounts/session.store.js';
import { findUserById } from '../../store/accounts/user.store.js';
import type { DB } from '../../store/db/schema.js';
import type { Clock } from '../shared/clock.js';
import { newToken, tokenHash } from './tokens.js';

/** How long a session lasts: idle and absolute limits, in minutes. */
export interface SessionLimits {
  readonly idleMinutes: number;
  readonly absoluteMinutes: number;
}

/** 30 minutes idle, 12 hours in all (OWASP Session Management Cheat Sheet, high-value apps). */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMinutes: 30, absoluteMinutes: 12 * 60 };

/** What a valid session gives the web layer. */
export interface ActiveSession {
  readonly user: StaffUser;
  readonly tokenHash: string;
  /** False while a user with TOTP has signed in with a password but not yet with a code. */
  readonly secondFactorDone: boolean;
  /** What the person chose for the admin: its language and their time zone (null: the defaults). */
  readonly preferences: StaffPreferences;
}

/** The admin language and time zone a member of staff chose; null where they chose none. */
export interface StaffPreferences {
  readonly language: string | null;
  readonly timeZone: string | null;
}

/** Starts a session with a fresh random token (never reusing one) and returns the token for the cookie. */
export async function startSession(
  deps: { db: Kysely<DB>; clock: Clock; limits: SessionLimits },
  userId: number,
  options: { secondFactorDone: boolean },
): Promise<string> {
  const token = newToken();
  const now = deps.clock();
  await insertSession(deps.db, {
    token_hash: tokenHash(token),
    user_id: userId,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + deps.limits.absoluteMinutes * 60_000).toISOString(),
    second_factor_at: options.secondFactorDone ? now.toISOString() : null,
  });
  return token;
}

/**
 * Resolves a session token: undefined when unknown, idle too long, past its absolute end,
 * or its user is disabled (an ended session is deleted). The idle clock moves at most once
 * a minute so that reading pages does not write on every request.
 */
export async function resolveSession(deps: { db: Kysely<DB>; clock: Clock; limits: SessionLimits }, token: string): Promise<ActiveSession | undefined> {
  const hash = tokenHash(token);
  const session = await findSession(deps.db, hash);
  if (!session) return undefined;
  const now = deps.clock().getTime();
  const idleEnd = Date.parse(session.last_seen_at) + deps.limits.idleMinutes * 60_000;
  const user = now < idleEnd && now < Date.parse(session.expires_at) ? await findUserById(deps.db, session.user_id) : undefined;
  if (!user || user.disabled) {
    await deleteSession(deps.db, hash);
    return undefined;
  }
  if (now - Date.parse(session.last_seen_at) > 60_000) await touchSession(deps.db, hash, new Date(now).toISOString());
  const { passwordHash: _p, totpSecret: _t, recoveryCodes: _r, disabled: _d, language, timeZone, ...staff } = user;
  return {
    user: staff,
    tokenHash: hash,
    secondFactorDone: session.second_factor_at !== null || !user.totpEnabled,
    preferences: { language, timeZone },
  };
}

/** Ends one session (sign-out). */
export async function endSession(db: Kysely<DB>, hash: string): Promise<void> {
  await deleteSession(db, hash);
}

/** Ends every session of a user (password change, sign-out everywhere, disabling). */
export async function endAllSessions(db: Kysely<DB>, userId: number): Promise<void> {
  await deleteUserSessions(db, userId);
}
