import type { DeviceProfile } from './device-profile.js';
import type { FirmwareBuild, FirmwareFamily } from './firmware-catalog.js';
import { compareVersions } from './version.js';

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
  return family.builds.find((build) => compareVersions(family.versionScheme, build.version, version) === 0);
}
