import { describe, expect, it } from 'vitest';
import type { DeviceProfile, KeyName } from '../../src/core/device-profile.js';
import { methodLabel } from '../../src/core/identity/identity-screen.js';
import type { SignedInUser } from '../../src/core/identity/identity-types.js';
import { hashPin, maxPhonePinLength } from '../../src/core/identity/lock-pin.js';
import { usesDeviceLock } from '../../src/core/identity/lock-region.js';
import { offeredMethods, stateOfMethod } from '../../src/core/identity/sign-in-region.js';
import { focusedValue } from '../../src/core/identity/text-form.js';
import { translate, type MessageKey, type MessageParams } from '../../src/core/messages/index.js';
import { defaultServerSettings, type PhoneEvent, type PhoneInput, type SoftkeyId } from '../../src/core/phone-types.js';
import { defaultPolicy } from '../../src/core/policies.js';
import { firmwareTraits } from '../../src/core/quirks.js';
import { renderScreen, type PhoneSnapshot } from '../../src/core/screen.js';
import { signInMethods } from '../../src/core/device-profile.js';
import { identityFor } from '../../src/phone/create-phone.js';
import { phoneMachine } from '../../src/core/phone-machine.js';
import { buildsOf } from '../helpers/booted-phone.js';
import { lockPhase } from '../helpers/lock-phase.js';
import { profile } from '../helpers/data.js';
import { bootEvent, expectEveryStateReached, expectShown, pathsToReplay, regionState, replayPath, walkPaths, type Walk } from '../helpers/machine-walk.js';

/**
 * Model-based paths (test/helpers/machine-walk.ts) through the sign-in and Phone-Lock regions:
 * every state one model per vendor can reach, with a small alphabet. Free text would make the
 * state space endless, so each empty field takes one fixed text (a user name on sign-in forms,
 * the right PIN on PIN creation, the right or a wrong PIN or the administrator code on the lock
 * screen) and Back is offered only where it does not merely erase a character. With each field
 * empty or holding one known text, the state value plus a few facts of context tell states apart.
 */

const userText = 'amosm@contoso.com';
const rightPin = '135790';
const wrongPin = '246802';
/** What Forgot takes on a Polycom lock screen: the user's sign-in password (the server's answer is an event). */
const signInPassword = 'Pa55w.rd';
const user: SignedInUser = { upn: userText, displayName: 'Amos Marble', method: 'userId', exchange: true };
/** The mock server's address is wider than a small display: it breaks across rows. */
const webCode = { code: 'ABCD-EFGH', url: 'http://127.0.0.1:41235/signin', expiresInMs: 15 * 60_000 };

/** The server's answers, in one version each; no update is offered, so the update region stays idle. */
const serverEvents: PhoneEvent[] = [
  { type: 'server.tenantInfo', sfb: 'online', emergencyNumbers: ['911'] },
  { type: 'server.tenantInfo', sfb: 'onprem', emergencyNumbers: ['911'] },
  { type: 'server.signedIn', user, token: 'token-1' },
  { type: 'server.signInRefused', reason: 'sessionExpired' },
  { type: 'server.webCode', code: webCode },
  { type: 'server.disconnected' },
  { type: 'server.lockVerified', ok: true },
  { type: 'server.lockVerified', ok: false, reason: 'badCredentials' },
];

const softkeys: SoftkeyId[] = ['signIn', 'select', 'cancel', 'retry', 'ok', 'signOut', 'unlock', 'forgot'];
const key = (name: KeyName) => ({ type: 'key.press', key: name }) as const;
const text = (value: string) => ({ type: 'text.input', text: value }) as const;

function alphabet(profile: DeviceProfile): Walk['events'] {
  const rows = Math.max(profile.signIn.online.length, profile.signIn.onprem.length);
  // The method rows' digits; signed in, digits open the dialer (the call region, not walked here).
  const rowDigits = (['1', '2', '3', '4', '5'] as const).slice(0, rows).map(key);
  const always: PhoneEvent[] = [
    ...(['Select', 'Up', 'Down', 'Lock'] as const).map(key),
    ...softkeys.map((id) => ({ type: 'softkey.press', id }) as const),
    ...serverEvents,
  ];
  const back = key('Back');
  const signInText = [text(userText)];
  const newPinText = [text(rightPin)];
  const unlockTexts = [text(rightPin), text(wrongPin), ...(profile.lock.adminCode ? [text(profile.lock.adminCode)] : [])];
  const forgotText = [text(signInPassword)];
  return (snapshot) => {
    const { form, account } = snapshot.context;
    const phase = lockPhase(snapshot);
    const fieldEmpty = focusedValue(form) === '';
    const forgot = phase === 'locked' && form?.fields[0]?.id === 'password';
    const texts = !form || !fieldEmpty ? [] : forgot ? forgotText : phase === 'locked' ? unlockTexts : phase === 'creating' ? newPinText : signInText;
    return [...always, ...(fieldEmpty ? [back] : []), ...(account.user === null && !form ? rowDigits : []), ...texts];
  };
}

function serialize(snapshot: PhoneSnapshot): string {
  const { account, form, lock, deviceLockPin } = snapshot.context;
  const choosing = snapshot.matches({ running: { signIn: { signedOut: 'choosing' } } });
  return JSON.stringify([
    snapshot.value,
    account.deployment,
    account.user !== null,
    choosing ? account.methodCursor : null,
    account.webCode !== null,
    form && [form.focus, ...form.fields.map((field) => field.value)],
    lock.pendingHash !== null,
    lock.pinHash !== null || deviceLockPin !== null,
    lock.failures,
  ]);
}

/** What a user looks for on the screen of each state: the lock screen when locked, the code while it shows. */
function expectedOnScreen(snapshot: PhoneSnapshot): string[] {
  const { context } = snapshot;
  const t = (key: MessageKey, params?: MessageParams) => translate(context.locale, key, params);
  const state = (region: string) => regionState(snapshot, region);
  const deviceLock = usesDeviceLock(context);
  switch (state('lock')) {
    case 'locked.entering':
      return [t(deviceLock ? 'lock.deviceLocked.title' : 'lock.locked.title'), t('lock.locked.prompt')];
    case 'locked.adminCode':
      return [t(deviceLock ? 'lock.deviceLocked.title' : 'lock.locked.title'), t('lock.admin.prompt')];
    // The model's user signed in with User ID: Forgot asks for the sign-in password.
    case 'locked.forgot.entering':
      return [t(deviceLock ? 'lock.deviceLocked.title' : 'lock.locked.title'), t('lock.forgot.password.prompt')];
    case 'locked.forgot.verifying':
      return [t('lock.forgot.checking')];
    case 'creating.first':
      return [t(deviceLock ? 'lock.deviceLock.title' : 'lock.title'), t('lock.create.prompt', { min: context.policy.MinPhonePinLength, max: maxPhonePinLength })];
    case 'creating.confirm':
      return [t('lock.confirm.prompt')];
    case 'unlocked':
      return [t('idle.signedInAs', { user: user.displayName })];
  }
  const method = (name: (typeof signInMethods)[number]) => methodLabel(context, name, t);
  const error = context.account.error && [t(context.account.error.key, context.account.error.params)];
  switch (state('signIn')) {
    case 'signedOut.idle':
      // The method rows follow; on a small display a refusal pushes them behind Sign In (the method list shows them).
      return [t('idle.notSignedIn')];
    case 'signedOut.choosing':
      return [t('signIn.title'), `${context.account.methodCursor + 1}. ${method(offeredMethods(context)[context.account.methodCursor]!)}`];
    // A refusal comes first, above the fields (on a three-row display it may fill the screen).
    case 'signedOut.userId.editing':
      return [method('userId'), ...(error ?? [t('field.user'), t('field.password')])];
    case 'signedOut.pinAuth.editing':
      return [method('pin'), ...(error ?? [t('field.extension'), t('field.pin')])];
    case 'signedOut.userId.submitting':
    case 'signedOut.pinAuth.submitting':
      return [t('signIn.inProgress')];
    case 'signedOut.web.requesting':
      return [method('web'), t('web.requesting')];
    case 'signedOut.web.showing':
      return [webCode.url, webCode.code];
    case 'signedOut.web.expired':
      return [t('web.expired')];
    case 'signedOut.viaPc':
      return [method('pc'), t('viaPc.notPaired')];
    case 'signedOut.usb':
      return [method('usb'), t('usb.instructions')];
    case 'signedIn':
      return [t('idle.signedInAs', { user: user.displayName })];
    default:
      throw new Error(`no expectation for ${state('signIn')}, ${state('lock')}`);
  }
}

/** States of these regions this model can never show, and why. */
function unreachableStates(profile: DeviceProfile): string[] {
  const offered = new Set([...profile.signIn.online, ...profile.signIn.onprem]);
  return [
    // Left at once for signedIn, signedOut or a restored web code (test/phone/phone-state.test.ts).
    'phone.running.signIn.starting',
    // Only after an upgrade dropped a Device-Lock PIN (test/vendors/update-behaviour.test.ts): no update runs here.
    'phone.running.lock.unprotected',
    ...(profile.lock.afterMaxRetries === 'adminCode' ? [] : ['phone.running.lock.locked.adminCode']),
    // Only Polycom's lock screen has Forgot (lock.forgotSoftkey).
    ...(profile.lock.forgotSoftkey ? [] : ['phone.running.lock.locked.forgot.entering', 'phone.running.lock.locked.forgot.verifying']),
    // Methods the profile offers in no deployment.
    ...signInMethods.filter((method) => !offered.has(method)).map((method) => `phone.running.signIn.signedOut.${stateOfMethod[method]}`),
  ];
}

/** The regions walked here, as state ids and timer event types (`xstate.after.<delay>.<state id>`) name them. */
const walked = /phone\.running\.(signIn|lock)\./;

interface Case {
  readonly device: string;
  /** Which certified build runs: the newest unless the case is about an older one. */
  readonly build?: 'oldest';
  /** The hash of a Device-Lock PIN already set: the first sign-in finds the phone locked. */
  readonly deviceLockPin?: string;
}

const cases: Case[] = [
  { device: 'polycom-vvx-601' },
  // Before 5.5.1 a Polycom's lock is its own Device-Lock, with its PIN kept apart (hashed once here).
  { device: 'polycom-vvx-601', build: 'oldest', deviceLockPin: hashPin(rightPin) },
  { device: 'polycom-vvx-201' },
  { device: 'yealink-t48g' },
  { device: 'audiocodes-450hd' },
  { device: 'lpe-cx600' },
];

describe('every sign-in and Phone-Lock state of a model is reachable, replays on the real actor and shows what it is', () => {
  for (const { device, build, deviceLockPin } of cases) {
    const model = profile(device);
    const builds = buildsOf(model);
    const firmware = build === 'oldest' ? builds[0]! : builds.at(-1)!;
    it(`${device} ${firmware}`, () => {
      const machine = phoneMachine;
      const input: PhoneInput = { profile: model, firmware, identity: identityFor(model, 1), deviceLockPin };
      // Two wrong PINs reach the lockout (the policy default is 5, each a state more); no update check runs.
      const policy = { ...defaultPolicy, EnableDeviceUpdate: false, KeyboardLockMaxPinRetry: 2 };
      const walk: Walk = {
        input,
        prelude: [bootEvent(machine), { type: 'server.connected', settings: defaultServerSettings, policy }, { type: 'server.disconnected' }],
        events: alphabet(model),
        serialize,
      };
      expect(usesDeviceLock({ traits: firmwareTraits(model, firmware) })).toBe(deviceLockPin !== undefined);
      const paths = walkPaths(machine, walk);

      expectEveryStateReached(machine, paths, walked, unreachableStates(model));

      for (const path of pathsToReplay(machine, paths, serialize, walked)) {
        replayPath(machine, walk, path, (snapshot, trail) => {
          const screen = renderScreen(snapshot);
          expectShown(screen, expectedOnScreen(snapshot), trail);
          expect(screen.status.locked, trail).toBe(lockPhase(snapshot) === 'locked');
        });
      }
    });
  }
});
