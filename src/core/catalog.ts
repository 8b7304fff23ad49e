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

export function findBuild(family: FirmwareFamily, version: string): FirmwareBuild | undefined {
  // Most callers hold the catalog's own spelling: no need to read versions for those.
  return (
    family.builds.find((build) => build.version === version) ??
    family.builds.find((build) => compareVersions(family.versionScheme, build.version, version) === 0) ??
    family.builds.find((build) => build.aliases.some((alias) => compareVersions(family.versionScheme, alias, version) === 0))
  );
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
