import { screenText } from '../core/screen.js';
import { callState, deviceProfile, firmware, isPaired, lockScreen, signedInUser, signInMethods } from '../core/selectors.js';
import { sameVersion } from '../core/version.js';
import { expectKeys, type ExpectKey, type ExpectValue } from './scenario-schema.js';
import type { PcState } from '../pc/pc-client.js';
import type { ScenarioWorld } from './scenario-world.js';
import { StepFailure } from './step-errors.js';
import { describeTextMatch, matchesText } from './text-match.js';

/** The outcome of one expectation: whether it holds, and both sides in words. */
export interface Check {
  readonly pass: boolean;
  readonly expected: string;
  readonly actual: string;
}

type Checker<K extends ExpectKey> = (expected: NonNullable<ExpectValue[K]>, world: ScenarioWorld) => Check;

const onScreen = 'the screen below';

/** Generous: only an expectation that fails waits this long. */
const pcFrameWaitMs = 5_000;

/** Windows locked by its user, or by the paired phone through lock sync. */
const pcLockedOf = (pc: PcState) => pc.locked || (pc.pairing === 'paired' && pc.phoneLocked);

function browserActual(world: ScenarioWorld): string {
  const last = world.browser;
  if (!last) return 'no browser: step has run';
  return last.outcome === 'done' ? 'the browser pages done' : `the browser pages refused: ${last.reason}`;
}

/** One checker per key of `expect:`, each reading the phone as it is now. */
export const checkers: { readonly [K in ExpectKey]: Checker<K> } = {
  screen: (match, world) => ({
    pass: matchesText(match, screenText(world.screen())),
    expected: `the screen shows ${describeTextMatch(match)}`,
    actual: onScreen,
  }),
  notScreen: (match, world) => ({
    pass: !matchesText(match, screenText(world.screen())),
    expected: `the screen does not show ${describeTextMatch(match)}`,
    actual: onScreen,
  }),
  firmware: (version, world) => {
    const snapshot = world.snapshot();
    const running = firmware(snapshot);
    const scheme = world.scenario.versionScheme;
    return { pass: sameVersion(scheme, running, version), expected: `firmware ${version}`, actual: `firmware ${running} (${deviceProfile(snapshot).model})` };
  },
  warning: (match, world) => {
    const warnings = world.warnings();
    return {
      pass: warnings.some((warning) => matchesText(match, warning)),
      expected: `a warning matching ${describeTextMatch(match)}`,
      actual: warnings.length === 0 ? 'no warning was raised' : `warnings: ${warnings.join(' | ')}`,
    };
  },
  locked: (locked, world) => {
    const phase = lockScreen(world.snapshot());
    return { pass: (phase === 'locked') === locked, expected: locked ? 'the phone locked' : 'the phone not locked', actual: `Phone-Lock: ${phase}` };
  },
  signedIn: (upn, world) => {
    const user = signedInUser(world.snapshot());
    const pass = upn === false ? user === null : user?.upn.toLowerCase() === upn.toLowerCase();
    return { pass, expected: upn === false ? 'nobody signed in' : `${upn} signed in`, actual: user ? `${user.upn} signed in (${user.method})` : 'nobody signed in' };
  },
  exchange: (reachable, world) => {
    const user = signedInUser(world.snapshot());
    const actual = user ? `calendar and voicemail ${user.exchange ? 'reachable' : 'not reachable'}` : 'nobody signed in';
    return { pass: (user?.exchange ?? false) === reachable, expected: `calendar and voicemail ${reachable ? 'reachable' : 'not reachable'}`, actual };
  },
  call: (state, world) => {
    const actual = callState(world.snapshot());
    return { pass: actual === state, expected: `call ${state}`, actual: `call ${actual}` };
  },
  paired: (paired, world) => {
    const actual = isPaired(world.snapshot());
    return { pass: actual === paired, expected: paired ? 'paired with the PC' : 'not paired', actual: actual ? 'paired with the PC' : 'not paired' };
  },
  notWarning: (match, world) => {
    const warnings = world.warnings().filter((warning) => matchesText(match, warning));
    return {
      pass: warnings.length === 0,
      expected: `no warning matching ${describeTextMatch(match)}`,
      actual: warnings.length === 0 ? 'none matches' : `warnings: ${warnings.join(' | ')}`,
    };
  },
  browser: (outcome, world) => ({
    pass: world.browser?.outcome === outcome,
    expected: outcome === 'done' ? 'the browser pages done' : 'the browser pages refused',
    actual: browserActual(world),
  }),
  browserReason: (match, world) => ({
    pass: world.browser !== undefined && world.browser.reason !== '' && matchesText(match, world.browser.reason),
    expected: `the browser pages refused with ${describeTextMatch(match)}`,
    actual: browserActual(world),
  }),
  pcLocked: (locked, world) => {
    const pc = world.pcState();
    if (!pc) return { pass: false, expected: locked ? 'the PC locked' : 'the PC not locked', actual: 'no PC is plugged into the phone' };
    const actual = pcLockedOf(pc);
    return { pass: actual === locked, expected: locked ? 'the PC locked' : 'the PC not locked', actual: actual ? 'the PC locked' : 'the PC not locked' };
  },
  signInMethods: (methods, world) => {
    const offered = signInMethods(world.snapshot());
    const pass = offered.length === methods.length && methods.every((method) => offered.includes(method));
    return { pass, expected: `sign-in methods ${methods.join(', ')}`, actual: `sign-in methods ${offered.join(', ') || 'none'}` };
  },
};

/** `expect: {...}`: every listed check must hold; a failure lists each one that did not. */
export async function checkExpectations(expectation: ExpectValue, world: ScenarioWorld): Promise<void> {
  // The PC hears the phone's lock over its own socket: give its frame a moment to arrive.
  const { pcLocked } = expectation;
  if (pcLocked !== undefined) await world.untilPc((pc) => pcLockedOf(pc) === pcLocked, pcFrameWaitMs);
  const failed: Check[] = [];
  for (const key of expectKeys) {
    const expected = expectation[key];
    if (expected === undefined) continue;
    const check = (checkers[key] as Checker<typeof key>)(expected as never, world);
    if (!check.pass) failed.push(check);
  }
  if (failed.length > 0) {
    throw new StepFailure(
      failed.length === 1 ? 'the expectation does not hold' : `${failed.length} expectations do not hold`,
      failed.map((check) => check.expected).join('\n'),
      failed.map((check) => check.actual).join('\n'),
    );
  }

}
