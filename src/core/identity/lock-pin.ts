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

/** "scrypt$<salt>$<hash>", base64: what the phone stores instead of the PIN. */
export function hashPin(pin: string, salt: Buffer = randomBytes(16)): string {
  return [scheme, salt.toString('base64'), scryptSync(pin, salt, keyBytes).toString('base64')].join('$');
}

export function pinMatches(pin: string, stored: string): boolean {
  const [name, salt, hash] = stored.split('$');
  if (name !== scheme || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length || keyBytes);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
