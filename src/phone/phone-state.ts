import { z } from 'zod';
import { locales } from '../core/messages/index.js';
import type { PhoneContext, PhoneRestore, RestorableDelay, RestoredLock } from '../core/phone-types.js';
import { isSecretHash } from '../core/secret-hash.js';
import type { VirtualClock } from '../core/virtual-clock.js';
import { signedInUser } from '../protocol/identity-frames.js';
import { messageSchema, offerSchema, policySchema, serverSettingsSchema } from '../protocol/frames.js';
import { readStateFile, stateText, writeFileAtomic } from '../state/state-file.js';
import type { PhoneActor } from './create-phone.js';

/**
 * A phone's state file (`--state FILE`): what the phone keeps across runs (device, firmware
 * and the build kept for rollback, user and session token, Phone-Lock and Device-Lock PINs as
 * salted hashes, pairing, locale, device parameters, the last policy and settings the server
 * sent) and where it was (the offer it showed, the lock screen, the web code) with the
 * deadlines of its running timers on its virtual clock. Virtual time does not pass while the
 * process is dead: a restored phone's clock starts where the file left it.
 */
export const phoneStateFormat = 'phone-emu phone state';

const secretHash = z.string().refine(isSecretHash, 'a salted scrypt hash written by phone-emu (scrypt$ln=...)');
const version = z.string().min(1).max(64);
const virtualMs = z.int().min(0);
const restoredLocks = ['off', 'creating', 'unlocked', 'locked', 'adminCode'] as const satisfies readonly RestoredLock[];

export const phoneStateSchema = z.strictObject({
  format: z.literal(phoneStateFormat),
  version: z.literal(1),
  device: z.strictObject({ model: z.string().min(1).max(64), mac: z.string().min(1).max(32), serial: z.string().min(1).max(64) }),
  /** The phone's virtual clock when the file was written. */
  clockMs: virtualMs,
  locale: z.enum(locales),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  firmware: version,
  previousFirmware: version.nullable(),
  /** running: up; booting: booting, installing or rebooting (a restored phone then powers on, on `firmware`). */
  power: z.enum(['running', 'booting']),
  server: serverSettingsSchema,
  policy: policySchema,
  nextCheckMs: z.int().positive().nullable(),
  update: z.strictObject({
    state: z.enum(['idle', 'offered', 'downloading']),
    offer: offerSchema.nullable(),
    from: z.enum(['inBand', 'provisioning']),
  }),
  warnings: z.array(z.strictObject({ id: z.string().min(1).max(64), message: messageSchema })).max(32),
  account: z.strictObject({
    deployment: z.enum(['online', 'onprem']),
    emergencyNumbers: z.array(z.string().min(1).max(16)).max(16),
    user: signedInUser.nullable(),
    /** The session token the phone resumes with: a credential, which is why the file is its owner's only. */
    token: z.string().min(1).max(128).nullable(),
    webCode: z.strictObject({ code: z.string().min(1).max(32), url: z.string().min(1).max(2048), expiresAt: virtualMs }).nullable(),
  }),
  lock: z.strictObject({ state: z.enum(restoredLocks), pinHash: secretHash.nullable(), failures: z.int().min(0).max(100) }),
  deviceLockPinHash: secretHash.nullable(),
  paired: z.boolean(),
  /** The key of the phone's PC port (phone-link.ts): the PC still cabled to it is paired again after a restart. */
  pcPort: z.string().min(16).max(128).optional(),
  /** When each running timer fires, on the virtual clock. */
  deadlines: z.strictObject({ checkInterval: virtualMs.optional(), updateInactivity: virtualMs.optional(), phoneLockTimeout: virtualMs.optional() }),
});

export type PhoneState = z.infer<typeof phoneStateSchema>;

/** Reads a phone state file; undefined when there is none yet. A StateFileError names the file and field. */
export function readPhoneState(file: string): PhoneState | undefined {
  return readStateFile(file, phoneStateSchema);
}

/** What the phone's input needs to come back from a state file. */
export function restoreFrom(saved: PhoneState): PhoneRestore {
  const delays: Partial<Record<RestorableDelay, number>> = {};
  for (const [delay, deadline] of Object.entries(saved.deadlines) as [RestorableDelay, number | undefined][]) {
    if (deadline !== undefined) delays[delay] = Math.max(0, deadline - saved.clockMs);
  }
  const { webCode } = saved.account;
  return {
    route: { power: saved.power, update: saved.update.state, lock: saved.lock.state, lockFailures: saved.lock.failures, delays },
    previousFirmware: saved.previousFirmware,
    server: saved.server,
    policy: saved.policy,
    nextCheckMs: saved.nextCheckMs,
    offer: saved.update.offer,
    offerFrom: saved.update.from,
    warnings: saved.warnings,
    account: {
      ...saved.account,
      webCode: webCode && { code: webCode.code, url: webCode.url, expiresInMs: Math.max(1, webCode.expiresAt - saved.clockMs) },
    },
    lockPinHash: saved.lock.pinHash,
    deviceLockPin: saved.deviceLockPinHash,
    paired: saved.paired,
  };
}

/**
 * When each timer of the actor fires on its virtual clock. XState keeps the delay of each
 * scheduled event but not when it started on our clock, so each new one is noted as it appears.
 */
function timerDeadlines(actor: PhoneActor, clock: VirtualClock) {
  const dueAt = new WeakMap<object, number>();
  return {
    /** Notes the timers scheduled since the last call: run after every step of the actor. */
    note(): void {
      for (const scheduled of Object.values(actor.system.getSnapshot()._scheduledEvents)) {
        if (scheduled.source === actor && !dueAt.has(scheduled)) dueAt.set(scheduled, clock.now() + scheduled.delay);
      }
    },
    /** When the named delay's timer fires, if one is running. */
    of(delay: string): number | undefined {
      const prefix = `xstate.after.${delay}.`;
      // Phones of a fleet share one system: this phone's timers are those it scheduled.
      const scheduled = Object.values(actor.system.getSnapshot()._scheduledEvents).find(
        (entry) => entry.source === actor && entry.event.type.startsWith(prefix),
      );
      return scheduled && dueAt.get(scheduled);
    },
  };
}

type Snapshot = ReturnType<PhoneActor['getSnapshot']>;

function lockState(snapshot: Snapshot): RestoredLock {
  if (snapshot.matches({ running: { lock: { locked: 'adminCode' } } })) return 'adminCode';
  for (const state of ['locked', 'unlocked', 'creating'] as const) if (snapshot.matches({ running: { lock: state } })) return state;
  return 'off';
}

function updateState(snapshot: Snapshot): PhoneState['update']['state'] {
  if (snapshot.matches({ running: { update: 'offered' } })) return 'offered';
  if (snapshot.matches({ running: { update: 'downloading' } })) return 'downloading';
  return 'idle';
}

/** The state file's content for a phone as it is now. */
function phoneState(snapshot: Snapshot, clockMs: number, deadline: (delay: string) => number | undefined): PhoneState {
  const context: PhoneContext = snapshot.context;
  const running = snapshot.matches('running');
  const update = running ? updateState(snapshot) : 'idle';
  const lock = running ? lockState(snapshot) : 'off';
  const webCode = running && snapshot.matches({ running: { signIn: { signedOut: { web: 'showing' } } } }) ? context.account.webCode : null;
  const webCodeExpiresAt = webCode ? deadline('webCodeLifetime') : undefined;
  const deadlines: PhoneState['deadlines'] = {};
  if (snapshot.matches({ running: { update: 'idle' } })) deadlines.checkInterval = deadline('checkInterval');
  if (update === 'offered') deadlines.updateInactivity = deadline('updateInactivity');
  if (lock === 'unlocked') deadlines.phoneLockTimeout = deadline('phoneLockTimeout');
  return {
    format: phoneStateFormat,
    version: 1,
    device: { model: context.profile.id, mac: context.identity.mac, serial: context.identity.serial },
    clockMs,
    locale: context.locale,
    settings: { ...context.settings },
    firmware: context.firmware,
    previousFirmware: context.update.previousFirmware,
    power: running ? 'running' : 'booting',
    server: context.server,
    policy: context.policy,
    nextCheckMs: context.update.nextCheckMs,
    update: { state: update, offer: update === 'idle' ? null : context.update.offer, from: context.update.offerFrom },
    warnings: context.warnings.map(({ id, message }) => ({ id, message })),
    account: {
      deployment: context.account.deployment,
      emergencyNumbers: [...context.account.emergencyNumbers],
      user: context.account.user,
      token: context.account.token,
      webCode: webCode && webCodeExpiresAt !== undefined ? { code: webCode.code, url: webCode.url, expiresAt: webCodeExpiresAt } : null,
    },
    lock: { state: lock, pinHash: context.lock.pinHash, failures: context.lock.failures },
    deviceLockPinHash: context.deviceLockPin,
    paired: context.pairing.paired,
    deadlines: Object.fromEntries(Object.entries(deadlines).filter(([, at]) => at !== undefined)),
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
 * (subscribe before the actor starts, so the first timers are seen). While only the clock
 * moves, the file catches up once a second of wall time.
 */
export function persistPhone(
  file: string,
  actor: PhoneActor,
  clock: VirtualClock,
  onError: (message: string) => void,
  pcPort?: string,
): PhonePersistence {
  const timers = timerDeadlines(actor, clock);
  let lastFields = '';
  let lastClockMs = -1;
  let closed = false;
  const write = (force: boolean) => {
    const snapshot = actor.getSnapshot();
    if (closed || snapshot.status !== 'active') return;
    const state = { ...phoneState(snapshot, clock.now(), (delay) => timers.of(delay)), ...(pcPort === undefined ? {} : { pcPort }) };
    // The clock alone moving is not a change worth a write, except to catch up now and then.
    const fieldsText = JSON.stringify({ ...state, clockMs: 0 });
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
  const subscription = actor.subscribe(() => {
    timers.note();
    write(false);
  });
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
