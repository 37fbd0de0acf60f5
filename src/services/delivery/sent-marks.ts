import type { Kysely } from 'kysely';
import type { Dialect } from '../../store/db/database.js';
import type { DB } from '../../store/db/schema.js';
import { markSentFast, type OutboxRow } from '../../store/outbox/outbox-claim.store.js';
import type { Clock } from '../shared/clock.js';

/** Marks sent messages as their replies arrive. */
export interface SentMarks {
  /** Resolves once the row's mark has committed: true, or false when its lease had been lost. */
  mark(row: Pick<OutboxRow, 'id' | 'lease_owner'>): Promise<boolean>;
}

interface Pending {
  readonly row: Pick<OutboxRow, 'id' | 'lease_owner'>;
  resolve(marked: boolean): void;
  reject(error: unknown): void;
}

/**
 * Each message is marked as soon as the SMTP server has it; marks requested while one
 * commit runs (or in the same turn of the event loop) go together in the next, one
 * UPDATE per message. A lane waits for its mark before its next send, so a crash leaves
 * at most one sent, unmarked message per lane.
 */
export function createSentMarks(deps: { readonly db: Kysely<DB>; readonly dialect: Dialect; readonly clock: Clock }): SentMarks {
  let queue: Pending[] = [];
  let running: Promise<void> | null = null;
  const drain = async () => {
    // One turn of the loop lets the replies that arrived together join the commit.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      try {
        const marked = await markSentFast(
          deps.db,
          deps.dialect,
          group.map((p) => p.row),
          deps.clock(),
        );
        for (const p of group) p.resolve(marked.has(p.row.id));
      } catch (error) {
        for (const p of group) p.reject(error);
      }
    }
    running = null;
  };
  return {
    mark(row) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        running ??= drain();
      });
    },
  };
}
