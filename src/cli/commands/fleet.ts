import { availableParallelism } from 'node:os';
import { evenMix, MixError, parseDeviceMix, type MixShare } from '../../fleet/device-mix.js';
import { latestTargets, type FleetProgress, type FleetSummary, type OfferedBuilds } from '../../fleet/fleet.js';
import { preferSmallHeap } from '../../fleet/memory.js';
import { loadProjectData } from '../../profiles/load-data.js';
import type { ProvisioningOptions } from '../provisioning-option.js';
import { loadTenant } from '../../profiles/load-tenant.js';
import type { Tenant } from '../../core/tenant.js';
import type { FleetSignInMethod } from '../../fleet/sign-in-methods.js';
import { usersFor, type SignInWaveOptions } from '../../fleet/sign-in-waves.js';
import { startUpdateServer, type UpdateServer } from '../../server/update-server.js';
import { findBuild } from '../../core/catalog.js';
import type { ProjectData } from '../../profiles/load-data.js';
import { adminRequest, type AdminTarget } from '../admin-client.js';
import { programName, UsageError } from '../fail.js';
import type { DeviceProfile } from '../../core/device-profile.js';
import { checkPolicies, startingFirmware } from '../options.js';
import { shardRange, type Shard } from '../../fleet/fleet-slices.js';
import { defaultWorkers, embeddedServerHolds, openFilesLimit, runFleetWorkers, workersNeeded } from '../../fleet/fleet-workers.js';

export interface FleetCommandOptions extends ProvisioningOptions {
  readonly count: number;
  readonly devices?: string;
  readonly server?: string;
  readonly rollout?: string;
  readonly policy: Record<string, string>;
  readonly adminToken?: string;
  readonly signin?: FleetSignInMethod;
  readonly signinWave: number;
  readonly signinEvery: number;
  readonly tenant?: string;
  readonly json: boolean;
  /** Processes to split the fleet into (default: as few as the open-files limit allows). */
  readonly workers?: number;
  /** Run only this slice of the fleet; `fleet merge` joins the slices' JSON summaries. */
  readonly shard?: Shard;
  /** With --signin: the signed-in phones call each other in pairs. */
  readonly calls?: boolean;
}

/** `phone-emu fleet`: many headless phones against one server, with progress and a summary. */
export async function fleetCommand(options: FleetCommandOptions): Promise<void> {
  checkPolicies(options.policy);
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
  // A named build is checked against the catalog before anything starts; "latest" asks the server.
  const namedTargets = options.rollout === undefined || options.rollout === 'latest' ? null : rolloutVersionTargets(data, mix, options.rollout);
  const tenant = options.signin !== undefined || !options.server ? loadTenant(options.tenant) : undefined;
  const signIn = options.signin === undefined ? undefined : signInWaves(options.signin, tenant!, options);
  if (options.calls && !signIn) throw new UsageError('--calls: phones call as their signed-in users: add --signin userId (or web, pin)');
  const range = shardRange(options.count, options.shard);
  const workers = fleetWorkers(range.to - range.from, options.workers);
  if (!options.server) checkEmbeddedServerRoom(range.to - range.from, workers);
  let embedded: UpdateServer | undefined;
  if (!options.server) embedded = await startUpdateServer({ data, tenant });
  const serverUrl = options.server ?? embedded!.url;
  const admin = { server: serverUrl, adminToken: options.adminToken };
  const progress = progressPrinter(options.json);
  // Phones start one build behind, so a rollout has something to do.
  const starting = (profile: DeviceProfile) => startingFirmware(data, profile, undefined);
  const interrupt = new AbortController();
  const onInterrupt = () => {
    // A second Ctrl+C does not wait for the summary.
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    // Nobody at --server is a failure to say, not a fleet of phones that never connect.
    const { deployment } = await adminRequest<{ deployment: 'online' | 'onprem' }>(admin, 'GET', 'server');
    for (const [name, value] of Object.entries(options.policy)) {
      await adminRequest(admin, 'PUT', `policies/${encodeURIComponent(name)}`, { value });
    }
    if (options.rollout !== undefined && options.rollout !== 'latest') await publish(admin, data, mix, options.rollout, deployment);
    const rolloutTargets = options.rollout === 'latest' ? latestTargets(data, mix, await offeredBuilds(admin, deployment, starting)) : namedTargets;
    const summary = await runFleetWorkers({
      data,
      serverUrl,
      count: options.count,
      range,
      workers,
      mix,
      targets: rolloutTargets,
      startingFirmware: starting,
      onProgress: progress.update,
      signal: interrupt.signal,
      ...(signIn ? { signIn } : {}),
      ...(options.provisioning !== undefined && { provisioning: { url: options.provisioning, insecure: options.provisioningInsecure === true } }),
      ...(options.calls ? { calls: true } : {}),
      // The process ends right after the summary: closing ten thousand phones one by one
      // would only add garbage to its peak.
      teardown: false,
    });
    progress.done();
    if (options.json) console.log(JSON.stringify(jsonSummary(summary, options.shard && { ...options.shard, fleetPhones: options.count })));
    else printSummary(summary, workers > 1 ? `${workers} processes` : undefined);
    const signInsFailed = summary.signIn !== undefined && summary.signIn.signedIn < summary.phones;
    if (summary.interrupted) {
      console.error(`${programName}: interrupted (Ctrl+C) after ${formatDuration(summary.virtualMs)} of virtual time: the summary above is where the fleet stood`);
      process.exitCode = 130;
    } else if (summary.phones > 0 && summary.connected === 0) {
      console.error(`${programName}: no phone could connect to ${serverUrl}; is the update server still running there?`);
      process.exitCode = 1;
    } else process.exitCode = summary.failed > 0 || signInsFailed ? 1 : 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    await embedded?.close();
  }
  // Phones are still connected: end the process once the summary is written.
  process.stdout.write('', () => process.exit());
}

/** The waves `--signin` asks for, with the tenant's users that method can sign in. */
function signInWaves(method: FleetSignInMethod, tenant: Tenant, options: FleetCommandOptions): SignInWaveOptions {
  const users = usersFor(method, tenant.users);
  if (users.length === 0) {
    const what = method === 'pin' ? 'with a Phone System licence, an extension and a PIN' : 'with a Phone System licence';
    throw new UsageError(`--signin ${method}: the tenant (${options.tenant ?? 'tenants/contoso.yaml'}) has no user ${what}`);
  }
  return { method, users, waveSize: options.signinWave, everyMs: options.signinEvery };
}

/** What the server offers each family now: `--rollout latest` aims at the newest of it, not at the catalog's. */
async function offeredBuilds(admin: AdminTarget, deployment: 'online' | 'onprem', startingFirmware: (profile: DeviceProfile) => string): Promise<OfferedBuilds> {
  const families = await adminRequest<{ family: string; published: string[]; rule: { approved: string | null } | null }[]>(admin, 'GET', 'firmware');
  const builds = new Map(
    families.map(({ family, published, rule }) => [family, deployment === 'onprem' ? (rule?.approved ? [rule.approved] : []) : published] as const),
  );
  return { deployment, builds, startingFirmware };
}

/** What each model should end on: the named build. */
function rolloutVersionTargets(data: ProjectData, mix: readonly MixShare[], rollout: string): Map<string, string> {
  const targets = new Map<string, string>();
  const lacking = new Set<string>();
  for (const { profileId } of mix) {
    const profile = data.profiles.get(profileId)!;
    const build = findBuild(data.families.get(profile.firmwareFamily)!, rollout);
    if (build) targets.set(profileId, build.version);
    else lacking.add(profile.firmwareFamily);
  }
  if (lacking.size > 0) {
    throw new UsageError(`--rollout: ${rollout} is not a build of ${[...lacking].join(', ')}; narrow --devices to models that have it, or use latest`);
  }
  return targets;
}

/** Publishes the build for every family of the mix, and approves it where the server runs on-premises rules. */
async function publish(admin: AdminTarget, data: ProjectData, mix: readonly MixShare[], version: string, deployment: string): Promise<void> {
  const families = new Set(mix.map(({ profileId }) => data.profiles.get(profileId)!.firmwareFamily));
  for (const family of families) {
    await adminRequest(admin, 'POST', 'firmware/publish', { version, family });
    if (deployment === 'onprem') await adminRequest(admin, 'POST', 'firmware/approve', { version, family });
  }
}

/** `--workers`, or as few processes as hold the phones; more when the phones would not fit under one process's open-files limit. */
function fleetWorkers(phones: number, asked: number | undefined): number {
  const workers = asked === undefined ? defaultWorkers(phones) : workersNeeded(phones, asked);
  if (asked !== undefined && workers > asked) {
    console.error(`${programName}: --workers ${asked}: ${phones} phones need a socket each, more than one process may open here; running ${workers} worker processes`);
  }
  return workers;
}

/**
 * Without --server the fleet's own server holds the other end of every phone's socket in this
 * process: past what one process may open, the phones would hang connecting. Said before anything starts.
 */
function checkEmbeddedServerRoom(phones: number, workers: number): void {
  const room = embeddedServerHolds(workers);
  if (phones <= room) return;
  throw new UsageError(
    `--count ${phones}: without --server the fleet's own server holds the other end of each phone's socket in this process, ` +
      `and one process may open ${openFilesLimit()} files here: at most ${room} phones. Run a server of its own ` +
      `(phone-emu server --workers ${Math.max(2, Math.ceil(phones / 16_000))}) and pass --server ws://127.0.0.1:8080`,
  );
}

/** The JSON summary; a shard's also says which shard it is, so `fleet merge` can check it has every one. */
export function jsonSummary(summary: FleetSummary, shard?: Shard & { fleetPhones: number }) {
  const { phones, connected, converged, failed, firmware, failures, virtualMs, wallMs, peakRssBytes, signIn, calls, interrupted } = summary;
  return {
    phones,
    connected,
    converged,
    failed,
    firmware,
    failures,
    virtualMs,
    wallMs,
    peakRssBytes,
    ...(signIn ? { signIn } : {}),
    ...(calls ? { calls } : {}),
    ...(interrupted ? { interrupted } : {}),
    ...(shard ? { rollout: summary.rollout, shard } : {}),
  };
}

/** `over`: where the peak memory was summed, e.g. "2 processes". */
export function printSummary(summary: FleetSummary, over?: string): void {
  const rollout = summary.rollout ? `, converged: ${summary.converged}, failed: ${summary.failed}` : '';
  console.log(`phones: ${summary.phones}, connected: ${summary.connected}${rollout}`);
  console.log('firmware:');
  // In the order runFleet gives: family by family, oldest build first by the vendor's scheme.
  for (const [version, count] of Object.entries(summary.firmware)) console.log(`  ${version.padEnd(20)} ${count}`);
  if (summary.failed > 0) {
    console.log('failures:');
    for (const [reason, count] of Object.entries(summary.failures)) console.log(`  ${count} × ${reason}`);
  }
  if (summary.signIn) {
    const { signedIn, failures, pending } = summary.signIn;
    console.log(`signed in: ${signedIn}${pending > 0 ? `, still signing in when time ran out: ${pending}` : ''}`);
    for (const [reason, count] of Object.entries(failures)) console.log(`  ${count} × ${reason}`);
  }
  if (summary.calls) {
    const { connected, refused, failures, pending } = summary.calls;
    console.log(`calls between phones: connected: ${connected}, refused: ${refused}${pending > 0 ? `, still calling when time ran out: ${pending}` : ''}`);
    for (const [reason, count] of Object.entries(failures)) console.log(`  ${count} × ${reason}`);
  }
  if (!summary.rollout && !summary.signIn && !summary.interrupted && summary.connected === summary.phones) {
    console.log('nothing more to do: the phones booted and connected; --rollout latest updates them, --signin userId signs them in');
  }
  console.log(
    `virtual time: ${formatDuration(summary.virtualMs)}, wall time: ${(summary.wallMs / 1000).toFixed(1)} s, ` +
      `peak memory: ${(summary.peakRssBytes / 1048576).toFixed(0)} MiB${over ? ` over ${over}` : ''} (${(summary.peakRssBytes / 1024 / summary.phones).toFixed(1)} KiB per phone), ` +
      `${availableParallelism()} cores`,
  );
}

/** A one-line bar on a terminal; a line every few seconds elsewhere (CI logs). */
function progressPrinter(quiet: boolean) {
  const tty = process.stderr.isTTY && !quiet;
  // The first report is printed at once, wherever stderr goes.
  let lastLine = -Infinity;
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

function describe({ phones, booted, rollout, connected, onTarget, failed, signedIn, virtualMs }: FleetProgress): string {
  const width = 24;
  // Booting and connecting thousands takes seconds: the bar shows them from the start.
  if (booted < phones || (connected < phones && virtualMs < 60_000)) {
    const filled = phones === 0 ? 0 : Math.round(((booted < phones ? booted : connected) / phones) * width);
    const what = booted < phones ? `booting ${booted}/${phones}` : `connecting ${connected}/${phones}`;
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${what} · ${connected} connected · virtual ${formatDuration(virtualMs)}`;
  }
  // The bar follows the rollout, or the sign-ins when there is no rollout.
  const done = rollout ? onTarget : (signedIn ?? connected);
  const filled = phones === 0 ? 0 : Math.round((done / phones) * width);
  const parts = [
    ...(rollout ? [`${onTarget}/${phones} on target`] : []),
    `${connected} connected`,
    ...(signedIn === undefined ? [] : [`${signedIn} signed in`]),
    `${failed} failed`,
    `virtual ${formatDuration(virtualMs)}`,
  ];
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${parts.join(' · ')}`;
}

export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [days ? `${days}d` : '', hours ? `${hours}h` : '', `${minutes % 60}m`];
  return parts.join('') || '0m';
}
