import type { Vendor } from '../core/device-profile.js';
import type { DeviceProfile } from '../core/device-profile.js';
import { phoneMachine, type PhoneMachine } from '../core/phone-machine.js';

type Implementations = Parameters<PhoneMachine['provide']>[0];

/**
 * Where a vendor's behaviour differs beyond what profile data can say, its actions,
 * guards and delays replace the shared ones here. The shared chart is never forked.
 */
const vendorImplementations: Record<Vendor, Implementations> = {
  // Everything the four vendors do differently is data so far: Polycom's pop-up, SwUpdate
  // and Device-Lock (profile `update` and `quirks`), Yealink's Status softkey (`idleSoftkeys`),
  // the menu trees and firmware paths, the notify-then-install-when-idle of the others.
  polycom: {},
  yealink: {},
  audiocodes: {},
  lpe: {},
};

const machines = new Map<Vendor, PhoneMachine>();

/** The vendor's machine, built once: a fleet of thousands of phones shares one definition per vendor. */
export function machineFor(profile: DeviceProfile): PhoneMachine {
  let machine = machines.get(profile.vendor);
  if (!machine) {
    machine = phoneMachine.provide(vendorImplementations[profile.vendor]);
    machines.set(profile.vendor, machine);
  }
  return machine;
}
