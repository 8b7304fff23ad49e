import { and, assign, emit, enqueueActions, not, or, raise, setup } from 'xstate';
import type { MessageKey } from '../messages/index.js';
import { dialKeys, keyGuards, phoneTypes, pressed, softkey, type RegionActions, type RegionDelays, type RegionGuards } from '../phone-setup.js';
import type { PhoneContext } from '../phone-types.js';
import { factActions, factGuards, lockIsCreating, lockIsLocked } from '../regions/region-facts.js';
import { periodLeft, virtualNow } from '../timer-periods.js';
import { formActions, formGuards, formKeys } from './form-setup.js';
import { pinEntryActions, pinEntryGuards } from './lock-pin-entry.js';

const replyTimeoutMs = 30_000;

function isEmergency(context: PhoneContext, party: string | null): boolean {
  return party !== null && context.account.emergencyNumbers.includes(party);
}

/** Whether a locked phone dials numbers other than emergency ones: by profile, or by policy where the profile says so. */
function callsAllowedWhileLocked({ profile, policy }: PhoneContext): boolean {
  const { callsWhileLocked } = profile.lock;
  return callsWhileLocked === 'all' || (callsWhileLocked === 'policy' && !policy.DisableHandsetOnLockedMachine);
}

/** Calls: the dialer (auto-dials UserDialTimeoutMS after the last digit), outgoing, incoming, connected. */
export const callActions = {
  openDialer: assign({ calling: ({ context }) => ({ ...context.calling, dialer: '' }) }),
  startDialerWithKey: assign({
    calling: ({ context, event }) => ({ ...context.calling, dialer: event.type === 'key.press' ? event.key : '' }),
  }),
  appendDigit: assign({
    calling: ({ context, event }) =>
      event.type === 'key.press' ? { ...context.calling, dialer: `${context.calling.dialer ?? ''}${event.key}`.slice(0, 32) } : context.calling,
  }),
  eraseDigit: assign({ calling: ({ context }) => ({ ...context.calling, dialer: (context.calling.dialer ?? '').slice(0, -1) }) }),
  dialParty: assign({
    calling: ({ context, event }) => (event.type === 'pairing.dial' ? { ...context.calling, dialer: event.party } : context.calling),
  }),
  requestCall: emit(({ context }) => ({ type: 'call.dialRequested' as const, party: context.calling.dialer ?? '' })),
  storeCall: assign({
    calling: ({ context, event }) =>
      event.type === 'server.callPlaced' || event.type === 'server.incomingCall' ? { ...context.calling, dialer: null, current: event.call } : context.calling,
  }),
  clearCall: assign({ calling: { dialer: null, current: null, digitAt: 0 } }),
  noteDigitTime: assign({ calling: ({ context, self }) => ({ ...context.calling, digitAt: virtualNow(self) }) }),
  // A pushed UserDialTimeoutMS already past since the last digit dials now.
  dialIfPastDue: enqueueActions(({ context, event, self, enqueue }) => {
    if (event.type !== 'server.policyChanged') return;
    if (periodLeft(context.calling.digitAt, event.policy.UserDialTimeoutMS, virtualNow(self)) === 0) enqueue.raise({ type: 'timer.pastDue' as const });
  }),
  emitAnswered: emit(({ context }) => ({ type: 'call.answered' as const, id: context.calling.current?.id ?? '' })),
  emitHungUp: emit(({ context }) => ({ type: 'call.hungUp' as const, id: context.calling.current?.id ?? '' })),
  /** A second incoming call while busy is turned away: no call waiting on the emulated phones. */
  declineIncoming: emit(({ event }) => ({ type: 'call.hungUp' as const, id: event.type === 'server.incomingCall' ? event.call.id : '' })),
  noticeCallRefused: raise(({ event }) => ({
    type: 'notice.show' as const,
    notice: {
      key: `call.refused.${event.type === 'server.callRefused' ? event.reason : 'notSignedIn'}` as MessageKey,
      params: { party: event.type === 'server.callRefused' ? event.party : '' },
    },
  })),
  noticeLockedCall: raise({ type: 'notice.show' as const, notice: { key: 'call.refused.lockedEmergencyOnly' as const } }),
  noticeCallUnanswered: raise({ type: 'notice.show' as const, notice: { key: 'notice.offline' as const } }),
} satisfies RegionActions;

export const callGuards = {
  /** Digits on the idle screen of a signed-in, unlocked phone start a call. */
  mayStartDialing: and([factGuards.signedIn, not(lockIsLocked), not(lockIsCreating)]),
  /** Off-hook, New Call or Emergency open the dialer even on a locked phone. */
  mayOpenDialer: and([factGuards.signedIn, not(lockIsCreating)]),
  dialerHasDigits: ({ context }) => (context.calling.dialer ?? '') !== '',
  mayDial: or([not(lockIsLocked), ({ context }) => isEmergency(context, context.calling.dialer) || callsAllowedWhileLocked(context)]),
  // Polycom (Device Lock guide): answering an incoming call on a locked phone requires the password.
  answerNeedsPin: and([({ context }) => context.profile.lock.answerNeedsPin, lockIsLocked]),
  isCallEvent: ({ context, event }) =>
    (event.type === 'server.callEnded' || event.type === 'server.callAnswered') && event.id === context.calling.current?.id,
  /** The stand-in far end answers after its delay; another emulated phone answers when its user does. */
  farEndIsStandIn: ({ context }) => context.calling.current?.farEnd !== 'phone',
  dialTimeoutChanges: ({ context, event }) =>
    event.type === 'server.policyChanged' && event.policy.UserDialTimeoutMS !== context.policy.UserDialTimeoutMS,
} satisfies RegionGuards;

export const callDelays = {
  userDialTimeout: ({ context, self }) => periodLeft(context.calling.digitAt, context.policy.UserDialTimeoutMS, virtualNow(self)),
  farEndAnswer: ({ context }) => context.calling.current?.answerAfterMs ?? 5_000,
  callReplyTimeout: replyTimeoutMs,
} satisfies RegionDelays;

const callSetup = setup({
  types: phoneTypes,
  actions: { ...factActions, ...formActions, ...pinEntryActions, ...callActions },
  guards: { ...keyGuards, ...factGuards, ...formGuards, ...pinEntryGuards, ...callGuards },
  delays: callDelays,
});

const hangUp = { target: '#phone.running.call.idle', actions: 'emitHungUp' as const };
const farEndHungUp = { 'server.callEnded': { guard: 'isCallEvent' as const, target: '#phone.running.call.idle' } };

export const callRegion = callSetup.createStateConfig({
  initial: 'idle',
  on: { 'server.incomingCall': { actions: 'declineIncoming' } },
  states: {
    idle: {
      entry: 'clearCall',
      on: {
        'key.press': [
          { guard: and([pressed(...dialKeys), 'uiIdle', 'mayStartDialing']), target: 'collecting', actions: 'startDialerWithKey' },
          { guard: and([pressed('Hook'), 'mayOpenDialer']), target: 'collecting', actions: 'openDialer' },
        ],
        'softkey.press': { guard: and([softkey('newCall', 'emergency'), 'mayOpenDialer']), target: 'collecting', actions: 'openDialer' },
        'server.incomingCall': { guard: 'signedIn', target: 'ringing', actions: 'storeCall' },
        // Click-to-call from the paired PC.
        'pairing.dial': { guard: and(['signedIn', 'isPaired']), target: 'placing', actions: 'dialParty' },
      },
    },
    collecting: {
      entry: ['goHome', 'noteDigitTime'],
      after: { userDialTimeout: { guard: 'dialerHasDigits', target: 'placing' } },
      on: {
        // A new UserDialTimeoutMS counts from the last digit; re-entering keeps that moment.
        'server.policyChanged': { guard: 'dialTimeoutChanges', target: 'collecting', reenter: true, actions: 'dialIfPastDue' },
        'timer.pastDue': { guard: 'dialerHasDigits', target: 'placing' },
        'key.press': [
          { guard: pressed(...dialKeys), target: 'collecting', reenter: true, actions: 'appendDigit' },
          { guard: and([pressed('Select'), 'dialerHasDigits']), target: 'placing' },
          { guard: and([pressed('Back'), 'dialerHasDigits']), target: 'collecting', reenter: true, actions: 'eraseDigit' },
          { guard: pressed('Back', 'Hook'), target: 'idle' },
        ],
        'softkey.press': [
          { guard: and([softkey('dial'), 'dialerHasDigits']), target: 'placing' },
          { guard: softkey('cancel'), target: 'idle' },
        ],
      },
    },
    // Locked, only emergency numbers dial (on LPE every number; on Yealink as DisableHandsetOnLockedMachine says).
    placing: { always: [{ guard: 'mayDial', target: 'requesting' }, { target: 'idle', actions: 'noticeLockedCall' }] },
    requesting: {
      entry: 'requestCall',
      on: {
        'server.callPlaced': { target: 'outgoing', actions: 'storeCall' },
        'server.callRefused': { target: 'idle', actions: 'noticeCallRefused' },
        'server.disconnected': { target: 'idle', actions: 'noticeCallUnanswered' },
      },
      after: { callReplyTimeout: { target: 'idle', actions: 'noticeCallUnanswered' } },
    },
    outgoing: {
      after: { farEndAnswer: { guard: 'farEndIsStandIn', target: 'connected' } },
      on: {
        'server.callAnswered': { guard: 'isCallEvent', target: 'connected' },
        'key.press': { guard: pressed('Hook', 'Back'), ...hangUp },
        'softkey.press': { guard: softkey('hangUp'), ...hangUp },
        ...farEndHungUp,
      },
    },
    ringing: {
      entry: 'goHome',
      initial: 'alerting',
      on: {
        'key.press': [
          { guard: and([pressed('Hook', 'Select'), 'answerNeedsPin']), target: '.pin' },
          { guard: pressed('Hook', 'Select'), target: 'connected', actions: 'emitAnswered' },
        ],
        'softkey.press': [
          { guard: and([softkey('answer'), 'answerNeedsPin']), target: '.pin' },
          { guard: softkey('answer'), target: 'connected', actions: 'emitAnswered' },
          { guard: softkey('decline'), ...hangUp },
        ],
        ...farEndHungUp,
      },
      states: {
        alerting: {},
        // The PIN on the call screen: the right one answers (and, in the lock region, unlocks).
        pin: {
          entry: 'openUnlockForm',
          on: {
            ...formKeys('answeringWithPin'),
            'softkey.press': [{ guard: softkey('answer'), actions: 'submitForm' }, { guard: softkey('decline'), ...hangUp }],
            'form.submit': { guard: 'entryUnlocks', target: '#phone.running.call.connected', actions: 'emitAnswered' },
          },
        },
      },
    },
    connected: {
      on: {
        'key.press': { guard: pressed('Hook'), ...hangUp },
        'softkey.press': { guard: softkey('hangUp'), ...hangUp },
        ...farEndHungUp,
      },
    },
  },
});
