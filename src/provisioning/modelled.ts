import type { Locale } from '../core/messages/index.js';
import { settingKinds, type DeviceProvisioning, type ModelledSetting } from '../profiles/provisioning-schema.js';

/** The emulator's settings a provisioning server set, typed. */
export interface ModelledValues {
  /** Update / Postpone on the pop-up (Polycom lync.deviceUpdate.popUpSK.enabled). */
  readonly updatePopUp?: boolean;
  readonly locale?: Locale;
  readonly line1DisplayName?: string;
  readonly line1Label?: string;
  readonly phoneLockEnabled?: boolean;
  /** Absolute: resolved against the URL of the file that set it (credentials included, to download it). */
  readonly firmwareUrl?: string;
}

/** A parameter as the reader keeps it: its value and the file (URL) and line that set it. */
export interface SetParameter {
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

export interface MappingOutcome {
  readonly modelled: ModelledValues;
  readonly ignored: string[];
  readonly problems: { file: string; line: number; reason: string }[];
}

/**
 * The parameters mapped through the vendor's table (devices/<vendor>/_vendor.yaml, provisioning.parameters):
 * each modelled one becomes a typed setting, every other is ignored as a real phone ignores what it does not read.
 */
export function mapParameters(
  parameters: ReadonlyMap<string, SetParameter>,
  provisioning: DeviceProvisioning,
  baseOf: (name: string) => string,
): MappingOutcome {
  const modelled: Partial<Record<ModelledSetting, string | boolean>> = {};
  const ignored: string[] = [];
  const problems: MappingOutcome['problems'] = [];
  for (const [name, set] of parameters) {
    const mapping = provisioning.parameters[name];
    if (!mapping) {
      ignored.push(name);
      continue;
    }
    const kind = settingKinds[mapping.setting];
    if (kind === 'text') {
      modelled[mapping.setting] = set.value;
    } else if (kind === 'url') {
      if (set.value === '') continue;
      const resolved = URL.canParse(set.value, baseOf(name)) ? new URL(set.value, baseOf(name)).href : undefined;
      if (resolved === undefined) problems.push({ file: set.file, line: set.line, reason: `${name}: "${set.value}" is not a URL` });
      else modelled[mapping.setting] = resolved;
    } else {
      const values = mapping.values ?? (kind === 'boolean' ? { '1': true, '0': false } : {});
      const meaning = values[set.value];
      if (meaning === undefined) {
        const known = Object.keys(values).join(', ');
        problems.push({ file: set.file, line: set.line, reason: `${name}="${set.value}": not a value the emulator models (it knows ${known}); left as it was` });
      } else {
        modelled[mapping.setting] = meaning;
      }
    }
  }
  return { modelled: modelled as ModelledValues, ignored, problems };
}

/** The firmware version a file name carries, e.g. 28.83.0.35 in T46-28.83.0.35.rom, 3.1.2.89 in UC_3.1.2.89.img. */
export function versionInUrl(url: string): string | undefined {
  let path = new URL(url).pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: read the path as written.
  }
  const matches = [...path.matchAll(/\d+(?:\.\d+){2,}[A-Za-z]?/g)];
  return matches.at(-1)?.[0];
}
