import { z } from 'zod';

/**
 * The in-band policies a Skype for Business server hands its phones, with the names,
 * types, ranges and defaults of the real cmdlets (domain-facts.md sections 1, 2 and 6).
 * One table: policyValueSchema derives the only check of values from it (admin changes,
 * frames, state files), the phone reads its typed values, and the tests walk it.
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

/** The longest text policy: what a frame or a state file may carry. */
const maxTextChars = 512;

/**
 * The one check of a policy's typed value (a boolean, a whole number, TimeSpan milliseconds, one
 * of the enum's values, text), derived from its definition: the admin's input (parsePolicyValue),
 * the frames and the state files (phonePolicySchema) all go through it. A refusal says what the
 * definition allows, in the words of allowedValues.
 */
export function policyValueSchema(definition: PolicyDefinition): z.ZodType<PolicyValue> {
  let schema = valueSchemas.get(definition);
  if (!schema) {
    schema = buildValueSchema(definition);
    valueSchemas.set(definition, schema);
  }
  return schema;
}

const valueSchemas = new WeakMap<PolicyDefinition, z.ZodType<PolicyValue>>();

function buildValueSchema(definition: PolicyDefinition): z.ZodType<PolicyValue> {
  const unit = definition.kind === 'timespan' ? ' ms' : '';
  const error = (issue: { readonly input?: unknown }) => `${shown(issue.input)}${unit} is not allowed; use ${allowedValues(definition)}`;
  switch (definition.kind) {
    case 'boolean':
      return z.boolean({ error });
    case 'integer': {
      const allowed = definition.allowed;
      const range = z.int({ error }).min(definition.min, { error }).max(definition.max, { error });
      return allowed ? range.refine((value) => allowed.includes(value), { error }) : range;
    }
    case 'timespan':
      return z.int({ error }).min(definition.minMs, { error }).max(definition.maxMs, { error });
    case 'enum':
      return z.enum(definition.values as readonly [string, ...string[]], { error });
    case 'text': {
      const pattern = definition.pattern;
      const text = z.string({ error }).max(maxTextChars, { error });
      // Empty text clears the setting, whatever its shape.
      return pattern ? text.refine((value) => value === '' || pattern.test(value), { error }) : text;
    }
  }
}

/** The effective policy, every name of the table typed and in range; TimeSpans in milliseconds. */
export const phonePolicySchema = z.strictObject(
  Object.fromEntries((policyDefinitions as readonly PolicyDefinition[]).map((definition) => [definition.name, policyValueSchema(definition)])),
) as unknown as z.ZodType<PhonePolicy>;

/** A value from a frame or a file, short enough for a message. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null || value === undefined ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Reads a value for `definition` from what an admin typed (a string) or sent as JSON, then
 * checks it with policyValueSchema. A refusal names the policy, what was given and what is allowed.
 */
export function parsePolicyValue(definition: PolicyDefinition, input: unknown): Parsed {
  const checked = policyValueSchema(definition).safeParse(typedValue(definition, input));
  if (checked.success) return { ok: true, value: checked.data };
  return { ok: false, message: `${definition.name}: ${JSON.stringify(input)} is not allowed; use ${allowedValues(definition)}` };
}

/** What an admin typed, read as the policy's value type (True, 10, 00:05:00, medium), not yet checked; undefined when it cannot be. */
function typedValue(definition: PolicyDefinition, input: unknown): unknown {
  const text = typeof input === 'string' ? input.trim() : undefined;
  switch (definition.kind) {
    case 'boolean': {
      if (typeof input === 'boolean') return input;
      const lower = text?.toLowerCase().replace(/^\$/, '');
      return lower === 'true' ? true : lower === 'false' ? false : undefined;
    }
    case 'integer':
      return typeof input === 'number' ? input : text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
    case 'timespan':
      return text === undefined ? undefined : parseTimeSpan(text);
    case 'enum':
      // PowerShell takes enum values case-insensitively; the phone gets the table's spelling.
      return definition.values.find((allowed) => allowed.toLowerCase() === text?.toLowerCase());
    case 'text':
      return text;
  }
}
