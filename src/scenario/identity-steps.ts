import type { KeyName, SignInMethod } from '../core/device-profile.js';
import { credentialEntry } from '../core/identity/credential-entry.js';
import { translate, type MessageKey } from '../core/messages/index.js';
import type { PhoneSnapshot } from '../core/screen.js';
import { currentCall, dialer, isConfirmingPin, isLocked, isPaired, lockScreen, noticeKey, pairingCode, policy, signedInUser, signInError, signInMethodLabel, webCode } from '../core/selectors.js';
import { completeWebSignIn } from '../pc/browser-sign-in.js';
import { press, select } from './drive-phone.js';
import type { ScenarioUser, StepValue } from './scenario-schema.js';
import type { ScenarioWorld } from './scenario-world.js';
import { StepFailure } from './step-errors.js';

/**
 * The identity steps, done as a person does them: keys and text on the phone, the pages
 * of web sign-in in a browser, the paired PC's client. Each ends once the phone shows the
 * outcome (signed in or refused, paired or not, the call placed or refused).
 */

const t = (world: ScenarioWorld, key: MessageKey, params?: Record<string, string | number>) =>
  translate(world.scenario.locale, key, params);

function keys(world: ScenarioWorld, text: string): void {
  for (const key of text) world.actor.send({ type: 'key.press', key: key as KeyName });
}

const key = (world: ScenarioWorld, name: KeyName) => world.actor.send({ type: 'key.press', key: name });

/** The scenario's user with that UPN, or its first user. */
function userOf(world: ScenarioWorld, upn: string | undefined): ScenarioUser {
  const user = upn === undefined ? world.scenario.users[0] : world.scenario.users.find((candidate) => candidate.upn === upn);
  if (!user) throw new StepFailure(`no user ${upn ?? ''} in this scenario's users`);
  return user;
}

const signInSettled = (snapshot: PhoneSnapshot) =>
  signedInUser(snapshot) !== null || signInError(snapshot) !== null || lockScreen(snapshot) === 'creating';

/** `type: TEXT`: characters into the focused field. */
export async function typeText(text: string, world: ScenarioWorld): Promise<void> {
  world.actor.send({ type: 'text.input', text });
  await world.settle();
}

/** Sign In, then the method's row on this vendor's list. */
async function openMethod(world: ScenarioWorld, method: SignInMethod): Promise<void> {
  await press(t(world, 'softkey.signIn'), world);
  await select(signInMethodLabel(world.snapshot(), method, (messageKey, params) => t(world, messageKey, params)), world);
  await world.settle();
}

/** `signIn: { method, user, phoneLockPin }`: the whole flow, then the lock PIN when given. */
export async function signIn(value: StepValue<'signIn'>, world: ScenarioWorld): Promise<void> {
  const { method } = value;
  if (method === 'web' && value.user === undefined) return openMethod(world, 'web');
  const user = userOf(world, value.user);
  if (method === 'userId' || method === 'pin') {
    await openMethod(world, method);
    for (const event of credentialEntry(method, user)) world.actor.send(event);
  } else if (method === 'web') {
    await openMethod(world, 'web');
    await browser({ user: user.upn, account: 'pick' }, world);
  } else {
    const pc = await world.pc({ link: method === 'usb' ? 'usb' : 'ethernet' });
    // Pairing first, typing the phone's code if its mode asks for one.
    if (method === 'pc' && pc.state.pairing !== 'paired') await pair({ pair: 'manual', os: undefined }, world);
    await pc.signIn(user.upn, user.password);
  }
  await world.settle();
  await world.until(signInSettled);
  if (value.phoneLockPin !== undefined) await setPin(value.phoneLockPin, world);
}

/** `setPin: PIN`: on the PIN creation screen, the PIN, then its confirmation. */
export async function setPin(pin: string, world: ScenarioWorld): Promise<void> {
  if (lockScreen(world.snapshot()) !== 'creating') throw new StepFailure('no Phone-Lock PIN to create on the screen', 'the PIN creation screen');
  keys(world, pin);
  key(world, 'Select');
  // A refused PIN clears the field and says why: then there is nothing to confirm.
  if (isConfirmingPin(world.snapshot())) {
    keys(world, pin);
    key(world, 'Select');
  }
  await world.settle();
}

/** `unlock: PIN`: the PIN into the lock screen, then Select. */
export async function unlock(pin: string, world: ScenarioWorld): Promise<void> {
  if (!isLocked(world.snapshot())) throw new StepFailure('the phone is not locked', 'the lock screen');
  keys(world, pin);
  key(world, 'Select');
  await world.settle();
}

/** `dial: NUMBER`: off-hook (which a locked phone allows too), the digits, then Dial. */
export async function dial(number: string, world: ScenarioWorld): Promise<void> {
  if (dialer(world.snapshot()) === null) key(world, 'Hook');
  if (dialer(world.snapshot()) === null) {
    throw new StepFailure('the phone opens no dialer: is a user signed in?', 'the dialer', 'no dialer');
  }
  keys(world, number);
  await press(t(world, 'softkey.dial'), world);
  await world.settle();
}

/**
 * `browser: { user, account, code }`: the web sign-in pages, with the code the phone shows
 * (an expired one too) or the one given. Pages that refuse end the step as well: the
 * outcome and the page's reason are for `expect: { browser, browserReason }`.
 */
export async function browser(value: StepValue<'browser'>, world: ScenarioWorld): Promise<void> {
  const code = webCode(world.snapshot());
  if (!code) throw new StepFailure('no web sign-in code on the phone', 'a code on the screen');
  const user = userOf(world, value.user);
  const typed = codeToType(value.code, code.code);
  const result = await completeWebSignIn({ url: code.url, user: user.upn, code: typed, password: user.password, account: value.account });
  world.browser = { outcome: result.done ? 'done' : 'refused', reason: result.reason };
  if (result.done) await world.until(signInSettled);
}

/** `shown` (or nothing): the code on the phone; `wrong`: one the service never issues (it has a 0); else as written. */
function codeToType(choice: string | undefined, shown: string): string {
  if (choice === undefined || choice === 'shown') return shown;
  return choice === 'wrong' ? '0'.repeat(shown.length) : choice;
}

type PairAction = { readonly pair: 'auto' | 'manual'; readonly os: 'windows' | 'mac' | 'vdi' | undefined; readonly code?: string | undefined };

/** Pairs the PC; in Manual mode types the code the phone shows, or `code` as written (a wrong one is refused on screen). */
async function pair(value: PairAction, world: ScenarioWorld): Promise<void> {
  const pc = await world.pc({ os: value.os ?? 'windows' });
  const answer = await pc.pair();
  if (answer === 'codeRequired') {
    if (value.pair === 'auto') throw new StepFailure('the phone asks for a pairing code (Manual mode): write pair: manual', 'Auto pairing', 'a pairing code');
    await world.until((snapshot) => pairingCode(snapshot) !== null);
    const shown = pairingCode(world.snapshot())!;
    await pc.enterCode(value.code === undefined || value.code === 'shown' ? shown : value.code);
  } else if (answer === 'paired' && value.code !== undefined && value.code !== 'shown') {
    throw new StepFailure(`the phone paired without asking for a code (Auto mode), so "${value.code}" was never typed`, 'a pairing code to type', 'paired at once');
  }
  await world.settle();
}

const unplugged = new WeakMap<ScenarioWorld, { readonly wasPaired: boolean }>();

/**
 * `pc: unplug`: the PC's cable leaves the phone's PC port, so the BToE link breaks (the phone
 * hears the pairing end). `pc: plug`: the cable is back and a PC that was paired pairs again,
 * typing the phone's code in Manual mode, as its BToE app does when the link comes up.
 */
async function cable(action: 'unplug' | 'plug', world: ScenarioWorld): Promise<void> {
  if (action === 'unplug') {
    const was = world.unplugPc();
    if (!was) throw new StepFailure('no PC is plugged into the phone', 'a PC (a pc: step before)', 'no PC');
    unplugged.set(world, was);
    if (was.wasPaired) await world.until((snapshot) => !isPaired(snapshot));
  } else {
    const was = unplugged.get(world);
    if (!was) throw new StepFailure('no PC was unplugged', 'pc: unplug before pc: plug', 'nothing unplugged');
    unplugged.delete(world);
    await world.pc({});
    if (was.wasPaired) await pair({ pair: policy(world.snapshot()).BetterTogetherOverEthernetPairingMode === 'Manual' ? 'manual' : 'auto', os: undefined }, world);
  }
  await world.settle();
}

/** `pc: ACTION`: the emulated PC cabled to the phone, as its user works it. */
export async function pcAction(value: StepValue<'pc'>, world: ScenarioWorld): Promise<void> {
  if (typeof value === 'object' && value.pair !== undefined) return pair({ pair: value.pair, os: value.os, code: value.code }, world);
  if (value === 'unplug' || value === 'plug') return cable(value, world);
  const pc = await world.pc({});
  if (value === 'lock' || value === 'unlock') {
    pc.setLocked(value === 'lock');
    if (isPaired(world.snapshot())) await world.until((snapshot) => isLocked(snapshot) === (value === 'lock'));
  } else if (value.call !== undefined) {
    pc.call(value.call);
    // Placed, or refused with the reason on screen.
    await world.until((snapshot) => currentCall(snapshot) !== null || (noticeKey(snapshot)?.startsWith('call.refused') ?? false));
  } else if (value.signIn !== undefined) {
    const user = userOf(world, value.signIn);
    await pc.signIn(user.upn, user.password);
    await world.until(signInSettled);
  }
  await world.settle();
}
