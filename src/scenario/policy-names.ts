import { z } from 'zod';

/**
 * The in-band policy parameters a scenario may set, by the names of the real cmdlets
 * (domain-facts.md 1-2, 6): Set-CsIPPhonePolicy, Set-CsUCPhoneConfiguration and
 * Set-CsClientPolicy. Values are checked here; whether the server acts on a name yet is
 * the server's business (an unsupported one fails the scenario, never silently passes).
 */
const timeSpan = (max: string) =>
  z
    .string()
    .regex(/^\d{2}:[0-5]\d:[0-5]\d$/, 'a TimeSpan written hh:mm:ss, e.g. "00:10:00"')
    .refine((value) => value <= max, `at most ${max}`);
export const trueOrFalse = z.boolean({ error: 'expected true or false' });
const count = (min: number, max = Number.MAX_SAFE_INTEGER) => z.int().min(min).max(max);

export const policySchemas = {
  // Set-CsIPPhonePolicy
  UserDialTimeoutMS: count(0),
  KeyboardLockMaxPinRetry: count(1),
  PrioritizedCodecsList: z.string(),
  EnablePowerSaveMode: trueOrFalse,
  PowerSaveDuringOfficeHoursTimeoutMS: count(0),
  PowerSavePostOfficeHoursTimeoutMS: count(0),
  EnableOneTouchVoicemail: trueOrFalse,
  DateTimeFormat: z.union([z.literal(12), z.literal(24)], { error: '12 or 24' }),
  EnableDeviceUpdate: trueOrFalse,
  EnableExchangeCalendaring: trueOrFalse,
  EnableBetterTogetherOverEthernet: trueOrFalse,
  BetterTogetherOverEthernetPairingMode: z.enum(['Auto', 'Manual']),
  LocalProvisioningServerAddress: z.string(),
  LocalProvisioningServerUser: z.string(),
  LocalProvisioningServerPassword: z.string(),
  LocalProvisioningServerType: z.string(),
  // Set-CsUCPhoneConfiguration
  CalendarPollInterval: timeSpan('01:00:00'),
  EnforcePhoneLock: trueOrFalse,
  PhoneLockTimeout: timeSpan('00:59:59'),
  MinPhonePinLength: count(4, 15),
  SIPSecurityMode: z.enum(['Low', 'Medium', 'High']),
  VoiceDiffServTag: count(0, 63),
  Voice8021p: count(0, 7),
  LoggingLevel: z.enum(['Off', 'Low', 'Medium', 'High']),
  // Set-CsClientPolicy
  DisableHandsetOnLockedMachine: trueOrFalse,
} as const satisfies Record<string, z.ZodType>;

export type PolicyName = keyof typeof policySchemas;
export type PolicyValues = { readonly [N in PolicyName]?: z.infer<(typeof policySchemas)[N]> };

export const policyNames = Object.keys(policySchemas) as PolicyName[];

export function isPolicyName(name: string): name is PolicyName {
  return Object.hasOwn(policySchemas, name);
}
