import { resolveBuild } from '../core/catalog.js';
import type { DeviceProfile } from '../core/device-profile.js';
import type { PhoneIdentity } from '../core/phone-types.js';
import { randomIdentity } from '../phone/create-phone.js';
import { readPhoneState, savedBuilds, type PhoneState } from '../phone/phone-state.js';
import type { ProjectData } from '../profiles/load-data.js';
import { StateFileError } from '../state/state-file.js';
import { UsageError } from './fail.js';
import { findProfile, startingFirmware } from './options.js';

/** The phone a command runs: its profile, the build it starts on, and its state file if it has one. */
export interface PhoneToRun {
  readonly profile: DeviceProfile;
  readonly firmware: string;
  /** Its MAC and serial: the saved ones, the ones given, or a random MAC under the vendor's prefix. */
  readonly identity: PhoneIdentity;
  readonly state?: { readonly file: string; readonly saved?: PhoneState | undefined } | undefined;
}

/**
 * Reads `--state FILE` (when given) before anything starts: a saved phone must be a known
 * model running a build of today's catalog, and the one `--device` names; otherwise the
 * phone comes from `--device` and `--firmware`, and the file is created.
 */
export function phoneToRun(data: ProjectData, options: PhoneChoice): PhoneToRun {
  const kept = options.state === undefined ? undefined : savedPhone(data, options.state, options);
  if (kept) return kept;
  if (options.device === undefined) throw new UsageError('--device: say which phone to run, e.g. --device polycom-vvx-601 (see phone-emu devices)');
  const profile = findProfile(data, options.device);
  return {
    profile,
    firmware: startingFirmware(data, profile, options.firmware),
    identity: newIdentity(profile, options),
    state: options.state === undefined ? undefined : { file: options.state },
  };
}

/** What the command line says about the phone to run. */
export interface PhoneChoice {
  readonly device?: string | undefined;
  readonly firmware?: string | undefined;
  readonly state?: string | undefined;
  /** Already checked and written as 00:04:F2:12:34:56. */
  readonly mac?: string | undefined;
  readonly serial?: string | undefined;
}

/** A new phone's MAC and serial: the ones given, else a random MAC under the vendor's prefix and its digits as serial. */
export function newIdentity(profile: DeviceProfile, options: Pick<PhoneChoice, 'mac' | 'serial'> = {}): PhoneIdentity {
  const mac = options.mac ?? randomIdentity(profile).mac;
  return { mac, serial: options.serial ?? mac.replaceAll(':', '') };
}

/** The phone saved in `file`, checked against today's data and the options; undefined when the file does not exist yet. */
export function savedPhone(data: ProjectData, file: string, options: Omit<PhoneChoice, 'state'> = {}): PhoneToRun | undefined {
  const saved = readPhoneState(file);
  if (!saved) return undefined;
  const profile = data.profiles.get(saved.device.model);
  if (!profile) throw new StateFileError(file, 'device.model', `"${saved.device.model}" is not a device id of devices/`);
  if (options.device !== undefined && options.device !== profile.id) {
    throw new StateFileError(file, 'device.model', `this file keeps a ${profile.id}, not a ${options.device}: drop --device, or give another file`);
  }
  if (options.firmware !== undefined) {
    throw new UsageError(`--firmware: the phone in ${file} runs ${savedBuilds(saved).firmware}; its firmware changes by updates, or start with another file`);
  }
  for (const [option, kept, given] of [
    ['--mac', saved.device.mac, options.mac],
    ['--serial', saved.device.serial, options.serial],
  ] as const) {
    if (given !== undefined && given.replace(/[-:]/g, '').toUpperCase() !== kept.replace(/[-:]/g, '').toUpperCase()) {
      throw new UsageError(`${option}: the phone in ${file} is ${kept}; a phone keeps its identity: drop ${option}, or start with another file`);
    }
  }
  const family = data.families.get(profile.firmwareFamily)!;
  const builds = savedBuilds(saved);
  for (const [field, version] of builds.fields) {
    const found = version === null ? undefined : resolveBuild(family, version);
    if (typeof found === 'string') throw new StateFileError(file, field, found);
  }
  return { profile, firmware: builds.firmware, identity: { mac: saved.device.mac, serial: saved.device.serial }, state: { file, saved } };
}
