import type { DeviceProfile } from './device-profile.js';
import type { FirmwareBuild, FirmwareFamily } from './firmware-catalog.js';
import { compareVersions, sameVersionLine } from './version.js';

/** The certified builds of a family that run on a model, oldest first. */
export function certifiedBuildsFor(family: FirmwareFamily, profile: DeviceProfile): FirmwareBuild[] {
  return family.builds
    .filter((build) => build.certified && (build.models?.includes(profile.id) ?? true))
    .sort((a, b) => compareVersions(family.versionScheme, a.version, b.version));
}

export function newestCertified(family: FirmwareFamily, profile: DeviceProfile): FirmwareBuild | undefined {
  return certifiedBuildsFor(family, profile).at(-1);
}

/** The newest certified build newer than `running` on the same version line, if any. */
export function newerCertified(family: FirmwareFamily, profile: DeviceProfile, running: string): FirmwareBuild | undefined {
  const newest = newestCertified(family, profile);
  if (!newest || !sameVersionLine(family.versionScheme, newest.version, running)) return undefined;
  return compareVersions(family.versionScheme, newest.version, running) > 0 ? newest : undefined;
}

export function findBuild(family: FirmwareFamily, version: string): FirmwareBuild | undefined {
  return family.builds.find((build) => compareVersions(family.versionScheme, build.version, version) === 0);
}
