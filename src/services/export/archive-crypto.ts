import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

/*
 * An archive with supporters' data is encrypted to a passphrase: scrypt derives a key,
 * AES-256-GCM encrypts and authenticates. The file is MAGIC, a salt, a nonce, the
 * ciphertext and the 16-byte tag. Decryption writes to a temporary file and keeps it only
 * if the tag checks, so nothing of a tampered or wrongly decrypted file is ever read.
 */

const MAGIC = Buffer.from('PLACARD-ENC-1\n', 'latin1');
const SALT = 16;
const NONCE = 12;
const TAG = 16;
// 64 MiB of memory per guess: slow for whoever tries passphrases, a second for the owner.
const SCRYPT: ScryptOptions = { N: 2 ** 16, r: 8, p: 1, maxmem: 128 * 1024 * 1024 };

/** The passphrase did not open the archive, or the archive was changed since it was made. */
export class WrongPassphrase extends Error {
  override name = 'WrongPassphrase';
}

function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(passphrase.normalize('NFC'), salt, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** True when the file starts as an encrypted archive does. */
export async function isEncryptedArchive(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, MAGIC.length, 0);
    return bytesRead === MAGIC.length && head.equals(MAGIC);
  } finally {
    await handle.close();
  }
}

/** Encrypts `plain` into `encrypted` with a key derived from the passphrase. */
export async function encryptFile(plain: string, encrypted: string, passphrase: string): Promise<void> {
  const salt = randomBytes(SALT);
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt), nonce);
  const out = createWriteStream(encrypted);
  out.write(Buffer.concat([MAGIC, salt, nonce]));
  await pipeline(createReadStream(plain), cipher, out, { end: false });
  await new Promise<void>((resolve, reject) => out.end(cipher.getAuthTag(), (error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * Decrypts `encrypted` into `plain`, which exists afterwards only if the passphrase was
 * right and the file unchanged; otherwise WrongPassphrase.
 */
export async function decryptFile(encrypted: string, plain: string, passphrase: string): Promise<void> {
  const handle = await open(encrypted, 'r');
  let size: number;
  let header: Buffer;
  let tag: Buffer;
  try {
    size = (await handle.stat()).size;
    if (size < MAGIC.length + SALT + NONCE + TAG) throw new WrongPassphrase('the encrypted archive is cut short');
    header = Buffer.alloc(MAGIC.length + SALT + NONCE);
    await handle.read(header, 0, header.length, 0);
    tag = Buffer.alloc(TAG);
    await handle.read(tag, 0, TAG, size - TAG);
  } finally {
    await handle.close();
  }
  const salt = header.subarray(MAGIC.length, MAGIC.length + SALT);
  const nonce = header.subarray(MAGIC.length + SALT);
  const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, salt), nonce);
  decipher.setAuthTag(tag);
  try {
    await pipeline(createReadStream(encrypted, { start: header.length, end: size - TAG - 1 }), decipher, createWriteStream(plain));
  } catch (error) {
    await rm(plain, { force: true });
    if (error instanceof Error && /auth|unable to authenticate/i.test(error.message)) throw new WrongPassphrase('wrong passphrase, or the archive was changed');
    throw error;
  }
}
