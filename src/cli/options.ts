import { certifiedBuildsFor, newestCertified, resolveBuild } from '../core/catalog.js';
import type { DeviceProfile, DeviceSettings } from '../core/device-profile.js';
import { locales, type Locale } from '../core/messages/index.js';
import { parsePolicyValue, policyDefinition } from '../core/policies.js';
import type { ProjectData } from '../profiles/load-data.js';
import { UsageError } from './fail.js';

export function parseLocale(value: string): Locale {
  if ((locales as readonly string[]).includes(value)) return value as Locale;
  throw new UsageError(`--locale: "${value}" is not a supported locale (use ${locales.join(' or ')})`);
}

export function positiveInteger(option: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${option}: "${value}" is not a positive whole number`);
  return number;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: "${value}" is not a port number (0-65535)`);
  return port;
}

/** A whole number of milliseconds above zero, for an option named `option`. */
export function parsePositiveMs(option: string): (value: string) => number {
  return (value) => {
    const ms = Number(value);
    if (!Number.isSafeInteger(ms) || ms <= 0) throw new UsageError(`${option}: "${value}" is not a number of milliseconds above 0`);
    return ms;
  };
}

/** `name=value` device parameters; numbers stay numbers. */
export function parseSetting(value: string, previous: DeviceSettings = {}): DeviceSettings {
  const at = value.indexOf('=');
  if (at <= 0) throw new UsageError(`--setting: "${value}" is not NAME=VALUE`);
  const raw = value.slice(at + 1);
  return { ...previous, [value.slice(0, at)]: /^-?\d+$/.test(raw) ? Number(raw) : raw };
}

/** The profile named `id`; `what` names where the id came from in the error. */
export function findProfile(data: ProjectData, id: string, what = '--device'): DeviceProfile {
  const profile = data.profiles.get(id);
  if (!profile) {
    const known = [...data.profiles.keys()].sort().join(', ');
    throw new UsageError(`${what}: "${id}" is not a device id; known ids: ${known} (see phone-emu devices)`);
  }
  return profile;
}

/**
 * The build a phone starts on. Interactive phones default to the build before the newest
 * certified one, so the update offer can be shown; `latest` picks the newest.
 */
export function startingFirmware(data: ProjectData, profile: DeviceProfile, requested: string | undefined): string {
  const family = data.families.get(profile.firmwareFamily)!;
  const builds = certifiedBuildsFor(family, profile);
  if (requested === undefined) return (builds.at(-2) ?? builds.at(-1))!.version;
  if (requested === 'latest') return newestCertified(family, profile)!.version;
  const build = resolveBuild(family, requested);
  if (typeof build === 'string') throw new UsageError(`--firmware: ${build}`);
  return build.version;
}

/** Checks `--policy NAME=VALUE` options before anything starts: a known policy, a value in its range. */
export function checkPolicies(policies: Readonly<Record<string, string | number | boolean>>): void {
  for (const [name, value] of Object.entries(policies)) {
    const definition = policyDefinition(name);
    if (!definition) throw new UsageError(`--policy: "${name}" is not a policy; phone-emu policy get lists them`);
    const parsed = parsePolicyValue(definition, value);
    if (!parsed.ok) throw new UsageError(`--policy: ${parsed.message}`);
  }
}
