import { newerCertified } from '../core/catalog.js';
import type { FirmwareOffer } from '../core/phone-types.js';
import type { ProjectData } from '../profiles/load-data.js';

/** The in-band policy values the update decision reads (Set-CsIPPhonePolicy names). */
export interface UpdatePolicy {
  readonly EnableDeviceUpdate: boolean;
}

export const defaultUpdatePolicy: UpdatePolicy = { EnableDeviceUpdate: true };

export type OfferDecision = { readonly offer: FirmwareOffer } | { readonly none: string };

/**
 * What the Online service answers a phone that asks for updates: the newest certified
 * build for its model when it is newer than what the phone runs.
 */
export function decideOffer(
  data: ProjectData,
  policy: UpdatePolicy,
  device: { readonly model: string; readonly firmware: string },
  firmwareUrl: (family: string, version: string) => string,
): OfferDecision {
  if (!policy.EnableDeviceUpdate) return { none: 'device update is turned off (EnableDeviceUpdate is false)' };
  const profile = data.profiles.get(device.model);
  const family = profile && data.families.get(profile.firmwareFamily);
  if (!profile || !family) return { none: `no firmware is known for ${device.model}` };
  const build = newerCertified(family, profile, device.firmware);
  if (!build) return { none: `${device.firmware} is the newest certified build for ${profile.model}` };
  return {
    offer: {
      version: build.version,
      url: firmwareUrl(family.family, build.version),
      sha256: build.sha256,
      sizeBytes: build.sizeBytes,
    },
  };
}
