import { randomInt } from 'node:crypto';
import { createActor, setup, type Actor, type AnyActorRef } from 'xstate';
import type { DeviceProfile, DeviceSettings } from '../core/device-profile.js';
import type { Locale } from '../core/messages/index.js';
import { phoneMachine, type PhoneMachine } from '../core/phone-machine.js';
import type { PhoneIdentity } from '../core/phone-types.js';
import type { VirtualClock } from '../core/virtual-clock.js';

export type PhoneActor = Actor<PhoneMachine>;

export interface PhoneOptions {
  readonly profile: DeviceProfile;
  readonly firmware: string;
  /** The actor's clock: a VirtualClock everywhere, driven in real time by the TUI. */
  readonly clock: VirtualClock;
  /** A system from createPhoneSystem on the same clock, shared with other phones. */
  readonly system?: AnyActorRef;
  readonly identity?: PhoneIdentity;
  readonly locale?: Locale;
  readonly settings?: DeviceSettings;
  /** A Device-Lock PIN already set (Polycom before 5.5.1), hashed with hashPin(). */
  readonly deviceLockPin?: string | undefined;
}

/**
 * An actor system several phones share, on one clock: each phone of a fleet then
 * carries no system of its own (about 2 KiB less each).
 */
export function createPhoneSystem(clock: VirtualClock): AnyActorRef {
  return createActor(setup({}).createMachine({ id: 'phones' }), { clock }).start();
}

/** Creates (does not start) the actor of one phone. */
export function createPhone(options: PhoneOptions): PhoneActor {
  return createActor(phoneMachine, {
    clock: options.clock,
    ...(options.system ? { parent: options.system } : {}),
    input: {
      profile: options.profile,
      firmware: options.firmware,
      identity: options.identity ?? identityFor(options.profile, 1),
      locale: options.locale,
      settings: options.settings,
      deviceLockPin: options.deviceLockPin,
    },
  });
}

/** A stable MAC and serial for the n-th phone of a model, under the vendor's prefix. */
export function identityFor(profile: DeviceProfile, index: number): PhoneIdentity {
  const suffix = (index & 0xffffff).toString(16).toUpperCase().padStart(6, '0');
  const mac = `${profile.macPrefix}:${suffix.slice(0, 2)}:${suffix.slice(2, 4)}:${suffix.slice(4, 6)}`;
  return { mac, serial: mac.replaceAll(':', '') };
}

/**
 * A MAC of its own for a phone run by hand, under the vendor's prefix, and a serial of its
 * digits: two `phone-emu phone` processes are two phones. Drawn from the upper half of the
 * prefix's range, clear of the ranges identityFor gives fleets (1, 2, 3...).
 */
export function randomIdentity(profile: DeviceProfile, random: (below: number) => number = (below) => randomInt(below)): PhoneIdentity {
  return identityFor(profile, 0x800000 + random(0x800000));
}
