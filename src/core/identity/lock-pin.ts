import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Message } from '../messages/index.js';

/** The longest Phone-Lock PIN any phone takes; MinPhonePinLength (4-15, default 6) sets the shortest. */
export const maxPhonePinLength = 15;

/**
 * Phone-Lock PIN rules (6 to 15 digits by default, MinPhonePinLength 4-15) and storage:
 * a PIN is kept only as a salted scrypt hash, never logged, never shown.
 */
export function pinProblem(pin: string, minLength: number): Message | null {
  if (!/^\d*$/.test(pin)) return { key: 'lock.pin.digitsOnly' };
  if (pin.length < minLength) return { key: 'lock.pin.tooShort', params: { min: minLength, max: maxPhonePinLength } };
  if (pin.length > maxPhonePinLength) return { key: 'lock.pin.tooLong', params: { min: minLength, max: maxPhonePinLength } };
  return null;
}

const scheme = 'scrypt';
const keyBytes = 32;
/**
 * scrypt's work factor, a quarter of Node's default: a 6-digit PIN has 20 bits, so what protects
 * it is that only a salted hash exists (never on screen, in logs or in state files), not the cost;
 * and every PIN entry (seven in a lockout scenario) pays the cost on the phone's one thread.
 */
const cost = { N: 4096 };

/** "scrypt$<salt>$<hash>", base64: what the phone stores instead of the PIN. */
export function hashPin(pin: string, salt: Buffer = randomBytes(16)): string {
  return [scheme, salt.toString('base64'), scryptSync(pin, salt, keyBytes, cost).toString('base64')].join('$');
}

export function pinMatches(pin: string, stored: string): boolean {
  const [name, salt, hash] = stored.split('$');
  if (name !== scheme || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length || keyBytes, cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
