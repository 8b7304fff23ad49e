import { assign } from 'xstate';
import type { PhoneContext } from '../phone-types.js';
import type { RegionActions, RegionGuards } from '../phone-setup.js';
import { pinMatches } from './lock-pin.js';
import { openForm, valueOf, type FieldId } from './text-form.js';

/**
 * The lock's PIN where the phone asks for it: the lock screen, and the call screen of a
 * locked Polycom answering a call. Both the lock and the call region use these; neither
 * imports the other.
 */

const lockPinFields: readonly FieldId[] = ['newLockPin', 'confirmLockPin', 'lockPin', 'adminCode'];

/** The PIN being entered, whichever Phone-Lock field is on screen. */
export function enteredPin(form: Parameters<typeof valueOf>[0]): string {
  return lockPinFields.map((id) => valueOf(form, id)).join('');
}

/** The warning raised when an upgrade drops a Device-Lock PIN; creating a Phone-Lock PIN clears it. */
export const phoneUnprotectedWarningId = 'phoneUnprotected';

/** An upgrade dropped the Device-Lock PIN and no Phone-Lock PIN replaced it yet. */
export const isUnprotected = (context: Pick<PhoneContext, 'warnings'>): boolean =>
  context.warnings.some((warning) => warning.id === phoneUnprotectedWarningId);

/**
 * Before 5.5.1 a Polycom's lock is its own Device-Lock: the same screens and keys, but its
 * PIN is kept apart (`deviceLockPin`), and the upgrade to Phone-Lock does not carry it over.
 */
export function usesDeviceLock(context: Pick<PhoneContext, 'traits'>): boolean {
  return context.traits.deviceLock;
}

/** The hash the lock screen checks entries against: the Device-Lock's on firmware that has one. */
export function lockPinHash(context: PhoneContext): string | null {
  return usesDeviceLock(context) ? context.deviceLockPin : context.lock.pinHash;
}

export const pinEntryActions = {
  openUnlockForm: assign({ form: openForm(['lockPin']) }),
} satisfies RegionActions;

export const pinEntryGuards = {
  entryUnlocks: ({ context }) => {
    const hash = lockPinHash(context);
    return hash !== null && pinMatches(enteredPin(context.form), hash);
  },
} satisfies RegionGuards;
