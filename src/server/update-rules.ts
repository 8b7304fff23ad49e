import { findBuild, runsOn } from '../core/catalog.js';
import type { FirmwareBuild, FirmwareFamily } from '../core/firmware-catalog.js';
import { compareVersions, sameVersion, sameVersionLine } from '../core/version.js';
import type { ServerStore } from './store.js';

export interface AskingPhone {
  readonly model: string;
  readonly mac: string;
  readonly serial: string;
  readonly firmware: string;
  /** What it reported last: after an install, the build it replaced (kept for rollback). */
  readonly lastResult?: { readonly version: string; readonly outcome: 'installed' | 'failed'; readonly previous?: string | undefined } | null;
}

/** The build a phone keeps for rollback, as its last install reported it: what uninstalling an update goes back to. */
function rollbackBuild(phone: AskingPhone, scheme: FirmwareFamily['versionScheme']): string | null {
  const result = phone.lastResult;
  if (result?.outcome !== 'installed' || result.previous === undefined || !sameVersion(scheme, result.version, phone.firmware)) return null;
  return result.previous;
}

export type OfferDecision =
  | { readonly family: FirmwareFamily; readonly build: FirmwareBuild }
  | { readonly none: string };

/**
 * What the update service answers a phone that asks for updates.
 * Online: the newest published certified build for its model, when newer than what it runs.
 * On-premises: the family's rule, as the Device Update Web service applies it: the pending
 * build for a test device, else the approved one, whenever it differs, even when older.
 */
export function decideOffer(store: ServerStore, phone: AskingPhone): OfferDecision {
  if (!store.policy().EnableDeviceUpdate) return { none: 'device update is turned off (EnableDeviceUpdate is False)' };
  const profile = store.profile(phone.model);
  const family = profile && store.data.families.get(profile.firmwareFamily);
  if (!profile || !family) return { none: `no firmware is known for ${phone.model}` };
  const fits = (version: string | null) => {
    const build = version === null ? undefined : findBuild(family, version);
    return build && runsOn(build, profile) && sameVersionLine(family.versionScheme, build.version, phone.firmware) ? build : undefined;
  };

  if (store.deployment === 'online') {
    const newest = store.published(family.family).map(fits).filter((build) => build !== undefined).at(-1);
    if (!newest || compareVersions(family.versionScheme, newest.version, phone.firmware) <= 0) {
      return { none: `${phone.firmware} is the newest published build for ${profile.model}` };
    }
    return { family, build: newest };
  }

  const rule = store.rule(family.family);
  const testDevice = store.isTestDevice(phone);
  // Restore with no earlier approved build: the withdrawn update is uninstalled, back to the phone's rollback build.
  const withdrawn = rule.approved === null && rule.withdrawn && sameVersion(family.versionScheme, rule.withdrawn, phone.firmware);
  const uninstallTo = withdrawn && !(testDevice && rule.pending !== null) ? fits(rollbackBuild(phone, family.versionScheme)) : undefined;
  if (uninstallTo) return { family, build: uninstallTo };
  const target = fits(testDevice && rule.pending !== null ? rule.pending : rule.approved);
  if (!target) return { none: `no approved build of ${family.family} runs on ${profile.model}` };
  if (sameVersion(family.versionScheme, target.version, phone.firmware)) {
    return { none: `${phone.firmware} is the ${testDevice && rule.pending !== null ? 'pending' : 'approved'} build for ${profile.model}` };
  }
  return { family, build: target };
}
