import { z } from 'zod';
import type { AnyStateNode, StateValue } from 'xstate';
import type { DeviceProfile } from '../core/device-profile.js';
import { fieldIds, type TextForm } from '../core/identity/text-form.js';
import { callRefusals, type CallInfo } from '../core/identity/identity-types.js';
import { initialContext } from '../core/initial-context.js';
import { locales } from '../core/messages/index.js';
import { phoneMachine } from '../core/phone-machine.js';
import type { PhoneContext } from '../core/phone-types.js';
import type { ProvisionedConfig } from '../core/provisioned.js';
import { isSecretHash } from '../core/secret-hash.js';
import type { VirtualClock } from '../core/virtual-clock.js';
import { signedInUser } from '../protocol/identity-frames.js';
import { messageSchema, offerSchema, policySchema, serverSettingsSchema } from '../protocol/frames.js';
import { readStateFile, stateText, writeFileAtomic } from '../state/state-file.js';
import type { PhoneActor } from './create-phone.js';
import { restorePhone, trackTimers, type SavedPhone, type SavedTimer } from './restore-phone.js';
import type { DeviceSettings } from '../core/device-profile.js';
import type { Locale } from '../core/messages/index.js';
import { firmwareTraits } from '../core/quirks.js';

/**
 * A phone's state file (`--state FILE`), format 2: the phone's XState snapshot as
 * `getPersistedSnapshot()` gives it (state value, context, history), less what comes back from
 * data (the profile, from devices/ by model, and the device's identity), with each running
 * timer and what was left of it on the phone's virtual clock. Virtual time does not pass while
 * the process is dead: a restored phone's clock starts where the file left it.
 * docs/decisions/0003-phone-state-is-the-machine-snapshot.md says why.
 */
export const phoneStateFormat = 'phone-emu phone state';
export const phoneStateVersion = 2;

/**
 * Context keys the file does not keep, and how each comes back on load from the device the
 * file names and its profile: a new key derived from data is one line here.
 */
const fromData = {
  profile: (_device: SavedDevice, profile: DeviceProfile) => profile,
  identity: (device: SavedDevice) => ({ mac: device.mac, serial: device.serial }),
  traits: (_device: SavedDevice, profile: DeviceProfile, kept: { readonly firmware: string }) => firmwareTraits(profile, kept.firmware),
} satisfies {
  readonly [K in keyof PhoneContext]?: (device: SavedDevice, profile: DeviceProfile, kept: { readonly firmware: string }) => PhoneContext[K];
};

type FromData = keyof typeof fromData;
/** What the file keeps of the context. */
export type KeptContext = Omit<PhoneContext, FromData>;

const secretHash = z.string().refine(isSecretHash, 'a salted scrypt hash written by phone-emu (scrypt$ln=...)');
const version = z.string().min(1).max(64);
const virtualMs = z.int().min(0);
const text = (max: number) => z.string().max(max);

const device = z.strictObject({ model: z.string().min(1).max(64), mac: z.string().min(1).max(32), serial: z.string().min(1).max(64) });
type SavedDevice = z.infer<typeof device>;

const settings = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const warnings = z.array(z.strictObject({ id: z.string().min(1).max(64), message: messageSchema })).max(32);
const install = z.strictObject({ from: version, to: version });
const rollback = z.strictObject({ version: text(64), reason: text(1_000) });
const authority = z.enum(['inBand', 'provisioning']);

const form = z.strictObject({
  fields: z.array(z.strictObject({ id: z.enum(fieldIds), secret: z.boolean(), value: text(64) })).min(1).max(4),
  focus: z.int().min(0).max(3),
}) satisfies z.ZodType<TextForm>;

const callInfo = z.strictObject({
  id: z.string().min(1).max(64),
  party: z.string().min(1).max(256),
  direction: z.enum(['outgoing', 'incoming']),
  answerAfterMs: virtualMs,
  farEnd: z.literal('phone').optional(),
}) satisfies z.ZodType<CallInfo>;

/** The last good configuration a provisioning server gave (core/provisioned.ts). */
const provisionedSchema = z.strictObject({
  server: z.string().min(1).max(2048),
  precedence: z.enum(['provisioningFile', 'inBand']),
  updatePopUp: z.boolean().optional(),
  locale: z.enum(locales).optional(),
  phoneLockEnabled: z.boolean().optional(),
  line1DisplayName: text(256).optional(),
  line1Label: text(256).optional(),
  md5: z.record(z.string().max(2048), z.string().regex(/^[0-9a-f]{32}$/)).refine((md5) => Object.keys(md5).length <= 64, 'at most 64 files'),
}) satisfies z.ZodType<ProvisionedConfig>;

/** The context less what comes back from data: every key checked, so a hand-edited file cannot break the phone. */
const keptContext = z.strictObject({
  locale: z.enum(locales),
  settings,
  firmware: version,
  server: serverSettingsSchema,
  policy: policySchema,
  update: z.strictObject({
    previousFirmware: version.nullable(),
    justInstalled: install.nullable(),
    nextCheckMs: z.int().positive().nullable(),
    offer: offerSchema.nullable(),
    offerFrom: authority,
    provisioning: z.strictObject({ server: z.string().min(1).max(2048), offer: offerSchema.nullable() }).nullable(),
    installHistory: z.array(z.strictObject({ version, authority })).max(8),
    rolledBack: rollback.nullable(),
    download: z
      .strictObject({
        receivedBytes: z.number().min(0),
        outcome: z.union([z.literal('pending'), z.literal('verified'), z.strictObject({ failed: text(1_000) })]),
        image: z.strictObject({ family: text(64), version: text(64) }).optional(),
      })
      .nullable(),
    onDemand: z.boolean(),
  }),
  warnings,
  notice: messageSchema.nullable(),
  menu: z.strictObject({ path: z.array(z.string().min(1).max(64)).max(16), cursor: z.int().min(0).max(1_000), floor: z.int().min(0).max(16).optional() }),
  deviceLockPin: secretHash.nullable(),
  account: z.strictObject({
    deployment: z.enum(['online', 'onprem']),
    user: signedInUser.nullable(),
    /** The session token the phone resumes with: a credential, which is why the file is its owner's only. */
    token: z.string().min(1).max(128).nullable(),
    emergencyNumbers: z.array(z.string().min(1).max(16)).max(16),
    methodCursor: z.int().min(0).max(16),
    webCode: z.strictObject({ code: z.string().min(1).max(32), url: z.string().min(1).max(2048), expiresInMs: virtualMs }).nullable(),
    error: messageSchema.nullable(),
  }),
  form: form.nullable(),
  lock: z.strictObject({
    pinHash: secretHash.nullable(),
    pendingHash: secretHash.nullable(),
    failures: z.int().min(0).max(100),
    idleSince: virtualMs,
    error: messageSchema.nullable(),
  }),
  calling: z.strictObject({ dialer: z.string().max(64).nullable(), current: callInfo.nullable(), digitAt: virtualMs }),
  pairing: z.strictObject({ paired: z.boolean(), code: z.string().min(1).max(32).nullable(), mode: z.enum(['auto', 'manual']).nullable(), pcLocked: z.boolean() }),
  // Files written before phones read provisioning servers have none.
  provisioned: provisionedSchema.nullable().default(null),
});

// Whatever the schema accepts is a context the chart can run on (checked by the compiler).
const _accepted = (kept: z.infer<typeof keptContext>): KeptContext => kept;
void _accepted;
void callRefusals;

const stateValue: z.ZodType<StateValue> = z.lazy(() => z.union([z.string().min(1).max(64), z.record(z.string().min(1).max(64), stateValue)]));

/**
 * Where a state value is not one of the chart's, or undefined; `active` collects the states it
 * is in (a compound state named without its child is in its initial one).
 */
function valueProblem(node: AnyStateNode, value: StateValue | undefined, active: AnyStateNode[]): string | undefined {
  active.push(node);
  const children = node.states;
  if (node.type === 'parallel') {
    if (typeof value === 'string') return `${node.id} runs regions side by side: give each its state, not "${value}"`;
    for (const key of Object.keys(value ?? {})) if (!(key in children)) return `"${key}" is not a region of ${node.id}`;
    for (const [key, child] of Object.entries(children)) {
      const problem = valueProblem(child, value?.[key], active);
      if (problem) return problem;
    }
    return undefined;
  }
  if (node.type !== 'compound') return value === undefined || (typeof value === 'object' && Object.keys(value).length === 0) ? undefined : `${node.id} has no states inside`;
  const keys = value === undefined ? [node.initial.target[0]!.key] : typeof value === 'string' ? [value] : Object.keys(value);
  if (keys.length !== 1) return `${node.id} is in one state at a time, not ${keys.length}`;
  const child = children[keys[0]!];
  if (!child) return `"${keys[0]}" is not a state of ${node.id}`;
  return valueProblem(child, typeof value === 'object' ? value[keys[0]!] : undefined, active);
}

const timer = z.strictObject({ event: z.string().startsWith('xstate.after.').max(256), remainingMs: virtualMs }) satisfies z.ZodType<SavedTimer>;

const phoneStateV2 = z
  .strictObject({
    format: z.literal(phoneStateFormat),
    version: z.literal(2),
    device,
    /** The phone's virtual clock when the file was written. */
    clockMs: virtualMs,
    /** The key of the phone's PC port (phone-link.ts): the PC still cabled to it is paired again after a restart. */
    pcPort: z.string().min(16).max(128).optional(),
    /** `actor.getPersistedSnapshot()`, its context less the keys that come back from data. */
    snapshot: z.strictObject({
      status: z.literal('active'),
      value: stateValue,
      historyValue: z.record(z.string(), z.array(z.strictObject({ id: z.string() }))),
      context: keptContext,
      children: z.strictObject({}),
    }),
    /** Each running timer: its delayed event, and what was left of it. */
    timers: z.array(timer).max(32),
  })
  .superRefine((state, issues) => {
    const active: AnyStateNode[] = [];
    const problem = valueProblem(phoneMachine.root, state.snapshot.value, active);
    if (problem) return issues.addIssue({ code: 'custom', path: ['snapshot', 'value'], message: problem });
    const armed = new Set(active.flatMap((node) => node.after.map((transition) => transition.eventType)));
    state.timers.forEach((saved, index) => {
      if (!armed.has(saved.event)) issues.addIssue({ code: 'custom', path: ['timers', index, 'event'], message: `no state the phone is in runs ${saved.event}` });
    });
  });

export type PhoneState = z.infer<typeof phoneStateV2>;

/** Format 1 (phone-emu before the state file held the snapshot): read once, then written as format 2. */
const phoneStateV1 = z.strictObject({
  format: z.literal(phoneStateFormat),
  version: z.literal(1),
  device,
  clockMs: virtualMs,
  locale: z.enum(locales),
  settings,
  firmware: version,
  previousFirmware: version.nullable(),
  power: z.enum(['running', 'booting']),
  server: serverSettingsSchema,
  policy: policySchema,
  nextCheckMs: z.int().positive().nullable(),
  update: z.strictObject({ state: z.enum(['idle', 'offered', 'downloading']), offer: offerSchema.nullable(), from: authority }),
  warnings,
  account: z.strictObject({
    deployment: z.enum(['online', 'onprem']),
    emergencyNumbers: z.array(z.string().min(1).max(16)).max(16),
    user: signedInUser.nullable(),
    token: z.string().min(1).max(128).nullable(),
    webCode: z.strictObject({ code: z.string().min(1).max(32), url: z.string().min(1).max(2048), expiresAt: virtualMs }).nullable(),
  }),
  lock: z.strictObject({ state: z.enum(['off', 'creating', 'unlocked', 'locked', 'adminCode']), pinHash: secretHash.nullable(), failures: z.int().min(0).max(100) }),
  deviceLockPinHash: secretHash.nullable(),
  paired: z.boolean(),
  pcPort: z.string().min(16).max(128).optional(),
  deadlines: z.strictObject({ checkInterval: virtualMs.optional(), updateInactivity: virtualMs.optional(), phoneLockTimeout: virtualMs.optional() }),
});
type PhoneStateV1 = z.infer<typeof phoneStateV1>;

/** Profile-free: the context's own start values; the profile is attached again on load. */
const noProfile = { settings: {}, quirks: {} } as unknown as DeviceProfile;

/**
 * A format-1 file as a phone that powers on with its memory (firmware and the build kept for
 * rollback, user and token, PIN hashes, pairing, policy, server settings, warnings, locale,
 * settings, next check) and its web sign-in code with what was left of it. The rest of where
 * it was (the lock screen, an offer on screen, a download, the timers' remainders) is what any
 * power-on starts afresh: see docs/decisions/0003-phone-state-is-the-machine-snapshot.md.
 */
function fromVersion1(old: PhoneStateV1): PhoneState {
  const fresh = initialContext({ profile: noProfile, identity: old.device, firmware: old.firmware, locale: old.locale, settings: old.settings });
  const { webCode } = old.account;
  const context: PhoneContext = {
    ...fresh,
    settings: old.settings,
    server: old.server,
    policy: old.policy,
    update: { ...fresh.update, previousFirmware: old.previousFirmware, nextCheckMs: old.nextCheckMs },
    warnings: old.warnings,
    deviceLockPin: old.deviceLockPinHash,
    account: {
      ...fresh.account,
      deployment: old.account.deployment,
      emergencyNumbers: old.account.emergencyNumbers,
      user: old.account.user,
      token: old.account.token,
      webCode: webCode && { code: webCode.code, url: webCode.url, expiresInMs: Math.max(1, webCode.expiresAt - old.clockMs) },
    },
    lock: { ...fresh.lock, pinHash: old.lock.pinHash, failures: old.lock.failures },
    pairing: { ...fresh.pairing, paired: old.paired },
  };
  return {
    format: phoneStateFormat,
    version: 2,
    device: old.device,
    clockMs: old.clockMs,
    ...(old.pcPort === undefined ? {} : { pcPort: old.pcPort }),
    // Booting: restorePhone arms the boot with its full time.
    snapshot: { status: 'active', value: 'booting', historyValue: {}, context: keptOf(context), children: {} },
    timers: [],
  };
}

const phoneStateFile = z.looseObject({ format: z.literal(phoneStateFormat), version: z.unknown() }).transform((file, issues): PhoneState => {
  const schema = file.version === 1 ? phoneStateV1 : file.version === phoneStateVersion ? phoneStateV2 : undefined;
  if (!schema) {
    issues.addIssue({
      code: 'custom',
      path: ['version'],
      message: `format version ${JSON.stringify(file.version)} is not one this phone-emu reads (1 and ${phoneStateVersion}): run the phone-emu that wrote it, or start with another --state file`,
    });
    return z.NEVER;
  }
  const parsed = schema.safeParse(file);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    return z.NEVER;
  }
  return parsed.data.version === 1 ? fromVersion1(parsed.data) : parsed.data;
});

/** Reads a phone state file (format 1 is migrated); undefined when there is none yet. A StateFileError names the file and field. */
export function readPhoneState(file: string): PhoneState | undefined {
  return readStateFile(file, phoneStateFile);
}

/** What the file keeps of a context: no key that comes back from data, no secret typed into a form. */
function keptOf(context: PhoneContext): PhoneState['snapshot']['context'] {
  const kept: Record<string, unknown> = { ...context };
  for (const key of Object.keys(fromData)) delete kept[key];
  const { form } = context;
  if (form) kept['form'] = { ...form, fields: form.fields.map((field) => (field.secret ? { ...field, value: '' } : field)) };
  return kept as unknown as PhoneState['snapshot']['context'];
}

/** The saved phone of a state file, with what comes back from data: what restorePhone takes. */
export function savedPhoneOf(state: PhoneState, profile: DeviceProfile): SavedPhone {
  const derived = Object.fromEntries(Object.entries(fromData).map(([key, derive]) => [key, derive(state.device, profile, state.snapshot.context)]));
  return { snapshot: { ...state.snapshot, context: { ...state.snapshot.context, ...derived } as unknown as PhoneContext }, timers: state.timers };
}

/**
 * The phone a state file keeps, as an actor (not started) on `clock`, which starts where the
 * file left it. What the command line says (locale, settings) wins over the file.
 */
export function phoneFromState(
  state: PhoneState,
  options: { readonly profile: DeviceProfile; readonly clock: VirtualClock; readonly locale?: Locale | undefined; readonly settings?: DeviceSettings | undefined },
): PhoneActor {
  const saved = savedPhoneOf(state, options.profile);
  const { context } = saved.snapshot;
  const settings = options.settings && Object.keys(options.settings).length > 0 ? { ...context.settings, ...options.settings } : context.settings;
  options.clock.set(state.clockMs);
  return restorePhone(
    phoneMachine,
    { ...saved, snapshot: { ...saved.snapshot, context: { ...context, locale: options.locale ?? context.locale, settings } } },
    options.clock,
  );
}

/** The state file's content for a phone as it is now. */
function phoneState(actor: PhoneActor, clockMs: number, timers: readonly SavedTimer[]): PhoneState {
  const { context, ...snapshot } = actor.getPersistedSnapshot() as unknown as { context: PhoneContext } & Omit<PhoneState['snapshot'], 'context'>;
  return {
    format: phoneStateFormat,
    version: 2,
    device: { model: context.profile.id, mac: context.identity.mac, serial: context.identity.serial },
    clockMs,
    snapshot: { status: snapshot.status, value: snapshot.value, historyValue: snapshot.historyValue, context: keptOf(context), children: {} },
    timers: [...timers],
  };
}

export interface PhonePersistence {
  /** Writes the file now if the phone (or its clock) moved since the last write. */
  flush(): void;
  /** Writes a last time and stops. */
  close(): void;
}

/** How often the file catches up with a clock that moved while nothing else changed: a kill loses at most this much. */
const clockSaveMs = 1_000;

/**
 * Keeps `file` up to date with the phone, written atomically whenever what it keeps changes
 * (call before the actor starts, so the first timers are seen). While only the clock moves,
 * the file catches up once a second of wall time.
 */
export function persistPhone(
  file: string,
  actor: PhoneActor,
  clock: VirtualClock,
  onError: (message: string) => void,
  pcPort?: string,
): PhonePersistence {
  const timers = trackTimers(actor, clock);
  let lastFields = '';
  let lastClockMs = -1;
  let closed = false;
  const write = (force: boolean) => {
    if (closed || actor.getSnapshot().status !== 'active') return;
    const saved = timers.saved();
    const state = { ...phoneState(actor, clock.now(), saved), ...(pcPort === undefined ? {} : { pcPort }) };
    // The clock alone moving is not a change worth a write, except to catch up now and then:
    // compared with when each timer fires, not with what is left of it.
    const due = saved.map((timer) => ({ event: timer.event, at: clock.now() + timer.remainingMs }));
    const fieldsText = JSON.stringify({ ...state, clockMs: 0, timers: due });
    if (fieldsText === lastFields && (!force || clock.now() === lastClockMs)) return;
    try {
      writeFileAtomic(file, stateText(state));
      lastFields = fieldsText;
      lastClockMs = clock.now();
    } catch (error) {
      // The phone keeps running; the next change tries again.
      onError(`could not write the state file ${file}: ${(error as Error).message}`);
    }
  };
  const subscription = actor.subscribe(() => write(false));
  const catchUp = setInterval(() => write(true), clockSaveMs);
  catchUp.unref();
  return {
    flush: () => write(true),
    close: () => {
      write(true);
      closed = true;
      clearInterval(catchUp);
      subscription.unsubscribe();
    },
  };
}

/** The builds a state file names (the one the phone runs, the one kept for rollback), each with its field in the file. */
export function savedBuilds(state: PhoneState): { readonly firmware: string; readonly fields: readonly (readonly [field: string, version: string | null])[] } {
  const { firmware, update } = state.snapshot.context;
  return {
    firmware,
    fields: [
      ['snapshot.context.firmware', firmware],
      ['snapshot.context.update.previousFirmware', update.previousFirmware],
    ],
  };
}
