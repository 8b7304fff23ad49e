import { spawn, spawnSync } from 'node:child_process';
import { cli, startListening } from './measure.js';

export interface FleetRollout {
  readonly phones: number;
  readonly converged: number;
  readonly failed: number;
  readonly failures: Record<string, number>;
  readonly wallMs: number;
  readonly virtualMs: number;
  /** Summed over every fleet process (the fleet's own and its workers'). */
  readonly peakRssBytes: number;
  readonly kibPerPhone: number;
  readonly fleetWorkers: number;
  /** Worker processes of the server, or 1 for a server without `--workers`. */
  readonly serverWorkers: number;
  /** The server's first process's peak resident memory (with workers, theirs are not counted). */
  readonly serverPeakRssBytes: number | null;
}

/** A fleet the bench could not run here, and why. */
export interface FleetSkipped {
  readonly phones: number;
  readonly skipped: string;
}

/** Whether the built CLI's server takes `--workers` (`phone-emu server --workers N`, several processes on one port). */
export function serverTakesWorkers(): boolean {
  const help = spawnSync(process.execPath, [cli, 'server', '--help'], { encoding: 'utf8' });
  return /--workers\b/.test(help.stdout);
}

/** The phones one server process serves (its connection limit, src/server/limits.ts): more need `server --workers`. */
const phonesOneServerProcessHolds = 16_000;

/** The fleet's own processes by default (fleet-workers.ts): one, or as few as the open-files limit allows. */
const phonesOneFleetProcessHolds = 19_936;

/**
 * A rollout of `count` VVX 601s, each with its own socket, against a separate `phone-emu
 * server` process, in the configuration that is fastest on this 2-core machine: one process
 * each (the fleet's default), split only when the phones would not fit in one (the server
 * with `--workers 2` past its 16,000 connections): wall time, and peak memory summed over
 * the fleet's processes.
 */
export async function fleetRollout(count: number): Promise<FleetRollout | FleetSkipped> {
  const serverWorkers = count > phonesOneServerProcessHolds && serverTakesWorkers() ? 2 : 1;
  if (serverWorkers === 1 && count > phonesOneServerProcessHolds) {
    return { phones: count, skipped: 'needs server --workers: one server process cannot hold this many sockets (20,000 open files a process)' };
  }
  const server = await startListening([cli, 'server', '--port', '0', ...(serverWorkers > 1 ? ['--workers', String(serverWorkers)] : [])]);
  try {
    const fleetWorkers = Math.ceil(count / phonesOneFleetProcessHolds);
    const args = [cli, 'fleet', '--count', String(count), '--devices', 'polycom-vvx-601', '--rollout', 'latest', '--server', server.url];
    const summary = await lastJsonLine([...args, '--workers', String(fleetWorkers), '--json']);
    return {
      phones: summary.phones,
      converged: summary.converged,
      failed: summary.failed,
      failures: summary.failures,
      wallMs: summary.wallMs,
      virtualMs: summary.virtualMs,
      peakRssBytes: summary.peakRssBytes,
      kibPerPhone: summary.peakRssBytes / 1024 / summary.phones,
      fleetWorkers,
      serverWorkers,
      serverPeakRssBytes: server.peakRssBytes(),
    };
  } finally {
    await server.stop();
  }
}

/** Runs the CLI and reads its `--json` summary; the progress lines on stderr are passed through. */
function lastJsonLine(args: readonly string[]): Promise<FleetRollout & { failures: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('close', (code) => {
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as FleetRollout);
      } catch {
        reject(new Error(`phone-emu fleet exited with ${code} without a JSON summary`));
      }
    });
  });
}

/** The bench row for a fleet: converged, wall time, memory, and against the target. */
export function describeRollout(figures: FleetRollout | FleetSkipped): string {
  if ('skipped' in figures) return figures.skipped;
  const failed = figures.failed > 0 ? ` (${Object.entries(figures.failures).map(([why, n]) => `${n} × ${why}`).join('; ')})` : '';
  return (
    `${figures.converged}/${figures.phones} converged${failed} in ${(figures.wallMs / 1000).toFixed(1)} s wall, ` +
    `${figures.kibPerPhone.toFixed(1)} KiB/phone peak RSS over ${figures.fleetWorkers} fleet process(es); ` +
    `server: ${figures.serverWorkers} process(es)` +
    (figures.serverPeakRssBytes === null ? '' : `, first ${(figures.serverPeakRssBytes / 1048576).toFixed(0)} MiB peak`)
  );
}

/** The targets of issue 19, by fleet size. */
export const fleetTargets: Readonly<Record<number, string>> = { 10_000: '< 25 s', 20_000: '< 60 s, < 24 KiB/phone' };
