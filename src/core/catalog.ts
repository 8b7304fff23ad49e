import type { DeviceProfile } from './device-profile.js';
import type { FirmwareBuild, FirmwareFamily } from './firmware-catalog.js';
import { compareVersions, parseVersion, sameVersionLine } from './version.js';

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

/**
 * The catalog's build for a version as a user writes it (a vendor prefix such as UC_ is
 * optional), or a message saying why there is none.
 */
export function resolveBuild(family: FirmwareFamily, version: string): FirmwareBuild | string {
  const parsed = parseVersion(family.versionScheme, version);
  if (typeof parsed === 'string') return parsed;
  return (
    findBuild(family, version) ??
    `${version} is not in firmware-catalog/${family.family}.yaml (known: ${family.builds.map((build) => build.version).join(', ')})`
  );
}
