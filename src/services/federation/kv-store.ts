import type { KvKey, KvStore, KvStoreSetOptions } from '@fedify/fedify';
import type { Kysely } from 'kysely';
import type { DB } from '../../store/db/schema.js';
import { kvCompareAndSet, kvDelete, kvGet, kvList, kvSet } from '../../store/federation/federation.store.js';
import type { Clock } from '../shared/clock.js';

/** The text a Fedify key is stored under: its JSON, so a prefix of the array is a prefix of the text. */
function keyText(key: KvKey): string {
  return JSON.stringify(key);
}

function expiry(clock: Clock, options: KvStoreSetOptions | undefined): string | null {
  const ttl = options?.ttl;
  if (!ttl) return null;
  return new Date(clock().getTime() + ttl.total({ unit: 'millisecond' })).toISOString();
}

/**
 * Fedify's key–value store on a Placard table (docs/decisions/0036): its caches of remote
 * documents and keys and its record of handled activities are shared by every node of a
 * PostgreSQL installation and survive a restart, on both databases.
 */
export function createTableKvStore(db: Kysely<DB>, clock: Clock): KvStore {
  const now = () => clock().toISOString();
  return {
    async get<T = unknown>(key: KvKey): Promise<T | undefined> {
      const text = await kvGet(db, keyText(key), now());
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    async set(key, value, options) {
      await kvSet(db, keyText(key), JSON.stringify(value), expiry(clock, options));
    },
    async delete(key) {
      await kvDelete(db, keyText(key));
    },
    async cas(key, expectedValue, newValue, options) {
      const expected = expectedValue === undefined ? undefined : JSON.stringify(expectedValue);
      return kvCompareAndSet(db, keyText(key), expected, JSON.stringify(newValue), expiry(clock, options), now());
    },
    async *list(prefix) {
      // '["a","b"]' without its closing bracket matches '["a","b"]' and '["a","b","c"]' alone.
      const text = prefix ? keyText(prefix).slice(0, -1) : '';
      for (const row of await kvList(db, text, now())) {
        const rest = row.key.slice(text.length);
        if (text && rest !== ']' && !rest.startsWith(',')) continue;
        yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) as unknown };
      }
    },
  };
}
