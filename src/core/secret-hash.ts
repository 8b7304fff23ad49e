import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Secrets (Phone-Lock and Device-Lock PINs, tenant passwords and sign-in PINs) are kept
 * only as salted scrypt hashes, compared in constant time, never logged or shown.
 *
 * Cost: N = 2^10, r = 8, p = 1: 1 MiB and about 2 ms a hash. A mock service's secrets are
 * demo passwords and short PINs: a 6-digit PIN has 20 bits, so what protects it is that only a
 * salted hash exists (never on screen, in logs or in state files) and KeyboardLockMaxPinRetry,
 * not the cost. Meanwhile every PIN entry pays the cost on the phone's one thread, and
 * `npm test` starts about a thousand servers that each hash their tenant as it loads.
 * Raise log2N for more: the parameters are written into each hash, so older hashes still verify.
 */
export const scryptCost = { log2N: 10, r: 8, p: 1 } as const;

const keyBytes = 32;
const saltBytes = 16;
/** A hash read from a file may not ask for more work than this (2^20: 1 GiB). */
const maxLog2N = 20;

/** `scrypt$ln=14,r=8,p=1$<salt>$<hash>`, base64: what is stored instead of the secret. */
const hashPattern = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{22}(?:==)?)\$([A-Za-z0-9+/]{43}=?)$/;

const options = (log2N: number, r: number, p: number): ScryptOptions => ({ N: 2 ** log2N, r, p, maxmem: 256 * r * 2 ** log2N + 1024 * 1024 });

function format(salt: Buffer, hash: Buffer): string {
  const { log2N, r, p } = scryptCost;
  return `scrypt$ln=${log2N},r=${r},p=${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function hashSecret(secret: string): string {
  const salt = randomBytes(saltBytes);
  const { log2N, r, p } = scryptCost;
  return format(salt, scryptSync(secret, salt, keyBytes, options(log2N, r, p)));
}

/** The same hash off the main thread: a server hashing a tenant's users at start does them side by side. */
export async function hashSecretAsync(secret: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const { log2N, r, p } = scryptCost;
  const hash = await new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, salt, keyBytes, options(log2N, r, p), (error, key) => (error ? reject(error) : resolve(key))),
  );
  return format(salt, hash);
}

/** True when `text` is a hash this module wrote (or could verify): what state files are checked with. */
export function isSecretHash(text: string): boolean {
  const match = hashPattern.exec(text);
  return match !== null && Number(match[1]) >= 10 && Number(match[1]) <= maxLog2N && Number(match[2]) >= 1 && Number(match[3]) >= 1;
}

/** True when `secret` hashes to `stored`; the comparison takes the same time whatever matches. */
export function secretMatches(secret: string, stored: string): boolean {
  if (!isSecretHash(stored)) return false;
  const [, log2N, r, p, salt, hash] = hashPattern.exec(stored)!;
  const expected = Buffer.from(hash!, 'base64');
  const actual = scryptSync(secret, Buffer.from(salt!, 'base64'), expected.length, options(Number(log2N), Number(r), Number(p)));
  return timingSafeEqual(actual, expected);
}

/** `secretMatches` off the main thread (libuv's pool): a server checking sign-ins keeps serving other phones meanwhile. */
export async function secretMatchesAsync(secret: string, stored: string): Promise<boolean> {
  if (!isSecretHash(stored)) return false;
  const [, log2N, r, p, salt, hash] = hashPattern.exec(stored)!;
  const expected = Buffer.from(hash!, 'base64');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, Buffer.from(salt!, 'base64'), expected.length, options(Number(log2N), Number(r), Number(p)), (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
  return timingSafeEqual(actual, expected);
}
