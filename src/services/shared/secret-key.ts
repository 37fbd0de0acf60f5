import { createSecretKey, type KeyObject } from 'node:crypto';

// Handing createHmac a Buffer makes it build a key object on every call, which was a few
// per cent of the CPU of a submission (three HMACs each). The installation's secret is
// one Buffer for the life of the process: its key object is made once.
const keys = new WeakMap<Buffer, KeyObject>();

/** The installation secret as a reusable HMAC key. */
export function secretKey(secret: Buffer): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(secret);
    keys.set(secret, key);
  }
  return key;
}
