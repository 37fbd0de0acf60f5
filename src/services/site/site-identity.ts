import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import { parseCacheTag, tags } from '../../domain/cache/cache-tags.js';
import { ValidationFailed } from '../../domain/errors.js';
import { checkSiteIdentity, DEFAULT_SITE_NAME, type SiteIdentity, type SiteIdentityInput, type StoredSiteIdentity } from '../../domain/site/site-identity.js';
import { catalogues, withValues, type Messages } from '../../i18n/messages.js';
import type { DB } from '../../store/db/schema.js';
import { findMedia } from '../../store/media/media.store.js';
import { readSetting, writeSetting } from '../../store/settings/settings.store.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../shared/clock.js';
import type { ContentChanges } from '../shared/content-changes.js';

/** The settings key: the identity as one JSON object, so it changes in one write. */
export const SITE_IDENTITY_KEY = 'site_identity';

const DEFAULTS: StoredSiteIdentity = {
  name: DEFAULT_SITE_NAME,
  tagline: null,
  logoMediaId: null,
  defaultLanguage: 'en',
  defaultTimeZone: 'UTC',
  footer: null,
  contactEmail: null,
};

/**
 * The site's identity, read by every page, feed and email. It is held in memory (a page
 * render must not wait on the database for it) and read again when the `site` tag is
 * announced, by this node's change or, with several nodes, by the relay of another's.
 */
export interface SiteIdentityService {
  /** The identity now. */
  current(): SiteIdentity;
  /** The interface language of pages without their own (front page, indexes). */
  defaultLanguage(): string;
  /**
   * The messages of a language, falling back to the site's default language, then English,
   * with `{site}` filled by the site's name.
   */
  messages(language?: string | null): Messages;
  /** What the admin form starts from. */
  stored(): StoredSiteIdentity;
  /** Checks and stores a new identity, audits it, and makes every cached page show it. */
  update(actor: Pick<StaffUser, 'id' | 'name'> | string, input: SiteIdentityInput): Promise<void>;
  /**
   * Calls `listener` each time the identity was read again after an announcement (this
   * node's or another's) or a reset. The read takes a moment after the announcement,
   * in which a page could be rendered and cached with the old identity: the page cache
   * drops `site` pages again when this fires.
   */
  onReloaded(listener: () => void): () => void;
  /** Stops following changes. */
  close(): void;
}

async function readStored(db: Kysely<DB>): Promise<StoredSiteIdentity> {
  const raw = await readSetting(db, SITE_IDENTITY_KEY);
  if (raw === undefined) return DEFAULTS;
  try {
    const value = JSON.parse(raw) as Partial<StoredSiteIdentity>;
    return { ...DEFAULTS, ...value };
  } catch {
    // Edited by hand into something unreadable: the site keeps working under its defaults.
    return DEFAULTS;
  }
}

async function resolve(db: Kysely<DB>, stored: StoredSiteIdentity): Promise<SiteIdentity> {
  const media = stored.logoMediaId === null ? undefined : await findMedia(db, stored.logoMediaId);
  const { logoMediaId: _logo, ...rest } = stored;
  return { ...rest, logo: media ? { mediaId: media.id, src: media.src, alt: media.alt || stored.name } : null };
}

/** Reads the identity once and follows its changes; built by the composition root and handed down. */
export async function createSiteIdentity(deps: { db: Kysely<DB>; clock: Clock; changes: ContentChanges }): Promise<SiteIdentityService> {
  let stored = await readStored(deps.db);
  let identity = await resolve(deps.db, stored);
  const reload = async () => {
    stored = await readStored(deps.db);
    identity = await resolve(deps.db, stored);
  };
  const reloaded = new Set<() => void>();
  const follow = () =>
    void reload().then(
      () => {
        for (const listener of reloaded) listener();
      },
      () => undefined,
    );
  const unsubscribe = deps.changes.subscribe((announced) => {
    if (announced.some((t) => parseCacheTag(t).kind === 'site')) follow();
  });
  const unsubscribeReset = deps.changes.onReset(follow);
  return {
    current: () => identity,
    defaultLanguage: () => identity.defaultLanguage,
    messages: (language) => withValues(catalogues().for(language, identity.defaultLanguage), { site: identity.name }),
    stored: () => stored,
    async update(actor, input) {
      const checked = checkSiteIdentity(input, catalogues().languages());
      if (!checked.ok) throw new ValidationFailed(checked.errors);
      const before = stored;
      await deps.db.transaction().execute(async (trx) => {
        await writeSetting(trx, SITE_IDENTITY_KEY, JSON.stringify(checked.value));
        await audit(
          { db: trx, clock: deps.clock },
          {
            actor,
            action: 'settings-changed',
            subject: { type: 'setting', id: SITE_IDENTITY_KEY },
            summary: `Site identity: “${before.name}” → “${checked.value.name}”`,
          },
        );
      });
      // Read here first, so the pages rendered right after the announcement show it.
      await reload();
      deps.changes.announce([tags.site]);
    },
    onReloaded(listener) {
      reloaded.add(listener);
      return () => void reloaded.delete(listener);
    },
    close() {
      unsubscribe();
      unsubscribeReset();
      reloaded.clear();
    },
  };
}
