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

/** The phone stores a PIN as a salted scrypt hash (core/secret-hash.ts) and checks entries against it. */
export { hashSecret as hashPin, secretMatches as pinMatches } from '../secret-hash.js';
