import { createActor } from 'xstate';
import { signInMethods, type DeviceProfile } from './device-profile.js';
import { chartRegions, chartToMermaid } from './mermaid-chart.js';
import { offersPopUp, phoneMachine } from './phone-machine.js';

type DelayFunction = (args: { context: unknown; event: { type: string } }, params: undefined) => number;

/** The regions `chart --region` draws, in chart order. */
export function vendorChartRegions(_profile: DeviceProfile): string[] {
  return chartRegions(phoneMachine);
}

/**
 * The chart a model runs, as Mermaid: the shared chart (every vendor runs the same machine),
 * its delays resolved to this profile's values on `firmware`, without the transitions
 * this model can never take (no SwUpdate on a Yealink, no pop-up where it notifies, no
 * USB sign-in where the profile has none). The whole chart, or one region of it.
 */
export function vendorChart(profile: DeviceProfile, firmware: string, options: { readonly region?: string } = {}): string {
  const machine = phoneMachine;
  // A created, never started, actor: its context, with no side effect.
  const { context } = createActor(machine, {
    input: { profile, firmware, identity: { mac: profile.macPrefix, serial: 'chart' } },
  }).getSnapshot();
  const delays = Object.fromEntries(
    Object.entries(machine.implementations.delays).map(([name, delay]) => [
      name,
      typeof delay === 'function' ? (delay as DelayFunction)({ context, event: { type: 'xstate.init' } }, undefined) : delay,
    ]),
  );
  // Guards that only read the profile, its settings and its firmware are constant for this chart.
  const methods = new Set([...profile.signIn.online, ...profile.signIn.onprem]);
  const constantGuards = new Map<string, boolean>([
    ['hasOnDemandSoftkey', profile.update.onDemandSoftkey],
    ['offersPopUp', offersPopUp(context)],
    ['updatePopUp', offersPopUp(context)],
    ['hasBtoe', profile.btoe],
    ['signsOutAfterMaxRetries', profile.lock.afterMaxRetries === 'signOut'],
    ...signInMethods.filter((method) => !methods.has(method)).map((method): [string, boolean] => [`methodPicked(${method})`, false]),
    ...(profile.menuKeys.length > 0 ? [] : [['opensMenu', false] as [string, boolean]]),
    ...(profile.idleSoftkeys.length > 0 ? [] : [['opensFromIdle', false] as [string, boolean]]),
    ...(profile.quirks.deviceLockBefore === undefined ? [['upgradeDropsDeviceLock', false] as [string, boolean]] : []),
    ...(profile.lock.adminCode === undefined ? [['adminCodeCorrect', false] as [string, boolean]] : []),
  ]);
  const model = `${profile.manufacturer} ${profile.model} (${profile.id}, firmware ${firmware})`;
  return chartToMermaid(machine, {
    title: options.region === undefined ? model : `${model}, ${options.region} region`,
    delays,
    constantGuards,
    ...(options.region === undefined ? {} : { region: options.region }),
  });
}
