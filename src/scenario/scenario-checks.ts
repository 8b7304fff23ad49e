import { keyNames, type DeviceProfile } from '../core/device-profile.js';
import { popUpSetting } from '../core/phone-machine.js';
import { enUS } from '../core/messages/en-US.js';
import { locales, translate, type Locale, type MessageKey } from '../core/messages/index.js';
import { parseVersion, type VersionSchemeName } from '../core/version.js';
import { didYouMean } from './closest.js';
import { policyDefinition } from '../core/policies.js';
import { normalizeMac } from '../server/store.js';
import type { PolicyValues, ScenarioUser, ServerAction, Step } from './scenario-schema.js';

/** Reports a problem at a path of the file: `['steps', 3, 'press']`. */
export type Report = (path: readonly PropertyKey[], problem: string) => void;

/** What a step is checked against: the scenario's locale, its device's versions, its users. */
export interface StepContext {
  readonly locale: Locale;
  readonly sfb: 'online' | 'onprem';
  readonly users: readonly ScenarioUser[];
  readonly versionScheme: VersionSchemeName;
  readonly report: Report;
}

/** What the schema cannot know: labels of this locale, versions of this vendor, users of this tenant. */
export function checkStep(step: Step, index: number, context: StepContext): void {
  const at = ['steps', index, step.kind];
  const { report } = context;
  const checkVersion = (path: readonly PropertyKey[], version: string) => {
    const parsed = parseVersion(context.versionScheme, version);
    if (typeof parsed === 'string') report(path, parsed);
  };
  const checkUser = (path: readonly PropertyKey[], upn: string) => {
    if (context.users.some((user) => user.upn === upn)) return;
    const known = context.users.map((user) => user.upn);
    report(path, known.length === 0 ? `"${upn}" is not a user: this scenario lists no users` : `"${upn}" is not one of this scenario's users (${known.join(', ')})`);
  };
  switch (step.kind) {
    case 'press': {
      const labels = allSoftkeyLabels(context.locale);
      if ((keyNames as readonly string[]).includes(step.value) || labels.includes(step.value)) return;
      report(at, `"${step.value}" is not a key or a softkey label${labelHint(step.value, context.locale)}; keys: ${keyNames.join(' ')}; softkeys in ${context.locale}: ${labels.join(', ')}`);
      return;
    }
    case 'signIn':
      if (step.value.user !== undefined) checkUser([...at, 'user'], step.value.user);
      else if (step.value.method !== 'web' && context.users.length === 0) {
        report(at, 'needs a user: name one with user:, or list users: (the first is the default)');
      }
      return;
    case 'browser':
      if (step.value.user !== undefined) checkUser([...at, 'user'], step.value.user);
      else if (context.users.length === 0) report(at, 'needs a user: name one with user:, or list users: (the first is the default)');
      return;
    case 'pc':
      if (typeof step.value === 'object' && step.value.signIn !== undefined) checkUser([...at, 'signIn'], step.value.signIn);
      return;
    case 'expect':
      if (step.value.firmware !== undefined) checkVersion([...at, 'firmware'], step.value.firmware);
      if (typeof step.value.signedIn === 'string') checkUser([...at, 'signedIn'], step.value.signedIn);
      return;
    case 'server':
      if (step.value.policy) checkPolicyApplies([...at, 'policy'], step.value.policy, context.sfb, report);
      for (const rule of ['approve', 'restore', 'reset'] as const) {
        // Device update rules exist on-premises only; Online, publishing is all there is.
        if (step.value[rule] !== undefined && context.sfb === 'online') report([...at, rule], 'an on-premises update rule: set deployment: { sfb: onprem }');
      }
      for (const action of ['publish', 'approve', 'provisioning', 'reset'] as const) {
        const version = step.value[action];
        if (version !== undefined && version !== 'off') checkVersion([...at, action], version);
      }
      checkTestDevice([...at, 'testDevice'], step.value.testDevice, report);
      return;
    default:
      return;
  }
}

/** A MAC is checked as New-CsTestDevice checks it, before anything runs; a serial is the server's to judge. */
function checkTestDevice(path: readonly PropertyKey[], testDevice: ServerAction['testDevice'], report: Report): void {
  if (typeof testDevice !== 'object' || !('mac' in testDevice) || normalizeMac(testDevice.mac) !== undefined) return;
  report([...path, 'mac'], `"${testDevice.mac}" is not a MAC address: six or more hex pairs such as 00:04:F2:00:00:01, 00-04-F2-00-00-01 or 0004F2000001`);
}

/** Online refuses the on-premises-only policies (CalendarPollInterval...): say so before anything runs. */
export function checkPolicyApplies(path: readonly PropertyKey[], policy: PolicyValues, sfb: 'online' | 'onprem', report: Report): void {
  if (sfb !== 'online') return;
  for (const name of Object.keys(policy)) {
    if (policyDefinition(name)?.online === false) report([...path, name], 'does not apply to Skype for Business Online: set deployment: { sfb: onprem }');
  }
}

/** "did you mean", or the same softkey's label in this locale when the label is another locale's. */
function labelHint(label: string, locale: Locale): string {
  const labels = allSoftkeyLabels(locale);
  for (const other of locales) {
    const index = allSoftkeyLabels(other).indexOf(label);
    if (other !== locale && index >= 0) return ` (that is its ${other} label: in ${locale} it is "${labels[index]}")`;
  }
  return didYouMean(label, [...labels, ...keyNames]);
}

/** Softkey labels are the messages `softkey.<id>`: every one the phone can show in a locale. */
const softkeyKeys = Object.keys(enUS).filter((key): key is MessageKey => key.startsWith('softkey.'));

export function allSoftkeyLabels(locale: Locale): string[] {
  return softkeyKeys.map((key) => translate(locale, key));
}

/**
 * The device parameters a scenario may set on a model: those its profile lists, and those
 * the shared chart reads where they apply (Polycom's pop-up switch on pop-up phones).
 */
export function deviceParameters(profile: DeviceProfile): string[] {
  return [...Object.keys(profile.settings), ...(profile.update.prompt === 'popup' ? [popUpSetting] : [])];
}
