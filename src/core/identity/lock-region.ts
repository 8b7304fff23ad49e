import { and, assign, emit, enqueueActions, not, or, raise, setup } from 'xstate';
import type { Message, MessageKey } from '../messages/index.js';
import { keyGuards, phoneTypes, pressed, softkey, type RegionActions, type RegionDelays, type RegionGuards } from '../phone-setup.js';
import type { PhoneContext } from '../phone-types.js';
import { phoneLockEnforced } from '../provisioned.js';
import { periodLeft, virtualNow } from '../timer-periods.js';
import { factActions, factGuards } from '../regions/region-facts.js';
import { formActions, formGuards, formKeys } from './form-setup.js';
import { hashPin, pinMatches, pinProblem } from './lock-pin.js';
import { enteredPin, isUnprotected, lockPinHash, phoneUnprotectedWarningId, pinEntryActions, pinEntryGuards, usesDeviceLock } from './lock-pin-entry.js';
import { openForm, valueOf } from './text-form.js';

export { isUnprotected, phoneUnprotectedWarningId, usesDeviceLock };

const refuse = (error: Message) => ({ error });

/**
 * Wrong PINs before the profile's afterMaxRetries: the service's KeyboardLockMaxPinRetry, or
 * the vendor's own count for web sign-in users where it documents one (Polycom: six).
 */
export function maxPinRetries(context: Pick<PhoneContext, 'profile' | 'policy' | 'account'>): number {
  const vendorCount = context.account.user?.method === 'web' ? context.profile.lock.webSignInMaxRetries : undefined;
  return vendorCount ?? context.policy.KeyboardLockMaxPinRetry;
}

/** How Forgot checks this user: the sign-in password, the sign-in PIN, or not at all (web, via PC, USB). */
export function forgotCheck(context: Pick<PhoneContext, 'account'>): 'password' | 'pin' | null {
  const method = context.account.user?.method;
  return method === 'userId' ? 'password' : method === 'pin' ? 'pin' : null;
}

const forgotRefusals: Record<string, MessageKey> = {
  lockedOut: 'lock.forgot.lockedOut',
  notSignedIn: 'lock.forgot.failed',
  notCredentialSignIn: 'lock.forgot.web',
};

/** Phone-Lock: the PIN created after sign-in, idle and manual locking, unlock, retry limits. */
export const lockActions = {
  openNewPinForm: assign({ form: openForm(['newLockPin']) }),
  openConfirmPinForm: assign({ form: openForm(['confirmLockPin']) }),
  openAdminCodeForm: assign({ form: openForm(['adminCode']) }),
  holdPendingPin: assign({
    lock: ({ context }) => ({ ...context.lock, pendingHash: hashPin(enteredPin(context.form)), error: null }),
  }),
  refuseNewPin: assign({
    lock: ({ context }) => ({ ...context.lock, ...refuse(pinProblem(enteredPin(context.form), context.policy.MinPhonePinLength)!) }),
    form: openForm(['newLockPin']),
  }),
  refuseMismatch: assign({
    lock: ({ context }) => ({ ...context.lock, pendingHash: null, ...refuse({ key: 'lock.pin.mismatch' }) }),
  }),
  // A Device-Lock PIN goes to deviceLockPin; a Phone-Lock PIN protects the phone again after a Device-Lock was lost.
  storePin: assign(({ context }) => {
    const lock = { ...context.lock, pendingHash: null, error: null, failures: 0 };
    if (usesDeviceLock(context)) return { lock, deviceLockPin: context.lock.pendingHash, form: null };
    const warnings = context.warnings.filter((warning) => warning.id !== phoneUnprotectedWarningId);
    return { lock: { ...lock, pinHash: context.lock.pendingHash }, warnings, form: null };
  }),
  forgetPin: assign({
    lock: ({ context }) => ({ ...context.lock, pinHash: null, pendingHash: null, failures: 0, error: null }),
    deviceLockPin: null,
  }),
  // The PIN belongs to the user's session: after a sign-out the next user creates their own.
  forgetPinOfSignedOutUser: assign(({ context }) =>
    context.account.user === null ? { lock: { ...context.lock, pinHash: null, pendingHash: null }, deviceLockPin: null } : {},
  ),
  // A pushed PhoneLockTimeout counts from here.
  noteIdleStart: assign({
    lock: ({ context, event, self }) => (event.type === 'server.policyChanged' ? context.lock : { ...context.lock, idleSince: virtualNow(self) }),
  }),
  lockIfIdlePastDue: enqueueActions(({ context, event, self, enqueue }) => {
    if (event.type !== 'server.policyChanged') return;
    if (periodLeft(context.lock.idleSince, event.policy.PhoneLockTimeout, virtualNow(self)) === 0) enqueue.raise({ type: 'timer.pastDue' as const });
  }),
  resetFailures: assign({ lock: ({ context }) => ({ ...context.lock, failures: 0, error: null }), form: null }),
  countFailure: assign({
    lock: ({ context }) => {
      const failures = context.lock.failures + 1;
      const left = maxPinRetries(context) - failures;
      return { ...context.lock, failures, ...refuse({ key: 'lock.pin.wrong', params: { left: Math.max(0, left) } }) };
    },
    form: openForm(['lockPin']),
  }),
  noteAdminCodeNeeded: assign({ lock: ({ context }) => ({ ...context.lock, ...refuse({ key: 'lock.adminCodeNeeded' }) }) }),
  refuseAdminCode: assign({
    lock: ({ context }) => ({ ...context.lock, ...refuse({ key: 'lock.adminCodeWrong' }) }),
    form: openForm(['adminCode']),
  }),
  // Forgot: the sign-in password (or PIN) field; the server checks it against the user it signed in.
  openForgotForm: assign({ form: ({ context }) => openForm([forgotCheck(context) === 'pin' ? 'pin' : 'password']) }),
  requestLockVerify: emit(({ context }) => ({
    type: 'lock.verifyRequested' as const,
    method: forgotCheck(context) ?? ('password' as const),
    secret: valueOf(context.form, forgotCheck(context) === 'pin' ? 'pin' : 'password'),
  })),
  clearLockError: assign({ lock: ({ context }) => ({ ...context.lock, error: null }) }),
  noteForgotUnavailable: assign({ lock: ({ context }) => ({ ...context.lock, ...refuse({ key: 'lock.forgot.web' }) }) }),
  // A wrong password counts on the server (sign-in lockout), not against the lock screen's PIN tries.
  refuseForgot: assign({
    lock: ({ context, event }) => {
      const reason = event.type === 'server.lockVerified' ? event.reason : undefined;
      const wrong: MessageKey = forgotCheck(context) === 'pin' ? 'lock.forgot.wrongPin' : 'lock.forgot.wrongPassword';
      const key = reason === undefined || reason === 'badCredentials' ? wrong : (forgotRefusals[reason] ?? 'lock.forgot.failed');
      return { ...context.lock, ...refuse({ key }) };
    },
  }),
  noteForgotNoAnswer: assign({ lock: ({ context }) => ({ ...context.lock, ...refuse({ key: 'lock.forgot.failed' }) }) }),
  reportMaxRetries: raise({ type: 'lock.maxRetriesReached' as const }),
  noticeLockFollowsPc: raise({ type: 'notice.show' as const, notice: { key: 'lock.followsPc' as const } }),
  emitLocked: emit({ type: 'pairing.lockChanged' as const, locked: true }),
  emitUnlocked: emit({ type: 'pairing.lockChanged' as const, locked: false }),
} satisfies RegionActions;

export const lockGuards = {
  lockEnforced: ({ context }) => phoneLockEnforced(context),
  offersForgot: ({ context }) => context.profile.lock.forgotSoftkey,
  canResetWithSignIn: ({ context }) => forgotCheck(context) !== null,
  forgotEntryFilled: ({ context }) => valueOf(context.form, forgotCheck(context) === 'pin' ? 'pin' : 'password') !== '',
  lockVerified: ({ event }) => event.type === 'server.lockVerified' && event.ok,
  hasPin: ({ context }) => lockPinHash(context) !== null,
  phoneUnprotected: ({ context }) => isUnprotected(context),
  entryIsAcceptablePin: ({ context }) => pinProblem(enteredPin(context.form), context.policy.MinPhonePinLength) === null,
  entryConfirmsPin: ({ context }) => context.lock.pendingHash !== null && pinMatches(enteredPin(context.form), context.lock.pendingHash),
  lastRetry: ({ context }) => context.lock.failures + 1 >= maxPinRetries(context),
  // AudioCodes: auto-paired with an unlocked PC, only the PC's lock locks the phone.
  lockKeyFollowsPc: ({ context }) =>
    !context.profile.lock.manualLockWhileAutoPaired && context.pairing.paired && context.pairing.mode === 'auto' && !context.pairing.pcLocked,
  locksWhenPairingLost: ({ context }) => context.profile.lock.locksWhenPairingLost && context.pairing.paired,
  signsOutAfterMaxRetries: ({ context }) => context.profile.lock.afterMaxRetries === 'signOut',
  adminCodeCorrect: ({ context }) => context.profile.lock.adminCode !== undefined && enteredPin(context.form) === context.profile.lock.adminCode,
  // Only a paired PC's lock counts: BToE turned off unpairs the phone, and the server may not know yet.
  pcLocked: ({ context, event }) => context.pairing.paired && event.type === 'pairing.pcLocked' && event.locked,
  pcUnlocked: ({ context, event }) => context.pairing.paired && event.type === 'pairing.pcLocked' && !event.locked,
  lockTimeoutChanges: ({ context, event }) =>
    event.type === 'server.policyChanged' && event.policy.PhoneLockTimeout !== context.policy.PhoneLockTimeout,
} satisfies RegionGuards;

export const lockDelays = {
  phoneLockTimeout: ({ context, self }) =>
    periodLeft(context.lock.idleSince, context.policy.PhoneLockTimeout, virtualNow(self)),
} satisfies RegionDelays;

const lockSetup = setup({
  types: phoneTypes,
  actions: { ...factActions, ...formActions, ...pinEntryActions, ...lockActions },
  guards: { ...keyGuards, ...factGuards, ...formGuards, ...pinEntryGuards, ...lockGuards },
  delays: lockDelays,
});

const lockOff = { guard: or([not('signedIn'), not('lockEnforced')]), target: '#phone.running.lock.off' };
/** Lock screens own the keys, except while a call (an emergency call, a ringing one) is on screen. */
const lockKeys = formKeys('noCallOnScreen');

/**
 * Off until someone signs in (and when EnforcePhoneLock is false); then the PIN is created,
 * entered twice. Unlocked, the phone locks after PhoneLockTimeout idle, on the Lock key, or
 * when the paired PC locks; KeyboardLockMaxPinRetry wrong PINs sign the user out or ask for
 * the administrator code, per vendor profile. After an upgrade dropped its Device-Lock PIN,
 * the phone is unprotected: unlocked, no PIN, until the user presses Lock and creates one.
 * Where the profile offers Forgot (Polycom), a user who signed in with credentials resets the
 * PIN with the sign-in password or PIN, which the server checks; a web sign-in user cannot.
 */
export const lockRegion = lockSetup.createStateConfig({
  initial: 'off',
  states: {
    off: {
      entry: ['resetFailures', 'forgetPinOfSignedOutUser'],
      always: [
        // A phone that rebooted signed in comes back locked.
        { guard: and(['signedIn', 'lockEnforced', 'hasPin']), target: 'locked' },
        { guard: and(['signedIn', 'lockEnforced', 'phoneUnprotected']), target: 'unprotected' },
        { guard: and(['signedIn', 'lockEnforced']), target: 'creating' },
      ],
    },
    // Polycom 5.4 -> 5.5.1: nothing locks this phone; it asks for a PIN only when the user presses Lock.
    unprotected: {
      always: lockOff,
      on: { 'key.press': { guard: and([pressed('Lock'), not('callBusy')]), target: 'creating' } },
    },
    creating: {
      entry: 'goHome',
      always: lockOff,
      initial: 'first',
      states: {
        first: {
          entry: 'openNewPinForm',
          on: {
            ...lockKeys,
            'softkey.press': { guard: and([not('callBusy'), softkey('ok')]), actions: 'submitForm' },
            'form.submit': [
              { guard: 'entryIsAcceptablePin', target: 'confirm', actions: 'holdPendingPin' },
              { actions: 'refuseNewPin' },
            ],
          },
        },
        confirm: {
          entry: 'openConfirmPinForm',
          on: {
            ...lockKeys,
            'softkey.press': { guard: and([not('callBusy'), softkey('ok')]), actions: 'submitForm' },
            'form.submit': [
              { guard: 'entryConfirmsPin', target: '#phone.running.lock.unlocked', actions: 'storePin' },
              { target: 'first', actions: 'refuseMismatch' },
            ],
          },
        },
      },
    },
    unlocked: {
      entry: ['resetFailures', 'noteIdleStart'],
      always: lockOff,
      after: {
        phoneLockTimeout: [{ guard: 'callBusy', target: 'unlocked', reenter: true }, { target: 'locked' }],
      },
      on: {
        // Any key is activity: the idle period starts again.
        'key.press': [
          { guard: and([pressed('Lock'), not('callBusy'), 'lockKeyFollowsPc']), actions: 'noticeLockFollowsPc' },
          { guard: and([pressed('Lock'), not('callBusy')]), target: 'locked' },
          { target: 'unlocked', reenter: true },
        ],
        'softkey.press': { target: 'unlocked', reenter: true },
        'text.input': { target: 'unlocked', reenter: true },
        'pairing.pcLocked': { guard: 'pcLocked', target: 'locked' },
        // A new PhoneLockTimeout counts from when the idle period began; re-entering keeps that moment.
        'server.policyChanged': { guard: 'lockTimeoutChanges', target: 'unlocked', reenter: true, actions: 'lockIfIdlePastDue' },
        'timer.pastDue': [{ guard: 'callBusy', target: 'unlocked', reenter: true }, { target: 'locked' }],
        // Polycom: the BToE link broke (the PC unplugged), so the phone locks.
        'pairing.ended': { guard: 'locksWhenPairingLost', target: 'locked' },
      },
    },
    locked: {
      entry: ['goHome', 'emitLocked'],
      exit: 'emitUnlocked',
      always: lockOff,
      on: { 'pairing.pcLocked': { guard: 'pcUnlocked', target: 'unlocked' } },
      initial: 'entering',
      states: {
        entering: {
          entry: 'openUnlockForm',
          on: {
            ...lockKeys,
            'softkey.press': [
              { guard: and([not('callBusy'), softkey('unlock')]), actions: 'submitForm' },
              { guard: and([not('callBusy'), softkey('forgot'), 'offersForgot', 'canResetWithSignIn']), target: 'forgot' },
              { guard: and([not('callBusy'), softkey('forgot'), 'offersForgot']), actions: 'noteForgotUnavailable' },
            ],
            'form.submit': [
              { guard: 'entryUnlocks', target: '#phone.running.lock.unlocked' },
              { guard: and(['lastRetry', 'signsOutAfterMaxRetries']), actions: ['countFailure', 'reportMaxRetries'] },
              { guard: 'lastRetry', target: 'adminCode', actions: 'countFailure' },
              { actions: 'countFailure' },
            ],
          },
        },
        // Polycom's Forgot: the sign-in password (or PIN), confirmed by the server, then a new PIN entered twice.
        forgot: {
          initial: 'entering',
          states: {
            entering: {
              entry: ['openForgotForm', 'clearLockError'],
              on: {
                ...lockKeys,
                'softkey.press': [
                  { guard: and([not('callBusy'), softkey('ok')]), actions: 'submitForm' },
                  { guard: and([not('callBusy'), softkey('cancel')]), target: '#phone.running.lock.locked.entering' },
                ],
                'form.submit': { guard: 'forgotEntryFilled', target: 'verifying' },
              },
            },
            verifying: {
              entry: 'requestLockVerify',
              on: {
                'server.lockVerified': [
                  { guard: 'lockVerified', target: '#phone.running.lock.creating', actions: 'forgetPin' },
                  { target: '#phone.running.lock.locked.entering', actions: 'refuseForgot' },
                ],
                'server.disconnected': { target: '#phone.running.lock.locked.entering', actions: 'noteForgotNoAnswer' },
              },
            },
          },
        },
        adminCode: {
          entry: ['openAdminCodeForm', 'noteAdminCodeNeeded'],
          on: {
            ...lockKeys,
            'softkey.press': { guard: and([not('callBusy'), softkey('unlock')]), actions: 'submitForm' },
            'form.submit': [
              // The administrator code clears the PIN: the user creates a new one.
              { guard: 'adminCodeCorrect', target: '#phone.running.lock.creating', actions: 'forgetPin' },
              { actions: 'refuseAdminCode' },
            ],
          },
        },
      },
    },
  },
});
