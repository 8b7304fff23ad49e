import { certifiedBuildsFor, findBuild, runsOn } from '../core/catalog.js';
import type { DeviceProfile } from '../core/device-profile.js';
import { firmware, isOnline, policy } from '../core/selectors.js';
import { compareVersions, sameVersionLine } from '../core/version.js';
import { VirtualClock } from '../core/virtual-clock.js';
import { assemblePhone } from '../phone/assemble-phone.js';
import { createPhoneSystem, identityFor, type PhoneActor } from '../phone/create-phone.js';
import { PendingWork } from '../phone/pending-work.js';
import type { PhoneLink } from '../phone/phone-link.js';
import type { ProjectData } from '../profiles/load-data.js';
import type { MixShare } from './device-mix.js';
import { phoneSlots, type PhoneRange } from './fleet-slices.js';
import { garbageCollector, peakRssBytes } from './memory.js';
import { SignInWaves, type SignInTally, type SignInWaveOptions } from './sign-in-waves.js';
import { CallWaves, type CallTally } from './call-waves.js';

export interface FleetOptions {
  readonly data: ProjectData;
  readonly serverUrl: string;
  readonly count: number;
  /** Run only these phones of the fleet of `count` (a shard or a worker's slice); each keeps the MAC it has in the whole fleet. */
  readonly range?: PhoneRange;
  readonly mix: readonly MixShare[];
  /** The build each model (profile id) should end on, or null to just connect the fleet. */
  readonly targets: ReadonlyMap<string, string> | null;
  /** The build each phone boots on. */
  readonly startingFirmware: (profile: DeviceProfile) => string;
  /** `--provisioning URL`: every phone reads its vendor files from this server at boot. */
  readonly provisioning?: { readonly url: string; readonly insecure?: boolean } | undefined;
  /** Phones that boot together; later waves boot a virtual millisecond later, so connects come in waves. */
  readonly waveSize?: number;
  /** Give up after this much virtual time. */
  readonly maxVirtualMs?: number;
  /** How often progress is reported, in virtual time. */
  readonly progressEveryMs?: number;
  readonly onProgress?: (progress: FleetProgress) => void;
  /** Phones sign in as the tenant's users, in waves. */
  readonly signIn?: SignInWaveOptions;
  /** With signIn: signed-in phones call each other in pairs (call-waves.ts), at each sign-in wave. */
  readonly calls?: boolean;
  /** Close every phone afterwards (default). A process about to exit skips it: the OS closes sockets faster. */
  readonly teardown?: boolean;
  /** Aborted (Ctrl+C): the run stops where it is and summarizes what it has. */
  readonly signal?: AbortSignal;
}

export interface FleetProgress {
  readonly phones: number;
  /** Phones started so far: below `phones`, the fleet is still booting. */
  readonly booted: number;
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
  /** Stopped by `signal` before the run was over: the counts are where it stood. */
  readonly interrupted: boolean;
  readonly wallMs: number;
  readonly peakRssBytes: number;
  /** With sign-in waves: how they ended. */
  readonly signIn?: SignInTally;
  /** With calls: how the pairs' calls ended. */
  readonly calls?: CallTally;
}

interface FleetPhone {
  readonly actor: PhoneActor;
  readonly link: PhoneLink;
  readonly profileId: string;
}

const defaultWaveSize = 250;
const defaultMaxVirtualMs = 7 * 24 * 60 * 60_000;
/** Wall time between progress reports while the fleet boots: a bar from the first second. */
const bootReportEveryMs = 250;

class FleetInterrupted extends Error {}

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
  let booted = 0;
  let lastReport = performance.now();

  // The first report comes before any phone exists: creating thousands takes seconds.
  options.onProgress?.({
    phones: (options.range?.to ?? options.count) - (options.range?.from ?? 0),
    booted: 0,
    rollout: options.targets !== null,
    connected: 0,
    onTarget: 0,
    failed: 0,
    ...(options.signIn ? { signedIn: 0 } : {}),
    virtualMs: 0,
  });
  const range = options.range ?? { from: 0, to: options.count };
  for (const { profileId, index } of phoneSlots(options.mix, options.count, range)) {
    const profile = options.data.profiles.get(profileId)!;
    const provisioningData = options.provisioning && options.data.provisioning.get(profileId);
    const provisioning = provisioningData && { ...options.provisioning!, data: provisioningData };
    // Only the actor and the link are kept: the assembly itself is garbage once pushed.
    const { actor, link } = assemblePhone({
      profile,
      firmware: options.startingFirmware(profile),
      serverUrl: options.serverUrl,
      clock,
      system,
      work,
      // By the index in the whole fleet: the same phone has the same MAC in every shard and worker.
      identity: identityFor(profile, index + 1),
      ...(provisioning && { provisioning }),
      provisioningData: options.data.provisioning.get(profileId),
      start: false,
    });
    // Waves boot a millisecond apart in virtual time: each wave connects before the next starts.
    clock.setTimeout(() => {
      actor.start();
      booted += 1;
    }, Math.floor(phones.length / waveSize));
    phones.push({ actor, link, profileId });
  }

  const signIns =
    options.signIn && new SignInWaves(phones.map((phone) => phone.actor), { ...options.signIn, firstIndex: range.from }, work);
  const calls =
    signIns && options.calls ? new CallWaves(phones.map((phone) => phone.actor), options.signIn!.users, range.from) : undefined;
  if (signIns) {
    const everyMs = options.signIn!.everyMs;
    const wave = () => {
      signIns.tick();
      calls?.tick();
      if (!signIns.done || (calls && !calls.done)) clock.setTimeout(wave, everyMs);
    };
    clock.setTimeout(wave, everyMs);
  }

  const connected = (phone: FleetPhone) => isOnline(phone.actor.getSnapshot());
  // On target means running the build and back online, so the server has its report.
  const onTarget = (phone: FleetPhone) => {
    const target = options.targets?.get(phone.profileId);
    return target !== undefined && firmware(phone.actor.getSnapshot()) === target && connected(phone);
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
        booted,
        rollout: options.targets !== null,
        connected: online,
        onTarget: done,
        failed,
        ...(tally ? { signedIn: tally.signedIn } : {}),
        virtualMs: clock.now(),
      },
      over: rolledOut && (!tally || tally.pending === 0) && (!calls || calls.done),
    };
  };

  const settle = async () => {
    await work.settled();
    memory.maybeCollect();
    if (options.signal?.aborted) throw new FleetInterrupted();
  };
  /** While booting, a report every bootReportEveryMs of wall time: booting and connecting take a while for thousands. */
  const settleAndReport = async () => {
    await settle();
    if (performance.now() - lastReport < bootReportEveryMs) return;
    lastReport = performance.now();
    options.onProgress?.(look().progress);
  };
  const step = options.progressEveryMs ?? 60_000;
  const limit = options.maxVirtualMs ?? defaultMaxVirtualMs;
  let interrupted = false;
  try {
    // Boot everyone and let the first checks come back.
    await clock.advance(Math.ceil(phones.length / waveSize) + 60_000, settleAndReport);
    for (;;) {
      const { progress, over } = look();
      options.onProgress?.(progress);
      if (over || clock.now() >= limit) break;
      // Quiet virtual hours settle on promises alone: let a Ctrl+C (a signal, a macrotask) through.
      await new Promise((resolve) => setImmediate(resolve));
      await clock.advance(step, settle);
    }
  } catch (error) {
    if (!(error instanceof FleetInterrupted)) throw error;
    interrupted = true;
  }

  const summary = { ...summarize(options.data, phones, onTarget, connected, clock.now(), options.targets !== null), interrupted };
  const result = {
    ...summary,
    wallMs: Math.round(performance.now() - started),
    peakRssBytes: peakRssBytes(),
    ...(signIns ? { signIn: signIns.tally() } : {}),
    ...(calls ? { calls: calls.tally() } : {}),
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
  data: ProjectData,
  phones: readonly FleetPhone[],
  onTarget: (phone: FleetPhone) => boolean,
  connected: (phone: FleetPhone) => boolean,
  virtualMs: number,
  rollout: boolean,
): Omit<FleetSummary, 'wallMs' | 'peakRssBytes' | 'interrupted'> {
  const failures: Record<string, number> = {};
  const running: [string, string][] = [];
  let converged = 0;
  let online = 0;
  for (const phone of phones) {
    running.push([phone.profileId, firmware(phone.actor.getSnapshot())]);
    if (connected(phone)) online += 1;
    if (onTarget(phone)) converged += 1;
    else if (rollout) {
      const reason = phone.link.lastProblem ?? (connected(phone) ? notOnTarget(phone) : 'not connected');
      failures[reason] = (failures[reason] ?? 0) + 1;
    }
  }
  const failed = Object.values(failures).reduce((sum, n) => sum + n, 0);
  return { phones: phones.length, rollout, connected: online, converged, failed, firmware: firmwareCounts(data, running), failures, virtualMs };
}

/**
 * How many phones run each build, family by family (by name), each family's builds oldest
 * first by its vendor's version scheme: 5.9.5.0614 before 5.10.0.100, as strings would not.
 */
export function firmwareCounts(data: ProjectData, running: Iterable<readonly [profileId: string, version: string]>): Record<string, number> {
  const byFamily = new Map<string, Map<string, number>>();
  for (const [profileId, version] of running) {
    const family = data.profiles.get(profileId)!.firmwareFamily;
    const counts = byFamily.get(family) ?? byFamily.set(family, new Map()).get(family)!;
    counts.set(version, (counts.get(version) ?? 0) + 1);
  }
  const firmware: Record<string, number> = {};
  for (const family of [...byFamily.keys()].sort()) {
    const { versionScheme } = data.families.get(family)!;
    const counts = byFamily.get(family)!;
    for (const version of [...counts.keys()].sort((a, b) => compareVersions(versionScheme, a, b))) firmware[version] = counts.get(version)!;
  }
  return firmware;
}

/** Why a connected phone is not on its target: what it was told last, or that it does not ask. */
function notOnTarget(phone: FleetPhone): string {
  const why = !policy(phone.actor.getSnapshot()).EnableDeviceUpdate
    ? '; EnableDeviceUpdate is False, so the phone does not ask for updates'
    : phone.link.noUpdateReason === null
      ? ''
      : `; the server's last answer: ${phone.link.noUpdateReason}`;
  return `not on the target build when time ran out${why}`;
}

/** What a server offers, as its admin API says (GET /admin/firmware), for `--rollout latest`. */
export interface OfferedBuilds {
  readonly deployment: 'online' | 'onprem';
  /** Online: the published builds of each family; on-premises: the approved one. */
  readonly builds: ReadonlyMap<string, readonly string[]>;
  /** The build each model boots on: only builds of its version line are offered to it. */
  readonly startingFirmware: (profile: DeviceProfile) => string;
}

/**
 * `--rollout latest`: the newest build the server offers each model of the mix. Without
 * `offered`, the newest certified build the catalog publishes (what a fresh server offers).
 * Online a phone is offered only newer builds, so one already past every offer is on target;
 * on-premises the approved build is offered even when older.
 */
export function latestTargets(data: ProjectData, mix: readonly MixShare[], offered?: OfferedBuilds): Map<string, string> {
  const targets = new Map<string, string>();
  for (const { profileId } of mix) {
    const profile = data.profiles.get(profileId)!;
    const family = data.families.get(profile.firmwareFamily)!;
    if (!offered) {
      const newest = certifiedBuildsFor(family, profile).at(-1);
      if (newest) targets.set(profileId, newest.version);
      continue;
    }
    const starting = offered.startingFirmware(profile);
    const fitting = (offered.builds.get(family.family) ?? [])
      .map((version) => findBuild(family, version))
      .filter((build) => build !== undefined && runsOn(build, profile) && sameVersionLine(family.versionScheme, build.version, starting))
      .map((build) => build!.version)
      .sort((a, b) => compareVersions(family.versionScheme, a, b));
    const newest = fitting.at(-1);
    const online = offered.deployment === 'online';
    targets.set(profileId, newest === undefined || (online && compareVersions(family.versionScheme, newest, starting) < 0) ? starting : newest);
  }
  return targets;
}
