import type { Kysely } from 'kysely';
import type { Dialect } from '../../store/db/database.js';
import type { DB } from '../../store/db/schema.js';
import type { MailIdentity } from '../delivery/queue-deliveries.js';
import type { Clock } from '../shared/clock.js';
import type { ContentChanges } from '../shared/content-changes.js';

/** What the campaign use cases work with; the composition root builds it once. */
export interface CampaignDeps {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly changes: ContentChanges;
  /** The site's public address, for links in emails: "https://news.example.org". */
  readonly publicUrl: string;
  readonly mail: MailIdentity;
  /** The installation's secret (services/settings/server-secret.ts). */
  readonly secret: Buffer;
  /** Days after a campaign closes before non-consenting participants are erased. */
  readonly retentionDays: number;
}
