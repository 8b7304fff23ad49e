import { certifiedBuildsFor } from '../core/catalog.js';
import type { DeviceProfile } from '../core/device-profile.js';
import { runningRegionState } from '../core/running-region.js';
import { VirtualClock } from '../core/virtual-clock.js';
import { createPhone, createPhoneSystem, identityFor, type PhoneActor } from '../phone/create-phone.js';
import { PendingWork } from '../phone/pending-work.js';
import { linkPhone, type PhoneLink } from '../phone/phone-link.js';
import type { ProjectData } from '../profiles/load-data.js';
import { allocate, type MixShare } from './device-mix.js';
import { garbageCollector, peakRssBytes } from './memory.js';
import { SignInWaves, type SignInTally, type SignInWaveOptions } from './sign-in-waves.js';

export interface FleetOptions {
  readonly data: ProjectData;
  readonly serverUrl: string;
  readonly count: number;
  readonly mix: readonly MixShare[];
  /** The build each model (profile id) should end on, or null to just connect the fleet. */
  readonly targets: ReadonlyMap<string, string> | null;
  /** The build each phone boots on. */
  readonly startingFirmware: (profile: DeviceProfile) => string;
  /** Phones that boot together; later waves boot a virtual millisecond later, so connects come in waves. */
  readonly waveSize?: number;
  /** Give up after this much virtual time. */
  readonly maxVirtualMs?: number;
  /** How often progress is reported, in virtual time. */
  readonly progressEveryMs?: number;
  readonly onProgress?: (progress: FleetProgress) => void;
  /** Phones sign in as the tenant's users, in waves. */
  readonly signIn?: SignInWaveOptions;
  /** Close every phone afterwards (default). A process about to exit skips it: the OS closes sockets faster. */
  readonly teardown?: boolean;
}

export interface FleetProgress {
  readonly phones: number;
  /** A rollout runs: onTarget counts. */
  readonly rollout: boolean;
  readonly connected: number;
  readonly onTarget: number;
  readonly failed: number;
  /** With sign-in waves: phones signed in so far. */
  readonly signedIn?: number;
  readonly virtualMs: number;
}

export interface FleetSummary {
  readonly phones: number;
  /** A rollout ran: converged and failed count. */
  readonly rollout: boolean;
  readonly connected: number;
  readonly converged: number;
  readonly failed: number;
  readonly firmware: Record<string, number>;
  readonly failures: Record<string, number>;
  readonly virtualMs: number;
  readonly wallMs: number;
  readonly peakRssBytes: number;
  /** With sign-in waves: how they ended. */
  readonly signIn?: SignInTally;
}

interface FleetPhone {
  readonly actor: PhoneActor;
  readonly link: PhoneLink;
  readonly profileId: string;
}

const defaultWaveSize = 250;
const defaultMaxVirtualMs = 7 * 24 * 60 * 60_000;

/**
 * Runs `count` headless phones (the same machines as the TUI), each with its own
 * WebSocket, on one virtual clock, until every phone is on its model's target build
 * or the time limit passes. Time only moves once every phone's requests are answered.
 */
export async function runFleet(options: FleetOptions): Promise<FleetSummary> {
  const started = performance.now();
  const clock = new VirtualClock();
  const work = new PendingWork();
  const phones: FleetPhone[] = [];
  const system = createPhoneSystem(clock);
  const waveSize = options.waveSize ?? defaultWaveSize;
  const memory = garbageCollector();

  let index = 0;
  for (const { profileId, count } of allocate(options.mix, options.count)) {
    const profile = options.data.profiles.get(profileId)!;
    for (let n = 0; n < count; n += 1, index += 1) {
      const actor = createPhone({ profile, firmware: options.startingFirmware(profile), clock, system, identity: identityFor(profile, index + 1) });
      const link = linkPhone(actor, { url: options.serverUrl, clock, work });
      phones.push({ actor, link, profileId });
      // Waves boot a millisecond apart in virtual time: each wave connects before the next starts.
      clock.setTimeout(() => actor.start(), Math.floor(index / waveSize));
    }
  }

  const signIns = options.signIn && new SignInWaves(phones.map((phone) => phone.actor), options.signIn, work);
  if (signIns) {
    const everyMs = options.signIn!.everyMs;
    const wave = () => {
      signIns.tick();
      if (!signIns.done) clock.setTimeout(wave, everyMs);
    };
    clock.setTimeout(wave, everyMs);
  }

  const connected = (phone: FleetPhone) => runningRegionState(phone.actor.getSnapshot().value, 'connection') === 'online';
  // On target means running the build and back online, so the server has its report.
  const onTarget = (phone: FleetPhone) => {
    const target = options.targets?.get(phone.profileId);
    return target !== undefined && phone.actor.getSnapshot().context.firmware === target && connected(phone);
  };
  /**
   * One pass over the phones: the progress to report, and whether the run is over. A rollout
   * ends once every phone is on its target or its update has failed (a phone whose link is
   * down keeps retrying, so that alone does not end it: the time limit does).
   */
  const look = (): { progress: FleetProgress; over: boolean } => {
    let online = 0;
    let done = 0;
    let failed = 0;
    let updatesEnded = 0;
    for (const phone of phones) {
      if (connected(phone)) online += 1;
      if (onTarget(phone)) {
        done += 1;
        updatesEnded += 1;
      } else {
        if (phone.link.lastProblem) failed += 1;
        if (phone.link.updateFailure !== null) updatesEnded += 1;
      }
    }
    const tally = signIns?.tally();
    const rolledOut = options.targets === null || updatesEnded === phones.length;
    return {
      progress: {
        phones: phones.length,
        rollout: options.targets !== null,
        connected: online,
        onTarget: done,
        failed,
        ...(tally ? { signedIn: tally.signedIn } : {}),
        virtualMs: clock.now(),
      },
      over: rolledOut && (!tally || tally.pending === 0),
    };
  };

  const settle = async () => {
    await work.settled();
    memory.maybeCollect();
  };
  const step = options.progressEveryMs ?? 60_000;
  const limit = options.maxVirtualMs ?? defaultMaxVirtualMs;
  // Boot everyone and let the first checks come back.
  await clock.advance(Math.ceil(phones.length / waveSize) + 60_000, settle);
  for (;;) {
    const { progress, over } = look();
    options.onProgress?.(progress);
    if (over || clock.now() >= limit) break;
    await clock.advance(step, settle);
  }

  const summary = summarize(phones, onTarget, connected, clock.now(), options.targets !== null);
  const result = {
    ...summary,
    wallMs: Math.round(performance.now() - started),
    peakRssBytes: peakRssBytes(),
    ...(signIns ? { signIn: signIns.tally() } : {}),
  };
  if (options.teardown !== false) {
    // Phones share the fleet's system and clock: closing their links and dropping the clock
    // ends them (XState stops only a root actor directly).
    for (const phone of phones) phone.link.close();
    system.stop();
  }
  return result;
}

function summarize(
  phones: readonly FleetPhone[],
  onTarget: (phone: FleetPhone) => boolean,
  connected: (phone: FleetPhone) => boolean,
  virtualMs: number,
  rollout: boolean,
): Omit<FleetSummary, 'wallMs' | 'peakRssBytes'> {
  const firmware: Record<string, number> = {};
  const failures: Record<string, number> = {};
  let converged = 0;
  let online = 0;
  for (const phone of phones) {
    const version = phone.actor.getSnapshot().context.firmware;
    firmware[version] = (firmware[version] ?? 0) + 1;
    if (connected(phone)) online += 1;
    if (onTarget(phone)) converged += 1;
    else if (rollout) {
      const reason = phone.link.lastProblem ?? (connected(phone) ? notOnTarget(phone) : 'not connected');
      failures[reason] = (failures[reason] ?? 0) + 1;
    }
  }
  const failed = Object.values(failures).reduce((sum, n) => sum + n, 0);
  return { phones: phones.length, rollout, connected: online, converged, failed, firmware, failures, virtualMs };
}

/** Why a connected phone is not on its target: what it was told last, or that it does not ask. */
function notOnTarget(phone: FleetPhone): string {
  const { policy } = phone.actor.getSnapshot().context;
  const why = !policy.EnableDeviceUpdate
    ? '; EnableDeviceUpdate is False, so the phone does not ask for updates'
    : phone.link.noUpdateReason === null
      ? ''
      : `; the server's last answer: ${phone.link.noUpdateReason}`;
  return `not on the target build when time ran out${why}`;
}

/** The newest certified build of every model in the mix: `--rollout latest`. */
export function latestTargets(data: ProjectData, mix: readonly MixShare[]): Map<string, string> {
  const targets = new Map<string, string>();
  for (const { profileId } of mix) {
    const profile = data.profiles.get(profileId)!;
    const newest = certifiedBuildsFor(data.families.get(profile.firmwareFamily)!, profile).at(-1);
    if (newest) targets.set(profileId, newest.version);
  }
  return targets;
}
