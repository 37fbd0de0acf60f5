import { exportJwk, generateCryptoKeyPair, importJwk } from '@fedify/fedify';
import type { Kysely } from 'kysely';
import type { DB } from '../../store/db/schema.js';
import { findActorKeys, insertActorKey } from '../../store/federation/federation.store.js';
import type { Clock } from '../shared/clock.js';

/**
 * The algorithms every actor has a key for: RSA for Mastodon and everyone who speaks
 * draft-cavage HTTP signatures, Ed25519 for object proofs (FEP-8b32) and RFC 9421.
 */
const ALGORITHMS = ['RSASSA-PKCS1-v1_5', 'Ed25519'] as const;

/** An actor's key pairs from the database, made and stored on first use; read once per process. */
export interface ActorKeys {
  keyPairs(actor: string): Promise<CryptoKeyPair[]>;
}

/** Reads actors' keys, making the missing ones (docs/decisions/0036). */
export function createActorKeys(db: Kysely<DB>, clock: Clock): ActorKeys {
  const loaded = new Map<string, Promise<CryptoKeyPair[]>>();
  const load = async (actor: string): Promise<CryptoKeyPair[]> => {
    let stored = await findActorKeys(db, actor);
    const missing = ALGORITHMS.filter((a) => !stored.some((s) => s.algorithm === a));
    if (missing.length > 0) {
      for (const algorithm of missing) {
        const pair = await generateCryptoKeyPair(algorithm);
        const key = {
          algorithm,
          privateJwk: JSON.stringify(await exportJwk(pair.privateKey)),
          publicJwk: JSON.stringify(await exportJwk(pair.publicKey)),
        };
        await insertActorKey(db, actor, key, clock().toISOString());
      }
      // Another node may have stored its own first: what the table holds wins.
      stored = await findActorKeys(db, actor);
    }
    const ordered = ALGORITHMS.flatMap((a) => stored.filter((s) => s.algorithm === a));
    return Promise.all(
      ordered.map(async (s) => ({
        privateKey: await importJwk(JSON.parse(s.privateJwk) as JsonWebKey, 'private'),
        publicKey: await importJwk(JSON.parse(s.publicJwk) as JsonWebKey, 'public'),
      })),
    );
  };
  return {
    keyPairs(actor) {
      let pairs = loaded.get(actor);
      if (!pairs) {
        pairs = load(actor);
        loaded.set(actor, pairs);
        pairs.catch(() => loaded.delete(actor));
      }
      return pairs;
    },
  };
}
