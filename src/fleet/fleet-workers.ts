import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runFleet, type FleetOptions, type FleetProgress, type FleetSummary } from './fleet.js';
import { mergeSummaries } from './fleet-merge.js';
import { sliceOf, type PhoneRange } from './fleet-slices.js';
import type { ChildMessage, ParentMessage, WorkerRunOptions } from './fleet-worker-messages.js';
import { workerHeapFlags } from './memory.js';

export interface FleetWorkersOptions extends FleetOptions {
  /** Processes the fleet is split into: this one runs the first slice, each other slice a child process. */
  readonly workers: number;
  /** The worker's entry module (tests give a stand-in); default: fleet-child.js beside this module. */
  readonly childModule?: string;
}

/** Sockets a process keeps for itself beside its phones': stdio, the IPC channel, downloads, the admin client. */
const filesBesidesPhones = 64;

/** The soft limit on open files of this process (Linux), or undefined where it cannot be read. */
export function openFilesLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    return line === undefined || line === 'unlimited' ? undefined : Number(line);
  } catch {
    return undefined;
  }
}

/**
 * How many processes `phones` phones need so that each holds fewer sockets than the
 * open-files limit (`limit`, per process): at least `asked`.
 */
export function workersNeeded(phones: number, asked: number, limit = openFilesLimit()): number {
  const perProcess = limit === undefined ? Infinity : Math.max(1, limit - filesBesidesPhones);
  return Math.max(1, Math.min(Math.max(asked, Math.ceil(phones / perProcess)), phones));
}

/**
 * `fleet`'s processes when `--workers` is not given: as few as the open-files limit allows.
 * A second process does not pay on this 2-core machine: at 10,000 phones `--workers 2` took
 * 45 % more CPU than one process and longer wall time (docs/performance.md), since every
 * process loads the data and boots its own slice, and the server is the other core's work.
 */
export function defaultWorkers(phones: number, limit = openFilesLimit()): number {
  return workersNeeded(phones, 1, limit);
}

/**
 * The most phones a fleet can run against its embedded server (no --server), split into
 * `workers` processes: the server lives in this process and holds the other end of every
 * phone's socket, beside the sockets of this process's own slice (a `workers`-th of them).
 * Infinity where the limit cannot be read.
 */
export function embeddedServerHolds(workers: number, limit = openFilesLimit()): number {
  if (limit === undefined) return Infinity;
  return Math.max(1, Math.floor(((limit - filesBesidesPhones) * workers) / (workers + 1)));
}

/**
 * Runs a fleet split into `workers` processes, each with a contiguous slice of the phones
 * (so each its own MAC and serial range, the same whatever the split): one merged stream of
 * progress and one summary. A worker that dies before its summary is reported in the
 * summary's failures, with its phones counted failed; the others run on.
 */
export async function runFleetWorkers(options: FleetWorkersOptions): Promise<FleetSummary> {
  const whole = options.range ?? { from: 0, to: options.count };
  const slices = Array.from({ length: Math.max(1, options.workers) }, (_, part) => sliceOf(whole, part, Math.max(1, options.workers))).filter(
    (slice) => slice.to > slice.from,
  );
  if (slices.length <= 1) return runFleet(options);
  const started = performance.now();
  const latest: (FleetProgress | undefined)[] = slices.map(() => undefined);
  const report = (part: number, progress: FleetProgress) => {
    latest[part] = progress;
    options.onProgress?.(mergedProgress(slices, latest, options));
  };
  const children = slices.slice(1).map((slice, at) => startWorker(options, slice, at + 1, (progress) => report(at + 1, progress)));
  const stopChildren = () => {
    for (const child of children) child.stop();
  };
  options.signal?.addEventListener('abort', stopChildren, { once: true });
  try {
    const [own, ...others] = await Promise.all([
      runFleet({ ...options, range: slices[0]!, onProgress: (progress) => report(0, progress) }),
      ...children.map((child) => child.summary),
    ]);
    const summary = mergeSummaries(options.data, [own!, ...others]);
    return { ...summary, wallMs: Math.round(performance.now() - started) };
  } finally {
    options.signal?.removeEventListener('abort', stopChildren);
  }
}

/** The fleet's progress: every slice's counts added up, virtual time the slowest slice's. */
function mergedProgress(slices: readonly PhoneRange[], latest: readonly (FleetProgress | undefined)[], options: FleetOptions): FleetProgress {
  let booted = 0;
  let connected = 0;
  let onTarget = 0;
  let failed = 0;
  let signedIn = 0;
  let virtualMs = Infinity;
  for (const progress of latest) {
    if (!progress) {
      virtualMs = 0;
      continue;
    }
    booted += progress.booted;
    connected += progress.connected;
    onTarget += progress.onTarget;
    failed += progress.failed;
    signedIn += progress.signedIn ?? 0;
    virtualMs = Math.min(virtualMs, progress.virtualMs);
  }
  const phones = slices.reduce((sum, slice) => sum + slice.to - slice.from, 0);
  return { phones, booted, rollout: options.targets !== null, connected, onTarget, failed, ...(options.signIn ? { signedIn } : {}), virtualMs };
}

interface Worker {
  readonly summary: Promise<FleetSummary>;
  stop(): void;
}

/** Forks one worker for `slice`; its summary, or a summary saying how it died. */
function startWorker(options: FleetWorkersOptions, slice: PhoneRange, number: number, onProgress: (progress: FleetProgress) => void): Worker {
  const module = options.childModule ?? fileURLToPath(new URL('./fleet-child.js', import.meta.url));
  const child: ChildProcess = fork(module, [], { execArgv: workerHeapFlags(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    // Only the end is kept: the last line says why a worker died.
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const summary = new Promise<FleetSummary>((resolve) => {
    let result: FleetSummary | undefined;
    let error: string | undefined;
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'summary') result = message.summary;
      else error = message.message;
    });
    const ended = (why: string) => {
      if (result) return resolve(result);
      const detail = error ?? lastLine(stderr);
      resolve(deadWorker(options, slice, number, `${why}${detail ? `: ${detail}` : ''}`));
    };
    child.once('error', (spawnError) => ended(`could not start (${spawnError.message})`));
    child.once('close', (code, signal) => ended(signal ? `was killed (${signal})` : `exited with code ${code}`));
  });
  child.send({ type: 'run', options: workerOptions(options, slice) } satisfies ParentMessage);
  return {
    summary,
    stop: () => {
      if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
    },
  };
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/** What a worker that died stands for in the summary: its phones, failed, and why. */
function deadWorker(options: FleetOptions, slice: PhoneRange, number: number, why: string): FleetSummary {
  const phones = slice.to - slice.from;
  const reason = `fleet worker ${number + 1} (phones ${slice.from + 1}-${slice.to}) ended before its summary: it ${why}`;
  return {
    phones,
    rollout: options.targets !== null,
    connected: 0,
    converged: 0,
    failed: phones,
    firmware: {},
    failures: { [reason]: phones },
    virtualMs: 0,
    interrupted: false,
    wallMs: 0,
    peakRssBytes: 0,
  };
}

/** The options a worker needs, as plain data: the starting builds by model instead of a function. */
function workerOptions(options: FleetOptions, range: PhoneRange): WorkerRunOptions {
  const startingFirmware: Record<string, string> = {};
  for (const { profileId } of options.mix) startingFirmware[profileId] = options.startingFirmware(options.data.profiles.get(profileId)!);
  return {
    serverUrl: options.serverUrl,
    count: options.count,
    range,
    mix: options.mix,
    targets: options.targets === null ? null : [...options.targets],
    startingFirmware,
    ...(options.waveSize !== undefined && { waveSize: options.waveSize }),
    ...(options.maxVirtualMs !== undefined && { maxVirtualMs: options.maxVirtualMs }),
    ...(options.progressEveryMs !== undefined && { progressEveryMs: options.progressEveryMs }),
    ...(options.signIn && { signIn: options.signIn }),
    ...(options.calls && { calls: true }),
    ...(options.provisioning && { provisioning: options.provisioning }),
  };
}
