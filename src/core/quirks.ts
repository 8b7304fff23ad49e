import type { DeviceProfile } from './device-profile.js';
import { compareVersions, parseVersion } from './version.js';

/**
 * Firmware-dependent behaviour, resolved from a profile's `quirks` and the version the
 * phone runs. The chart asks these questions; it never compares versions itself.
 * A profile's versions read with its vendor's scheme (the scheme names are the vendors').
 */
export interface FirmwareTraits {
  /** The lock is the vendor's own Device-Lock (Polycom before 5.5.1), not Skype for Business Phone-Lock. */
  readonly deviceLock: boolean;
  /** The default of lync.deviceUpdate.popUpSK.enabled on this build. */
  readonly popUpDefault: 0 | 1;
}

type TraitsProfile = Pick<DeviceProfile, 'vendor' | 'quirks'>;

/** One frozen answer per profile and build: every phone of a fleet on that build holds the same object. */
const resolved = new WeakMap<TraitsProfile, Map<string, FirmwareTraits>>();

/**
 * The traits of `firmware` on this profile, resolved once per profile and build. The phone
 * keeps them in its context (`traits`) from power-on and each install, so guards and the
 * screen read them instead of comparing versions at every event and render.
 */
export function firmwareTraits(profile: TraitsProfile, firmware: string): FirmwareTraits {
  let builds = resolved.get(profile);
  if (!builds) resolved.set(profile, (builds = new Map()));
  let traits = builds.get(firmware);
  if (!traits) builds.set(firmware, (traits = Object.freeze(resolveTraits(profile, firmware))));
  return traits;
}

function resolveTraits(profile: TraitsProfile, firmware: string): FirmwareTraits {
  const { deviceLockBefore, popUpDefaultFrom } = profile.quirks;
  return {
    deviceLock: deviceLockBefore !== undefined && isBefore(profile, firmware, deviceLockBefore),
    popUpDefault: popUpDefaultFrom !== undefined && isBefore(profile, firmware, popUpDefaultFrom) ? 0 : 1,
  };
}

/** A firmware string the scheme cannot read counts as new: quirks describe old builds. */
function isBefore(profile: Pick<DeviceProfile, 'vendor'>, firmware: string, boundary: string): boolean {
  if (typeof parseVersion(profile.vendor, firmware) === 'string') return false;
  return compareVersions(profile.vendor, firmware, boundary) < 0;
}
