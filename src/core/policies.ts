/**
 * The in-band policies a Skype for Business server hands its phones, with the names,
 * types, ranges and defaults of the real cmdlets (domain-facts.md sections 1, 2 and 6).
 * One table: the server validates admin changes with it, the protocol builds its
 * schema from it, the phone reads its typed values, and the tests walk it.
 */

export const cmdlets = ['Set-CsIPPhonePolicy', 'Set-CsUCPhoneConfiguration', 'Set-CsClientPolicy'] as const;
export type Cmdlet = (typeof cmdlets)[number];

interface Common {
  readonly name: string;
  readonly cmdlet: Cmdlet;
  /** Whether Skype for Business Online honours it; the others are on-premises only. */
  readonly online: boolean;
  readonly description: string;
}

export type PolicyDefinition = Common &
  (
    | { readonly kind: 'boolean'; readonly default: boolean }
    /** Whole numbers between min and max, or only the listed values. */
    | { readonly kind: 'integer'; readonly default: number; readonly min: number; readonly max: number; readonly allowed?: readonly number[] }
    /** A PowerShell TimeSpan, written hh:mm:ss; held in milliseconds. */
    | { readonly kind: 'timespan'; readonly default: number; readonly minMs: number; readonly maxMs: number }
    | { readonly kind: 'enum'; readonly default: string; readonly values: readonly string[] }
    /** Free text, optionally shaped by `pattern` (described by `shape`). */
    | { readonly kind: 'text'; readonly default: string; readonly pattern?: RegExp; readonly shape?: string }
  );

const ipPhone = 'Set-CsIPPhonePolicy';
const ucPhone = 'Set-CsUCPhoneConfiguration';
const client = 'Set-CsClientPolicy';
/** The largest whole number a JSON frame carries exactly: the practical ceiling of a UInt64. */
const uint64Max = Number.MAX_SAFE_INTEGER;
const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;

export const policyDefinitions = [
  // Set-CsIPPhonePolicy: every parameter says "Skype for Business Online, Skype for Business Server 2019".
  { name: 'EnableDeviceUpdate', cmdlet: ipPhone, kind: 'boolean', default: true, online: true,
    description: 'Whether the service updates the firmware of phones (checks, offers, installs).' },
  { name: 'KeyboardLockMaxPinRetry', cmdlet: ipPhone, kind: 'integer', default: 5, min: 0, max: uint64Max, online: true,
    description: 'Wrong Phone-Lock PINs allowed before the phone signs the user out or asks for an administrator code.' },
  { name: 'UserDialTimeoutMS', cmdlet: ipPhone, kind: 'integer', default: 5000, min: 0, max: uint64Max, online: true,
    description: 'Milliseconds the phone waits after the last digit, on-hook, before it dials.' },
  { name: 'PrioritizedCodecsList', cmdlet: ipPhone, kind: 'text', default: 'G722_8000;PCMU;PCMA;G729', online: true,
    pattern: /^[A-Za-z0-9_]+(;[A-Za-z0-9_]+)*$/, shape: 'codec names separated by semicolons, e.g. G722_8000;PCMU',
    description: 'The codecs the phone prefers, in order.' },
  // NOT CONFIRMED: the cmdlet doc gives no default; on, as Get-CsIPPhonePolicy is usually shown.
  { name: 'EnablePowerSaveMode', cmdlet: ipPhone, kind: 'boolean', default: true, online: true,
    description: 'Whether the display turns off after the power-save timeouts (default assumed).' },
  { name: 'PowerSaveDuringOfficeHoursTimeoutMS', cmdlet: ipPhone, kind: 'integer', default: 900_000, min: 0, max: uint64Max, online: true,
    description: 'Idle milliseconds before power save during office hours.' },
  { name: 'PowerSavePostOfficeHoursTimeoutMS', cmdlet: ipPhone, kind: 'integer', default: 300_000, min: 0, max: uint64Max, online: true,
    description: 'Idle milliseconds before power save after office hours.' },
  // NOT CONFIRMED: the cmdlet doc gives no default; on.
  { name: 'EnableOneTouchVoicemail', cmdlet: ipPhone, kind: 'boolean', default: true, online: true,
    description: 'Visual Voicemail on the phone (default assumed).' },
  // The text says 24; the yaml metadata says None (domain-facts.md 9, conflict 4): the text wins.
  { name: 'DateTimeFormat', cmdlet: ipPhone, kind: 'integer', default: 24, min: 12, max: 24, allowed: [24, 12], online: true,
    description: 'The clock the phone shows: 24 or 12 hours.' },
  { name: 'EnableExchangeCalendaring', cmdlet: ipPhone, kind: 'boolean', default: true, online: true,
    description: 'Whether the phone may connect to the Exchange calendar.' },
  { name: 'EnableBetterTogetherOverEthernet', cmdlet: ipPhone, kind: 'boolean', default: true, online: true,
    description: 'Whether the phone may pair with the Windows client over Ethernet (BToE).' },
  // The cmdlet doc says Manual, the deployment guide (the seed) Auto: the seed wins (domain-facts.md 7.2).
  { name: 'BetterTogetherOverEthernetPairingMode', cmdlet: ipPhone, kind: 'enum', default: 'Auto', values: ['Auto', 'Manual'], online: true,
    description: 'Auto pairs by itself; Manual needs the pairing code typed into the PC app.' },
  { name: 'LocalProvisioningServerAddress', cmdlet: ipPhone, kind: 'text', default: '', online: true,
    description: "The address of the organization's own provisioning server." },
  { name: 'LocalProvisioningServerUser', cmdlet: ipPhone, kind: 'text', default: '', online: true,
    description: 'The user name for the provisioning server.' },
  { name: 'LocalProvisioningServerPassword', cmdlet: ipPhone, kind: 'text', default: '', online: true,
    description: 'The password for the provisioning server.' },
  // NOT CONFIRMED: only the default FTP is documented; the other values are the usual provisioning transports.
  { name: 'LocalProvisioningServerType', cmdlet: ipPhone, kind: 'enum', default: 'FTP', values: ['FTP', 'TFTP', 'HTTP', 'HTTPS'], online: true,
    description: 'How the phone reaches the provisioning server (values other than FTP assumed).' },

  // Set-CsUCPhoneConfiguration: only EnforcePhoneLock, PhoneLockTimeout, MinPhonePinLength and LoggingLevel apply Online.
  { name: 'CalendarPollInterval', cmdlet: ucPhone, kind: 'timespan', default: 3 * minute, minMs: second, maxMs: hour, online: false,
    description: 'How often the phone reads the Exchange calendar; at most one hour.' },
  { name: 'EnforcePhoneLock', cmdlet: ucPhone, kind: 'boolean', default: true, online: true,
    description: 'Phone-Lock: the phone asks for a PIN and locks after PhoneLockTimeout idle.' },
  // "Must be less than 01:00:00"; the lower bound of one second is ours.
  { name: 'PhoneLockTimeout', cmdlet: ucPhone, kind: 'timespan', default: 10 * minute, minMs: second, maxMs: hour - second, online: true,
    description: 'Idle time before the phone locks; under one hour.' },
  { name: 'MinPhonePinLength', cmdlet: ucPhone, kind: 'integer', default: 6, min: 4, max: 15, online: true,
    description: 'The shortest Phone-Lock PIN, in digits (PINs are at most 15).' },
  { name: 'SIPSecurityMode', cmdlet: ucPhone, kind: 'enum', default: 'High', values: ['Low', 'Medium', 'High'], online: false,
    description: 'Low: any authentication and transport; Medium: NTLM/Kerberos; High: NTLM/Kerberos over TLS.' },
  { name: 'VoiceDiffServTag', cmdlet: ucPhone, kind: 'integer', default: 40, min: 0, max: 63, online: false,
    description: 'The DSCP value marked on voice packets.' },
  { name: 'Voice8021p', cmdlet: ucPhone, kind: 'integer', default: 0, min: 0, max: 7, online: false,
    description: 'The 802.1p priority of voice packets.' },
  { name: 'LoggingLevel', cmdlet: ucPhone, kind: 'enum', default: 'Off', values: ['Off', 'Low', 'Medium', 'High'], online: true,
    description: 'How much the phone logs.' },

  // Set-CsClientPolicy (domain-facts.md 6): the doc gives no default ("None": not set). Yealink reads it on a
  // locked phone: True, emergency numbers only; False, other numbers too; not set, emergency only. True stands
  // for "not set" here, so a locked phone behaves as the Yealink guide says it does by default.
  { name: 'DisableHandsetOnLockedMachine', cmdlet: client, kind: 'boolean', default: true, online: true,
    description: 'True: a locked phone dials emergency numbers only; False: other numbers too, on phones that read it (Yealink).' },
] as const satisfies readonly PolicyDefinition[];

type Definitions = (typeof policyDefinitions)[number];
export type PolicyName = Definitions['name'];
type ValueOf<D> = D extends { kind: 'boolean' } ? boolean : D extends { kind: 'enum'; values: readonly (infer V)[] } ? V : D extends { kind: 'text' } ? string : number;

/** The effective policy a phone runs under: every value typed, TimeSpans in milliseconds. */
export type PhonePolicy = { readonly [D in Definitions as D['name']]: ValueOf<D> };
export type PolicyValue = PhonePolicy[PolicyName];

export const policyNames: readonly PolicyName[] = policyDefinitions.map((definition) => definition.name);

export const defaultPolicy: PhonePolicy = Object.fromEntries(
  policyDefinitions.map((definition) => [definition.name, definition.default]),
) as unknown as PhonePolicy;

export function policyDefinition(name: string): PolicyDefinition | undefined {
  const lower = name.toLowerCase();
  // PowerShell parameter names are case-insensitive.
  return (policyDefinitions as readonly PolicyDefinition[]).find((definition) => definition.name.toLowerCase() === lower);
}

/** hh:mm:ss, as PowerShell writes a TimeSpan under a day. */
export function formatTimeSpan(ms: number): string {
  const total = Math.floor(ms / second);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

/** Milliseconds of an `hh:mm:ss` TimeSpan, or undefined when it is not one. */
export function parseTimeSpan(text: string): number | undefined {
  const match = /^(\d{1,2}):([0-5]\d):([0-5]\d)$/.exec(text.trim());
  if (!match) return undefined;
  return (Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])) * second;
}

/** A value as the cmdlets print it: True/False, hh:mm:ss, numbers and text as they are. */
export function formatPolicyValue(definition: PolicyDefinition, value: PolicyValue): string {
  if (definition.kind === 'boolean') return value ? 'True' : 'False';
  if (definition.kind === 'timespan') return formatTimeSpan(value as number);
  return String(value);
}

/** What a definition accepts, in words: what a refusal quotes. */
export function allowedValues(definition: PolicyDefinition): string {
  switch (definition.kind) {
    case 'boolean':
      return 'True or False';
    case 'integer':
      if (definition.allowed) return definition.allowed.join(' or ');
      return definition.max === uint64Max ? `a whole number from ${definition.min} up` : `a whole number from ${definition.min} to ${definition.max}`;
    case 'timespan':
      return `a time span hh:mm:ss from ${formatTimeSpan(definition.minMs)} to ${formatTimeSpan(definition.maxMs)}`;
    case 'enum':
      return definition.values.join(', ');
    case 'text':
      return definition.shape ?? 'any text';
  }
}

export type Parsed = { readonly ok: true; readonly value: PolicyValue } | { readonly ok: false; readonly message: string };

/**
 * Reads a value for `definition` from what an admin typed (a string) or sent as JSON.
 * A refusal names the policy, what was given and what is allowed.
 */
export function parsePolicyValue(definition: PolicyDefinition, input: unknown): Parsed {
  const refuse = (): Parsed => ({
    ok: false,
    message: `${definition.name}: ${JSON.stringify(input)} is not allowed; use ${allowedValues(definition)}`,
  });
  const text = typeof input === 'string' ? input.trim() : undefined;
  switch (definition.kind) {
    case 'boolean': {
      if (typeof input === 'boolean') return { ok: true, value: input };
      const lower = text?.toLowerCase().replace(/^\$/, '');
      if (lower === 'true' || lower === 'false') return { ok: true, value: lower === 'true' };
      return refuse();
    }
    case 'integer': {
      const value = typeof input === 'number' ? input : text !== undefined && /^-?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(value) || value < definition.min || value > definition.max) return refuse();
      if (definition.allowed && !definition.allowed.includes(value)) return refuse();
      return { ok: true, value };
    }
    case 'timespan': {
      const value = text !== undefined ? parseTimeSpan(text) : undefined;
      if (value === undefined || value < definition.minMs || value > definition.maxMs) return refuse();
      return { ok: true, value };
    }
    case 'enum': {
      const value = definition.values.find((allowed) => allowed.toLowerCase() === text?.toLowerCase());
      return value === undefined ? refuse() : { ok: true, value };
    }
    case 'text': {
      if (text === undefined || text.length > 512) return refuse();
      if (definition.pattern && text !== '' && !definition.pattern.test(text)) return refuse();
      return { ok: true, value: text };
    }
  }
}
