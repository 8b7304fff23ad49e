import { createActor } from 'xstate';
import type { DeviceProfile } from '../core/device-profile.js';
import { chartToMermaid } from '../core/mermaid-chart.js';
import { offersPopUp } from '../core/phone-machine.js';
import { machineFor } from './machine-for.js';

type DelayFunction = (args: { context: unknown; event: { type: string } }, params: undefined) => number;

/**
 * The chart a model runs, as Mermaid: the shared chart with its vendor's implementations,
 * its delays resolved to this profile's values on `firmware`, without the transitions
 * this model can never take (no SwUpdate on a Yealink, no pop-up where it notifies).
 */
export function vendorChart(profile: DeviceProfile, firmware: string): string {
  const machine = machineFor(profile);
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
  const falseGuards = new Set([
    ...(profile.update.onDemandSoftkey ? [] : ['hasOnDemandSoftkey']),
    ...(offersPopUp(context) ? [] : ['offersPopUp']),
    ...(profile.menuKeys.length > 0 ? [] : ['opensMenu']),
    ...(profile.idleSoftkeys.length > 0 ? [] : ['opensFromIdle']),
    ...(profile.quirks.deviceLockBefore === undefined ? ['upgradeDropsDeviceLock'] : []),
  ]);
  return chartToMermaid(machine, {
    title: `${profile.manufacturer} ${profile.model} (${profile.id}, firmware ${firmware})`,
    delays,
    falseGuards,
  });
}
