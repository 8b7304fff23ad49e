import { z } from 'zod';
import { signInMethods } from '../core/device-profile.js';
import { locales } from '../core/messages/index.js';
import { deploymentSchema, tenantUserSchema, type Deployment } from '../core/tenant.js';
import { parsePolicyValue, policyDefinition, policyNames, type PolicyName } from '../core/policies.js';
import { parseDuration } from './duration.js';
import { didYouMean } from './closest.js';
import { parseTextMatch } from './text-match.js';
import { downloadFaults } from '../server/store.js';

/**
 * The scenario format of PRODUCT.md section 5: QA's public interface, so every key,
 * step and value here is named as the product document names it. The zod schemas check
 * shapes; load-scenario.ts checks what needs the device data (ids, versions, labels).
 */

const trueOrFalse = z.boolean({ error: 'expected true or false' });

/** Replaces zod's message when the value has the wrong type, keeps its own for the rest. */
const typeError = (message: string) => (issue: { readonly code: string }) => (issue.code === 'invalid_type' ? message : undefined);

// YAML reads an unquoted 4321 as a number; the loader keeps numbers whose text would change
// (0044, 5.10) as written, so a number here is safe to turn back into its digits.
const text = (what: string) =>
  z.union([z.string(), z.number()], { error: `expected ${what}` }).transform((value) => String(value));

const digits = (example: string) =>
  text(`digits, e.g. "${example}"`).pipe(z.string().regex(/^\d+$/, `digits only, e.g. "${example}"`));

const phoneNumber = text('a phone number, e.g. "911"').pipe(
  z.string().regex(/^\+?[0-9*#]+$/, 'a phone number: digits, * and #, e.g. "911" or "+14255550100"'),
);

export const upnSchema = z
  .string({ error: 'expected a user principal name such as amosm@contoso.com' })
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'expected a user principal name such as amosm@contoso.com');

const version = text('a firmware version, e.g. 5.9.5.0614').pipe(z.string().min(1, 'expected a firmware version'));

const textMatch = text('text, or /REGEX/flags').transform((value, ctx) => {
  const parsed = parseTextMatch(value);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

const duration = z.string({ error: 'expected a duration such as 30s, 15m, 2h, 3d or 1h30m (with its unit)' }).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (typeof ms === 'string') {
    ctx.addIssue({ code: 'custom', message: ms });
    return z.NEVER;
  }
  return ms;
});

/** Policy values as an admin gives them, under the cmdlets' names (src/core/policies.ts), each checked against its range. */
export type PolicyValues = Readonly<Partial<Record<PolicyName, string | number | boolean>>>;

export const policySchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: 'expected a value: true/false, a number, a word or "hh:mm:ss"' }), {
    error: typeError('expected a mapping of policy names to values, e.g. { EnableDeviceUpdate: false }'),
  })
  .transform((record, ctx) => {
    const policy: Partial<Record<PolicyName, string | number | boolean>> = {};
    for (const [name, value] of Object.entries(record)) {
      const definition = policyDefinition(name);
      if (!definition) {
        ctx.addIssue({ code: 'custom', path: [name], message: `unknown policy name${didYouMean(name, policyNames)}` });
        continue;
      }
      const parsed = parsePolicyValue(definition, value);
      // The table's message starts with the name, which the field path already gives.
      if (!parsed.ok) ctx.addIssue({ code: 'custom', path: [name], message: parsed.message.replace(`${definition.name}: `, '') });
      policy[definition.name as PolicyName] = value;
    }
    return policy as PolicyValues;
  });

const settingValue = z.union([z.string(), z.number(), trueOrFalse], { error: 'expected a string, number or boolean' });

/**
 * A user of the scenario's tenant: the tenant files' shape (src/core/tenant.ts), with digits
 * and passwords also taken unquoted.
 */
const userSchema = tenantUserSchema.extend({
  upn: upnSchema,
  password: text('a password').pipe(z.string().min(1, 'expected a password')),
  extension: digits('4321').optional(),
  pin: digits('13579').optional(),
});
export type ScenarioUser = z.infer<typeof userSchema>;
export type { Deployment };

/**
 * The phone's third-party provisioning server (DHCP option 66/160): a URL, or `{ files: DIR }`, a folder
 * of vendor files beside the scenario that the runner serves over HTTP on 127.0.0.1.
 */
const provisioningKeySchema = z.union(
  [
    z.string().regex(/^https?:\/\/[^/?#]/i, 'expected an http:// or https:// URL such as http://10.0.0.5/provisioning/'),
    z.strictObject({ files: z.string().min(1, 'expected a folder of provisioning files, beside the scenario') }),
  ],
  { error: 'expected a provisioning server URL (http://10.0.0.5/provisioning/) or { files: DIR }' },
);

const deviceId = z.string({ error: 'expected a device id such as polycom-vvx-601' }).min(1);

/** A name for a phone of `phones:`, as `- on: NAME` addresses it. */
export const phoneNameSchema = z
  .string({ error: 'expected a phone name such as a or reception' })
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, 'a phone name: a letter, then up to 31 letters, digits, - or _');

/** One phone of a multi-phone scenario: the per-phone keys of a one-phone scenario's top level, and its MAC or serial if they matter. */
export const scenarioPhoneSchema = z.strictObject(
  {
    device: deviceId,
    firmware: version.optional(),
    locale: z.enum(locales).optional(),
    settings: z.record(z.string(), settingValue).optional(),
    mac: text('a MAC address, e.g. 00:04:F2:00:00:01').optional(),
    serial: text('a serial number, e.g. 0004F2000001').pipe(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a serial number: letters, digits, - or _')).optional(),
  },
  { error: typeError('expected a phone: { device: DEVICE-ID, firmware, locale, settings, mac, serial }') },
);
export type ScenarioPhoneHead = z.infer<typeof scenarioPhoneSchema>;

/** Everything but the steps, which are checked one by one so each error names its step. */
export const scenarioHeadSchema = z.strictObject({
  name: z.string({ error: 'expected the scenario name' }).min(1, 'expected the scenario name'),
  // One phone: device (and firmware, locale, settings) here; several: phones, each with its own.
  device: deviceId.optional(),
  phones: z
    .record(phoneNameSchema, scenarioPhoneSchema, {
      error: (issue) =>
        issue.code === 'invalid_key'
          ? 'not a phone name: a letter, then up to 31 letters, digits, - or _'
          : typeError('expected a mapping of phone names to phones, e.g. { a: { device: polycom-vvx-601 } }')(issue),
    })
    .refine((phones) => Object.keys(phones).length > 0, 'name at least one phone')
    .optional(),
  firmware: version.optional(),
  locale: z.enum(locales).default('en-US'),
  deployment: deploymentSchema.optional(),
  users: z.array(userSchema).min(1).optional(),
  policy: policySchema.optional(),
  settings: z.record(z.string(), settingValue).optional(),
  provisioning: provisioningKeySchema.optional(),
  steps: z.array(z.unknown(), { error: 'expected a list of steps, each "- key: value"' }).min(1, 'expected at least one step'),
});
export type ScenarioHead = z.infer<typeof scenarioHeadSchema>;

export const expectKeys = [
  'screen', 'notScreen', 'firmware', 'locked', 'signedIn', 'warning', 'exchange', 'call', 'paired', 'signInMethods',
  'notWarning', 'browser', 'browserReason', 'pcLocked',
] as const;
export type ExpectKey = (typeof expectKeys)[number];

/** How the last `browser:` step ended: the pages said the browser can be closed, or refused with a reason. */
export const browserOutcomes = ['done', 'refused'] as const;
export type BrowserOutcome = (typeof browserOutcomes)[number];

export const callStates = ['idle', 'dialing', 'ringing', 'connected'] as const;
export type CallState = (typeof callStates)[number];

const expectSchema = z
  .strictObject({
    screen: textMatch.optional(),
    notScreen: textMatch.optional(),
    firmware: version.optional(),
    locked: trueOrFalse.optional(),
    signedIn: z.union([z.literal(false), upnSchema], { error: 'expected a user principal name, or false' }).optional(),
    warning: textMatch.optional(),
    exchange: trueOrFalse.optional(),
    call: z.enum(callStates).optional(),
    paired: trueOrFalse.optional(),
    signInMethods: z.array(z.enum(signInMethods)).optional(),
    notWarning: textMatch.optional(),
    browser: z.enum(browserOutcomes).optional(),
    browserReason: textMatch.optional(),
    // The PC's lock, as lock sync leaves it: Windows locked by its user, or by the paired phone.
    pcLocked: trueOrFalse.optional(),
  }, { error: typeError(`expected a mapping of expectations, e.g. { screen: /code/i } (keys: ${expectKeys.join(', ')})`) })
  .refine((checks) => Object.keys(checks).length > 0, `list at least one of ${expectKeys.join(', ')}`);

const exactlyOne = (keys: readonly string[]) => (value: Record<string, unknown>) =>
  keys.filter((key) => value[key] !== undefined).length === 1;

export const serverActions = ['publish', 'approve', 'restore', 'testDevice', 'policy', 'call', 'restart', 'provisioning', 'reset', 'fault'] as const;
export type ServerActionName = (typeof serverActions)[number];

/** New-CsTestDevice: `true` for this phone's MAC, or a MAC or serial number of one's own. */
const testDeviceSchema = z.union(
  [
    z.literal(true),
    z.strictObject({ mac: text('a MAC address, e.g. 00:04:F2:00:00:01') }),
    z.strictObject({ serial: text('a serial number, e.g. 0004F2000001') }),
  ],
  { error: 'expected true (this phone), { mac: MAC } or { serial: SERIAL }' },
);

const serverSchema = z
  .strictObject({
    publish: version.optional(),
    approve: version.optional(),
    restore: z.literal(true).optional(),
    testDevice: testDeviceSchema.optional(),
    policy: policySchema.optional(),
    call: phoneNumber.optional(),
    restart: z.literal(true).optional(),
    provisioning: z.union([z.literal('off'), version]).optional(),
    reset: version.optional(),
    fault: z.enum(downloadFaults, { error: `expected a download fault: ${downloadFaults.join(', ')}` }).optional(),
  }, { error: typeError(`expected one action, e.g. { publish: 5.9.5.0614 } (actions: ${serverActions.join(', ')})`) })
  .refine(exactlyOne(serverActions), `give exactly one action: ${serverActions.join(', ')}`);

/** A code to type: `shown` (what the phone shows, the default), or the text given, typed as it is. */
const codeChoice = (example: string) =>
  text(`shown, or a code to type instead, e.g. ${example}`).pipe(z.string().min(1, `expected shown, or a code such as ${example}`));

const pcObjectSchema = z
  .strictObject({
    pair: z.enum(['auto', 'manual']).optional(),
    os: z.enum(['windows', 'mac', 'vdi']).optional(),
    call: phoneNumber.optional(),
    signIn: upnSchema.optional(),
    code: codeChoice('"WRONG123"').optional(),
  })
  .refine(exactlyOne(['pair', 'call', 'signIn']), 'give exactly one of pair, call, signIn (or write lock / unlock)')
  .refine((pc) => pc.os === undefined || pc.pair !== undefined, { message: 'os goes with pair', path: ['os'] })
  .refine((pc) => pc.code === undefined || pc.pair === 'manual', { message: 'code goes with pair: manual', path: ['code'] });

// unplug / plug: the PC's cable, and with it the BToE link, goes away and comes back.
const pcSchema = z.union([z.enum(['lock', 'unlock', 'unplug', 'plug']), pcObjectSchema], {
  error: 'expected lock, unlock, unplug, plug, { pair: auto | manual, os: windows | mac | vdi, code: shown | CODE }, { call: NUMBER } or { signIn: UPN }',
});

/** One schema per step; a step is a mapping with exactly one of these keys. */
export const stepSchemas = {
  press: text('a key or softkey label, e.g. Update or Select').pipe(z.string().min(1, 'expected a key or softkey label')),
  type: text('the characters to type'),
  select: text('a menu item or softkey label').pipe(z.string().min(1, 'expected a label')),
  signIn: z.strictObject({
    method: z.enum(signInMethods),
    user: upnSchema.optional(),
    phoneLockPin: digits('123456').optional(),
  }, { error: typeError('expected { method: userId | web | pin | pc | usb, user: UPN }') }),
  setPin: digits('123456'),
  unlock: digits('123456'),
  dial: phoneNumber,
  expect: expectSchema,
  advance: duration,
  server: serverSchema,
  browser: z
    .strictObject({ user: upnSchema.optional(), account: z.enum(['pick', 'another']).default('pick'), code: codeChoice('wrong').optional() }, {
      error: typeError('expected { user: UPN, account: pick | another, code: shown | wrong }'),
    })
    .nullable()
    .transform((value) => value ?? { account: 'pick' as const }),
  pc: pcSchema,
  // Multi-phone scenarios: the steps after it act on, and check, this phone of `phones:`.
  on: phoneNameSchema,
} as const;

export type StepName = keyof typeof stepSchemas;
export const stepNames = Object.keys(stepSchemas) as StepName[];
export type StepValue<K extends StepName> = z.output<(typeof stepSchemas)[K]>;

/** A step as validated: its name, its value, and where it is written. */
export type Step = { [K in StepName]: { readonly kind: K; readonly value: StepValue<K> } }[StepName];
export type ExpectValue = StepValue<'expect'>;
export type ServerAction = StepValue<'server'>;
export type PcAction = StepValue<'pc'>;
