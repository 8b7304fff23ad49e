import type { DeviceProfile } from './device-profile.js';
import type { FirmwareBuild, FirmwareFamily } from './firmware-catalog.js';
import { compareVersions, parseVersion } from './version.js';

/**
 * The certified builds of a family that run on a model, oldest first. By default only
 * those the update service publishes from the start (`published` in the catalog);
 * `all` adds the ones held back for `phone-emu firmware publish`.
 */
export function certifiedBuildsFor(family: FirmwareFamily, profile: DeviceProfile, which: 'published' | 'all' = 'published'): FirmwareBuild[] {
  return family.builds
    .filter((build) => build.certified && (which === 'all' || build.published) && runsOn(build, profile))
    .sort((a, b) => compareVersions(family.versionScheme, a.version, b.version));
}

export function newestCertified(family: FirmwareFamily, profile: DeviceProfile): FirmwareBuild | undefined {
  return certifiedBuildsFor(family, profile).at(-1);
}

export function runsOn(build: FirmwareBuild, profile: DeviceProfile): boolean {
  return build.models?.includes(profile.id) ?? true;
}

/** Why `version` names no build of `family` (not a version of its scheme, or not in its catalog file), if it names none. */
export function buildProblem(family: FirmwareFamily, version: string): string | undefined {
  const parsed = parseVersion(family.versionScheme, version);
  if (typeof parsed === 'string') return parsed;
  if (findBuild(family, version)) return undefined;
  return `${version} is not in firmware-catalog/${family.family}.yaml (known: ${family.builds.map((build) => build.version).join(', ')})`;
}

export function findBuild(family: FirmwareFamily, version: string): FirmwareBuild | undefined {
  return family.builds.find((build) => compareVersions(family.versionScheme, build.version, version) === 0);
}
