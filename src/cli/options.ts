import { certifiedBuildsFor, newestCertified, resolveBuild } from '../core/catalog.js';
import type { DeviceProfile, DeviceSettings } from '../core/device-profile.js';
import { locales, type Locale } from '../core/messages/index.js';
import { parsePolicyValue, policyDefinition } from '../core/policies.js';
import type { ProjectData } from '../profiles/load-data.js';
import { durationHint, parseDuration } from '../scenario/duration.js';
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

export function nonNegativeInteger(option: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 0) throw new UsageError(`${option}: "${value}" is not a whole number (0 or more)`);
  return number;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: "${value}" is not a port number (0-65535)`);
  return port;
}

/**
 * A duration above zero for an option named `option`: milliseconds as a bare number
 * (`90000`), or the scenario format (`1h30m`, `30s`), so durations read the same everywhere.
 */
export function parseDurationOption(option: string): (value: string) => number {
  return (value) => {
    const text = value.trim();
    const ms = /^\d+$/.test(text) ? Number(text) : parseDuration(text);
    if (typeof ms === 'string' || !Number.isSafeInteger(ms) || ms <= 0) {
      throw new UsageError(`${option}: "${value}" is not a duration above 0: use milliseconds (90000) or ${durationHint}`);
    }
    return ms;
  };
}

/**
 * A server address for an option named `option`, checked when the command line is read:
 * a URL with `//`, one of `protocols`, and a port that exists. A valid address nobody
 * answers at is not an error here: a phone keeps retrying it.
 */
export function parseServerUrl(option: string, protocols: readonly ('ws' | 'http')[]): (value: string) => string {
  const schemes = protocols.flatMap((protocol) => [`${protocol}:`, `${protocol}s:`]);
  const example = protocols[0] === 'ws' ? 'ws://127.0.0.1:8080' : 'http://127.0.0.1:8080';
  const kinds = protocols.map((protocol) => `${protocol}://`).join(' or ');
  return (value) => {
    const refuse = (why: string) => new UsageError(`${option}: "${value}" ${why}; give a ${kinds} URL such as ${example}`);
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#]/i.test(value)) throw refuse('is not a URL');
    const port = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(?:\[[^\]]*\]|[^/?#:]*):([^/?#]*)/i.exec(value)?.[1];
    if (port !== undefined && port !== '' && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65_535)) {
      throw refuse(`has no valid port ("${port}" is not 1-65535)`);
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw refuse('is not a URL');
    }
    if (!schemes.includes(url.protocol)) throw refuse(`uses ${url.protocol.slice(0, -1)}://`);
    return value;
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

/** `--mac`: six hex pairs, split by `:` or `-` or joined, as the phone shows it: `00:04:F2:12:34:56`. */
export function parseMac(value: string): string {
  const text = value.trim();
  const split = /^[0-9A-Fa-f]{2}([-:])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/.test(text);
  if (!split && !/^[0-9A-Fa-f]{12}$/.test(text)) {
    throw new UsageError(`--mac: "${value}" is not a MAC address such as 00:04:F2:12:34:56`);
  }
  const hex = text.replace(/[-:]/g, '').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** `--serial`: letters, digits, hyphens and underscores, as the admin API reads them. */
export function parseSerial(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new UsageError(`--serial: "${value}" is not a serial number (letters, digits, - and _)`);
  return value;
}
