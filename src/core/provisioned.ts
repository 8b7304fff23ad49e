import type { DeviceSettings } from './device-profile.js';
import type { Locale } from './messages/index.js';
import type { PhoneContext, Warning } from './phone-types.js';
import { popUpSetting } from './update-prompt.js';

/**
 * What a third-party provisioning server set on the phone, kept in its memory (and its state
 * file): the last good configuration. The phone runtime (src/phone/provisioning-boot.ts) reads
 * the files; the chart only applies what it is given.
 */
export interface ProvisionedConfig {
  /** The provisioning server, as shown (a password as ***). */
  readonly server: string;
  /** Who wins where a file and the in-band service set the same thing (devices/<vendor>/_vendor.yaml). */
  readonly precedence: 'provisioningFile' | 'inBand';
  readonly updatePopUp?: boolean | undefined;
  readonly locale?: Locale | undefined;
  readonly phoneLockEnabled?: boolean | undefined;
  readonly line1DisplayName?: string | undefined;
  readonly line1Label?: string | undefined;
  /** Each file's MD5 at the last boot, by its shown URL: Yealink does not apply an unchanged file again. */
  readonly md5: Readonly<Record<string, string>>;
}

/** A provisioning problem the phone reports (a file refused, a server down): file, line and reason. */
export interface ProvisioningProblemNote {
  readonly file: string;
  readonly line?: number | undefined;
  readonly reason: string;
}

export const provisioningWarningId = 'provisioning';

/**
 * Phone-Lock in force. With `provisioningFile` (Polycom) the file's enablement overrides the
 * in-band EnforcePhoneLock; with `inBand` the file cannot turn on what the service turns off:
 * both must say so (AudioCodes documents the lock as needing both).
 */
export function phoneLockEnforced(context: Pick<PhoneContext, 'policy' | 'provisioned'>): boolean {
  const file = context.provisioned?.phoneLockEnabled;
  if (file === undefined) return context.policy.EnforcePhoneLock;
  return context.provisioned!.precedence === 'provisioningFile' ? file : context.policy.EnforcePhoneLock && file;
}

/** The context once a configuration is applied: the pop-up as the device parameter, the language, the rest kept as given. */
export function withProvisioned(context: PhoneContext, config: ProvisionedConfig): Pick<PhoneContext, 'provisioned' | 'locale' | 'settings'> {
  const settings: DeviceSettings =
    config.updatePopUp === undefined || context.settings[popUpSetting] === (config.updatePopUp ? 1 : 0)
      ? context.settings
      : { ...context.settings, [popUpSetting]: config.updatePopUp ? 1 : 0 };
  return { provisioned: config, locale: config.locale ?? context.locale, settings };
}

/** The phone's warnings with its provisioning problem (null: none) in place of the last one. */
export function withProvisioningProblem(warnings: readonly Warning[], problem: ProvisioningProblemNote | null, count: number): readonly Warning[] {
  const others = warnings.filter((warning) => warning.id !== provisioningWarningId);
  if (problem === null) return others.length === warnings.length ? warnings : others;
  const where = problem.line === undefined ? problem.file : `${problem.file} line ${problem.line}`;
  const message = { key: 'warning.provisioning' as const, params: { where, reason: problem.reason, count } };
  return [...others, { id: provisioningWarningId, message }];
}
