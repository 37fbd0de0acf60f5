import type { Kysely } from 'kysely';
import { withTryLock, type LockedRun } from '../../store/db/cluster-lock.js';
import type { Dialect } from '../../store/db/database.js';
import type { DB } from '../../store/db/schema.js';

export type { LockedRun } from '../../store/db/cluster-lock.js';

/** The work that runs on one node at a time however many run its job (docs/decisions/0034). */
export const CLUSTER_LOCKS = {
  scheduledPublishing: 'job:scheduled-publishing',
  retention: 'job:retention',
  digests: 'job:digests',
} as const;

/** One of CLUSTER_LOCKS. */
export type ClusterLock = (typeof CLUSTER_LOCKS)[keyof typeof CLUSTER_LOCKS];

/**
 * Runs `work` unless another node is running the same work at this moment, in which case
 * it is skipped: that node's run covers what this one would have done, and the next
 * interval comes soon. On SQLite there is one node and `work` always runs.
 */
export function oncePerCluster<T>(
  deps: { readonly db: Kysely<DB>; readonly dialect: Dialect },
  lock: ClusterLock,
  work: () => Promise<T>,
): Promise<LockedRun<T>> {
  return withTryLock(deps.db, deps.dialect, lock, work);
}
