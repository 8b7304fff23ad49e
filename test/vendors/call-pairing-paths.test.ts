import { describe, expect, it } from 'vitest';
import type { DeviceProfile, KeyName } from '../../src/core/device-profile.js';
import { isCallBusy, type CallInfo, type SignedInUser } from '../../src/core/identity/identity-types.js';
import { translate, type MessageKey, type MessageParams } from '../../src/core/messages/index.js';
import { createActor } from 'xstate';
import type { PhoneMachine } from '../../src/core/phone-machine.js';
import { defaultServerSettings, type PhoneEvent, type PhoneInput, type SoftkeyId } from '../../src/core/phone-types.js';
import { defaultPolicy, type PhonePolicy } from '../../src/core/policies.js';
import { renderScreen, type PhoneSnapshot } from '../../src/core/screen.js';
import { defaultEmergencyNumbers } from '../../src/core/tenant.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { identityFor } from '../../src/phone/create-phone.js';
import { phoneMachine } from '../../src/core/phone-machine.js';
import { trackTimers, type SavedPhone } from '../../src/phone/restore-phone.js';
import { buildsOf } from '../helpers/booted-phone.js';
import { profile } from '../helpers/data.js';
import { lockPhase } from '../helpers/lock-phase.js';
import { expectEveryStateReached, expectShown, pathsToReplay, probeStates, regionState, replayPath, walkPaths, type Probe, type Walk } from '../helpers/machine-walk.js';

/**
 * Model-based paths (test/helpers/machine-walk.ts) through the call and BToE pairing regions
 * of a signed-in phone, one model per vendor. The dialer only takes digits toward an emergency
 * number (its prefixes are ordinary numbers the dial timeout dials), so the state value, the
 * dialer, the call's direction, the pairing and the few policies the walk changes tell states
 * apart; who the call is with changes no transition.
 *
 * Phone-Lock is on, with a PIN set, because a locked phone is where calls differ by vendor
 * (emergency numbers only, every number, or as the policy says) and where the paired PC's lock
 * lands. No PIN is typed: the Lock key locks, the PC's unlock unlocks, and the lock region keeps
 * to two states. Updates are off.
 */

const emergency = defaultEmergencyNumbers[0]!;
/** Whom the paired PC's client dials: a user, not a number. */
const pcParty = 'adaw@contoso.com';
const pairingCode = 'K7P29QXM';
const user: SignedInUser = { upn: 'amosm@contoso.com', displayName: 'Amos Marble', method: 'userId', exchange: true };
const caller: CallInfo = { id: 'in-1', party: 'Ada Wilson', direction: 'incoming', answerAfterMs: 0 };
/** Apart from the notice (5 s), the call reply timeout (30 s) and Phone-Lock (10 min): timers due together would fire together. */
const dialTimeoutMs = 4_000;
const farEndAnswerMs = 7_000;

/**
 * A phone signed in, with its Phone-Lock PIN set and unlocked, as its state file brings it
 * back: booted, connected, signed in and the PIN entered twice once, so that no replay pays
 * for the PIN's hashing.
 */
function signedInWithPin(machine: PhoneMachine, input: PhoneInput, policy: PhonePolicy): { phone: SavedPhone; clockMs: number } {
  const clock = new VirtualClock();
  const actor = createActor(machine, { clock, input });
  const timers = trackTimers(actor, clock);
  actor.start();
  clock.set(clock.nextDueAt()!);
  actor.send({ type: 'server.connected', settings: defaultServerSettings, policy });
  actor.send({ type: 'server.signedIn', user, token: 'token-1' });
  for (const _entry of ['new', 'confirm']) {
    for (const digit of '135790') actor.send(key(digit as KeyName));
    actor.send(key('Select'));
  }
  const phone = { snapshot: actor.getPersistedSnapshot() as unknown as SavedPhone['snapshot'], timers: timers.saved() };
  actor.stop();
  return { phone, clockMs: clock.now() };
}

/** Softkeys of the call screens; the walk presses those on screen. */
const callSoftkeys = new Set<SoftkeyId>(['newCall', 'emergency', 'dial', 'cancel', 'answer', 'decline', 'hangUp']);
const key = (name: KeyName) => ({ type: 'key.press', key: name }) as const;

/** Whether a locked phone of this profile, under this policy, dials more than emergency numbers. */
function dialsAnyNumberLocked(model: DeviceProfile, policy: PhonePolicy): boolean {
  const { callsWhileLocked } = model.lock;
  return callsWhileLocked === 'all' || (callsWhileLocked === 'policy' && !policy.DisableHandsetOnLockedMachine);
}

/** The policies the walk pushes: the pairing mode or BToE off, and DisableHandsetOnLockedMachine where the profile reads it. */
function policiesOf(model: DeviceProfile, base: PhonePolicy): PhonePolicy[] {
  // Without BToE (LPE works with its PC over USB) the pairing policies change nothing.
  const pairing: Partial<PhonePolicy>[] = model.btoe
    ? [{ BetterTogetherOverEthernetPairingMode: 'Auto' }, { BetterTogetherOverEthernetPairingMode: 'Manual' }, { EnableBetterTogetherOverEthernet: false }]
    : [{}];
  const handset = model.lock.callsWhileLocked === 'policy' ? [true, false] : [base.DisableHandsetOnLockedMachine];
  return pairing.flatMap((change) => handset.map((disable) => ({ ...base, ...change, DisableHandsetOnLockedMachine: disable })));
}

function alphabet(policies: readonly PhonePolicy[]): Walk['events'] {
  const always: PhoneEvent[] = [
    ...(['Hook', 'Back', 'Lock'] as const).map(key),
    { type: 'server.incomingCall', call: caller },
    { type: 'pairing.requested', os: 'windows', code: pairingCode },
    { type: 'pairing.codeEntered', code: 'AAAAAAAA' },
    { type: 'pairing.pcLocked', locked: true },
    { type: 'pairing.pcLocked', locked: false },
    { type: 'pairing.dial', party: pcParty },
    { type: 'pairing.ended' },
    ...policies.map((policy) => ({ type: 'server.policyChanged', policy }) as const),
  ];
  return (snapshot) => {
    const { context } = snapshot;
    const { calling, pairing } = context;
    // Digits open the dialer on an unlocked idle phone; on the lock screen they would type the PIN.
    const typed = calling.dialer ?? (isCallBusy(context) || lockPhase(snapshot) === 'locked' ? null : '');
    const digits = typed === null ? [] : (['1', '9'] as const).filter((digit) => emergency.startsWith(typed + digit));
    const requesting = snapshot.matches({ running: { call: 'requesting' } });
    const party = calling.dialer ?? '';
    return [
      ...always,
      ...digits.map(key),
      // Select answers or dials; with no call on the lock screen it would submit an empty PIN.
      ...(isCallBusy(context) ? [key('Select')] : []),
      ...renderScreen(snapshot)
        .softkeys.filter((softkey) => callSoftkeys.has(softkey.id))
        .map((softkey) => ({ type: 'softkey.press', id: softkey.id }) as const),
      ...(requesting
        ? [
            { type: 'server.callPlaced', call: { id: 'out-1', party, direction: 'outgoing', answerAfterMs: farEndAnswerMs } } as const,
            { type: 'server.callRefused', party, reason: 'noCallingPlan' } as const,
          ]
        : []),
      ...(calling.current ? [{ type: 'server.callEnded', id: calling.current.id } as const] : []),
      ...(pairing.code ? [{ type: 'pairing.codeEntered', code: pairing.code } as const] : []),
    ];
  };
}

function serialize(snapshot: PhoneSnapshot): string {
  const { calling, pairing, policy, profile: model } = snapshot.context;
  // How the PC paired and whether it is locked change a transition only where the Lock key follows the PC (AudioCodes).
  const { paired, code, mode, pcLocked } = pairing;
  return JSON.stringify([
    snapshot.value,
    calling.dialer,
    calling.current?.direction ?? null,
    model.lock.manualLockWhileAutoPaired ? { paired, code } : { paired, code, mode, pcLocked },
    policy.BetterTogetherOverEthernetPairingMode,
    policy.EnableBetterTogetherOverEthernet,
    policy.DisableHandsetOnLockedMachine,
  ]);
}

/** What a user looks for on the screen: the call, else the lock screen, else the idle screen with its pairing line. */
function expectedOnScreen(snapshot: PhoneSnapshot): string[] {
  const { context } = snapshot;
  const t = (messageKey: MessageKey, params?: MessageParams) => translate(context.locale, messageKey, params);
  const party = context.calling.current?.party ?? '';
  const notice = context.notice ? [t(context.notice.key, context.notice.params)] : [];
  const call = regionState(snapshot, 'call');
  switch (call) {
    case 'collecting':
      return [...notice, t('call.title'), t('call.dialer', { digits: context.calling.dialer ?? '' })];
    case 'requesting':
      return [...notice, t('call.requesting', { party: context.calling.dialer ?? '' })];
    case 'outgoing':
      return [...notice, t('call.ringingOut', { party })];
    case 'ringing.alerting':
      return [...notice, t('call.incoming', { party })];
    // A locked Polycom asks for the PIN before it answers (Device Lock guide).
    case 'ringing.pin':
      return [...notice, t('call.incoming', { party }), t('lock.answer.prompt')];
    case 'connected':
      return [...notice, t('call.connected', { party })];
    case 'idle':
      break;
    default:
      throw new Error(`no expectation for call state ${call}`);
  }
  if (lockPhase(snapshot) === 'locked') return [...notice, t('lock.locked.title'), t('lock.locked.prompt')];
  const pairing = regionState(snapshot, 'pairing');
  const pairingLines =
    pairing === 'awaitingCode' ? [t('idle.pairingCode', { code: pairingCode })] : pairing === 'paired' ? [t('idle.pcPaired')] : [];
  return [...notice, t('idle.signedInAs', { user: user.displayName }), ...pairingLines];
}

/** States of these regions this model can never rest in, and why. */
function unreachableStates(model: DeviceProfile): string[] {
  return [
    // Transient: it decides at once whether a locked phone may dial, and moves on.
    'phone.running.call.placing',
    // Only where answering a locked phone needs the PIN (Polycom) does Answer ask for it.
    ...(model.lock.answerNeedsPin ? [] : ['phone.running.call.ringing.pin']),
    // No BToE (LPE): every pairing request is refused; the PC works with it over USB.
    ...(model.btoe ? [] : ['phone.running.pairing.awaitingCode', 'phone.running.pairing.paired']),
  ];
}

/** A dial on a locked phone (digits keyed and Select, or the paired PC dialling): does it ring out? */
function lockedDial(state: PhoneSnapshot): Probe | undefined {
  const { context } = state;
  if (lockPhase(state) !== 'locked') return undefined;
  const dialed = context.calling.dialer ?? '';
  const keyed = state.matches({ running: { call: 'collecting' } }) && dialed !== '';
  if (!keyed && !state.matches({ running: { call: 'idle', pairing: 'paired' } })) return undefined;
  const party = keyed ? dialed : pcParty;
  const anyNumber = dialsAnyNumberLocked(context.profile, context.policy);
  return {
    label: `locked, ${anyNumber ? 'any number' : 'emergency only'}: ${party}`,
    event: keyed ? key('Select') : { type: 'pairing.dial', party },
    expected: party === emergency || anyNumber,
    happened: (next) => next.matches({ running: { call: 'requesting' } }),
  };
}

/** The PC locks an unlocked phone or unlocks a locked one: does the phone follow? */
function pcLock(state: PhoneSnapshot): Probe | undefined {
  const { pairing } = state.context;
  const phase = lockPhase(state);
  if (phase !== 'locked' && phase !== 'unlocked') return undefined;
  return {
    label: `${pairing.paired ? 'paired' : 'unpaired'}, ${phase}`,
    event: { type: 'pairing.pcLocked', locked: phase === 'unlocked' },
    expected: pairing.paired,
    happened: (next) => lockPhase(next) !== phase,
  };
}

/** The locked phone's idle screen: does its dial softkey (New Call, or Emergency) show and open the dialer? */
function lockScreenDial(state: PhoneSnapshot): Probe | undefined {
  if (lockPhase(state) !== 'locked' || !state.matches({ running: { call: 'idle' } })) return undefined;
  const { dialSoftkey } = state.context.profile.lock;
  const shown = renderScreen(state).softkeys.some((softkey) => softkey.id === dialSoftkey);
  return {
    label: `lock screen: ${dialSoftkey}`,
    event: { type: 'softkey.press', id: dialSoftkey },
    expected: true,
    happened: (next) => shown && next.matches({ running: { call: 'collecting' } }),
  };
}

/**
 * The Lock key on an unlocked, idle phone: it locks, except on AudioCodes auto-paired with an
 * unlocked PC (its lock guide: then only the PC's lock locks it).
 */
function lockKey(state: PhoneSnapshot): Probe | undefined {
  const { pairing, profile: model } = state.context;
  if (lockPhase(state) !== 'unlocked' || !state.matches({ running: { call: 'idle' } })) return undefined;
  const followsPc = !model.lock.manualLockWhileAutoPaired && pairing.paired && pairing.mode === 'auto' && !pairing.pcLocked;
  return {
    label: `Lock key, ${followsPc ? 'follows the PC' : 'locks'}`,
    event: key('Lock'),
    expected: !followsPc,
    happened: (next) => lockPhase(next) === 'locked',
  };
}

/** The regions walked here, as state ids and timer event types (`xstate.after.<delay>.<state id>`) name them. */
const walked = /phone\.running\.(call|pairing)\./;

// A walk of each model takes several seconds alone, and more on a loaded 2-core machine.
describe('every call and pairing state of a model is reachable, replays on the real actor and shows what it is', { timeout: 60_000 }, () => {
  // One model per vendor: they differ by data in BToE (none on LPE), in what a locked phone dials
  // (emergencyOnly on Polycom and AudioCodes, all on LPE, as the policy says on Yealink) and in
  // the lock screen's dial softkey (Emergency on AudioCodes, New Call elsewhere).
  for (const device of ['polycom-vvx-601', 'yealink-t48g', 'audiocodes-450hd', 'lpe-cx600']) {
    const model = profile(device);
    const firmware = buildsOf(model).at(-1)!;
    it(`${device} ${firmware}`, () => {
      const machine = phoneMachine;
      const policy: PhonePolicy = { ...defaultPolicy, EnableDeviceUpdate: false, UserDialTimeoutMS: dialTimeoutMs };
      const input: PhoneInput = { profile: model, firmware, identity: identityFor(model, 1) };
      const walk: Walk = {
        input,
        from: signedInWithPin(machine, input, policy),
        events: alphabet(policiesOf(model, policy)),
        serialize,
      };
      const paths = walkPaths(machine, walk);
      expect(lockPhase(paths[0]!.state)).toBe('unlocked');

      expectEveryStateReached(machine, paths, walked, unreachableStates(model));
      // A locked phone dials emergency numbers; others only where the profile, or its policy, says so.
      const dials = probeStates(machine, paths, lockedDial);
      expect(dials.wrong).toEqual([]);
      const policies = new Set(policiesOf(model, policy).map((each) => (dialsAnyNumberLocked(model, each) ? 'any number' : 'emergency only')));
      const parties = [...[1, 2, 3].map((length) => emergency.slice(0, length)), ...(model.btoe ? [pcParty] : [])];
      expect(dials.checked).toEqual(new Set([...policies].flatMap((each) => parties.map((party) => `locked, ${each}: ${party}`))));
      // Only the paired PC's lock locks and unlocks the phone.
      const pcLocks = probeStates(machine, paths, pcLock);
      expect(pcLocks.wrong).toEqual([]);
      expect(pcLocks.checked.size).toBe(model.btoe ? 4 : 2);
      // The lock screen's own dial softkey (Emergency on AudioCodes) opens the dialer.
      const lockKeys = probeStates(machine, paths, lockKey);
      expect(lockKeys.wrong).toEqual([]);
      expect(lockKeys.checked).toEqual(new Set(['Lock key, locks', ...(model.lock.manualLockWhileAutoPaired ? [] : ['Lock key, follows the PC'])]));
      const dialSoftkeys = probeStates(machine, paths, lockScreenDial);
      expect(dialSoftkeys.wrong).toEqual([]);
      expect(dialSoftkeys.checked).toEqual(new Set([`lock screen: ${model.lock.dialSoftkey}`]));

      for (const path of pathsToReplay(machine, paths, serialize, walked)) {
        replayPath(machine, walk, path, (snapshot, trail) => {
          const screen = renderScreen(snapshot);
          expectShown(screen, expectedOnScreen(snapshot), trail);
          expect(screen.status.locked, trail).toBe(lockPhase(snapshot) === 'locked');
          expect(screen.status.paired, trail).toBe(snapshot.matches({ running: { pairing: 'paired' } }));
        });
      }
    });
  }
});
