import { availableParallelism } from 'node:os';
import { evenMix, MixError, parseDeviceMix } from '../../fleet/device-mix.js';
import { latestTargets, runFleet, type FleetProgress, type FleetSummary } from '../../fleet/fleet.js';
import { preferSmallHeap } from '../../fleet/memory.js';
import { loadProjectData } from '../../profiles/load-data.js';
import { startUpdateServer, type UpdateServer } from '../../server/update-server.js';
import { UsageError } from '../fail.js';
import { startingFirmware } from '../options.js';

export interface FleetCommandOptions {
  readonly count: number;
  readonly devices?: string;
  readonly server?: string;
  readonly rollout?: string;
  readonly json: boolean;
}

/** `phone-emu fleet`: many headless phones against one server, with progress and a summary. */
export async function fleetCommand(options: FleetCommandOptions): Promise<void> {
  preferSmallHeap();
  const data = loadProjectData();
  const known = new Set(data.profiles.keys());
  let mix;
  try {
    mix = options.devices ? parseDeviceMix(options.devices, known) : evenMix([...known].sort());
  } catch (error) {
    if (error instanceof MixError) throw new UsageError(error.message);
    throw error;
  }
  if (options.rollout !== undefined && options.rollout !== 'latest') {
    throw new UsageError(`--rollout: only "latest" is supported by this server so far (got "${options.rollout}")`);
  }
  let embedded: UpdateServer | undefined;
  if (!options.server) embedded = await startUpdateServer({ data });
  const serverUrl = options.server ?? embedded!.url;
  const progress = progressPrinter(options.json);
  try {
    const summary = await runFleet({
      data,
      serverUrl,
      count: options.count,
      mix,
      targets: options.rollout ? latestTargets(data, mix) : null,
      // Phones start one build behind, so a rollout has something to do.
      startingFirmware: (profile) => startingFirmware(data, profile, undefined),
      onProgress: progress.update,
    });
    progress.done();
    if (options.json) console.log(JSON.stringify(jsonSummary(summary)));
    else printSummary(summary);
    if (summary.failed > 0) process.exitCode = 1;
  } finally {
    await embedded?.close();
  }
}

function jsonSummary(summary: FleetSummary) {
  const { phones, connected, converged, failed, firmware, virtualMs, wallMs, peakRssBytes } = summary;
  return { phones, connected, converged, failed, firmware, virtualMs, wallMs, peakRssBytes };
}

function printSummary(summary: FleetSummary): void {
  console.log(`phones: ${summary.phones}, connected: ${summary.connected}, converged: ${summary.converged}, failed: ${summary.failed}`);
  console.log('firmware:');
  for (const [version, count] of Object.entries(summary.firmware).sort()) console.log(`  ${version.padEnd(20)} ${count}`);
  if (summary.failed > 0) {
    console.log('failures:');
    for (const [reason, count] of Object.entries(summary.failures)) console.log(`  ${count} × ${reason}`);
  }
  console.log(
    `virtual time: ${formatDuration(summary.virtualMs)}, wall time: ${(summary.wallMs / 1000).toFixed(1)} s, ` +
      `peak memory: ${(summary.peakRssBytes / 1048576).toFixed(0)} MiB (${(summary.peakRssBytes / 1024 / summary.phones).toFixed(1)} KiB per phone), ` +
      `${availableParallelism()} cores`,
  );
}

/** A one-line bar on a terminal; a line every few seconds elsewhere (CI logs). */
function progressPrinter(quiet: boolean) {
  const tty = process.stderr.isTTY && !quiet;
  let lastLine = 0;
  return {
    update: (progress: FleetProgress) => {
      const line = describe(progress);
      if (tty) process.stderr.write(`\r${line}\u001B[K`);
      else if (!quiet && performance.now() - lastLine > 2_000) {
        process.stderr.write(`${line}\n`);
        lastLine = performance.now();
      }
    },
    done: () => {
      if (tty) process.stderr.write('\n');
    },
  };
}

function describe({ phones, connected, onTarget, failed, virtualMs }: FleetProgress): string {
  const width = 24;
  const filled = phones === 0 ? 0 : Math.round((onTarget / phones) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${onTarget}/${phones} on target · ${connected} connected · ${failed} failed · virtual ${formatDuration(virtualMs)}`;
}

export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [days ? `${days}d` : '', hours ? `${hours}h` : '', `${minutes % 60}m`];
  return parts.join('') || '0m';
}
