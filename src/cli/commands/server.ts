import { existsSync } from 'node:fs';
import type { DeviceSettings } from '../../core/device-profile.js';
import type { Tenant } from '../../core/tenant.js';
import { loadProjectData } from '../../profiles/load-data.js';
import { loadTenant } from '../../profiles/load-tenant.js';
import { DomainError } from '../../server/domain-errors.js';
import type { Deployment } from '../../server/store.js';
import { startUpdateServer } from '../../server/update-server.js';
import { UsageError } from '../fail.js';
import { printable } from '../printable.js';
import { checkPolicies } from '../options.js';
import { DeviceLog } from './server-device-log.js';

export interface ServerCommandOptions {
  readonly host: string;
  readonly port: number;
  readonly deployment?: Deployment | undefined;
  readonly tenant?: string | undefined;
  readonly checkInterval?: number | undefined;
  readonly checkJitter?: number | undefined;
  readonly inactivity?: number | undefined;
  readonly policy: DeviceSettings;
  readonly adminToken?: string | undefined;
  readonly state?: string | undefined;
  readonly dropBadRecords?: boolean | undefined;
  readonly workers?: number | undefined;
  readonly workersAfter?: number | undefined;
}

/** Where `phone-emu start --state FILE` keeps its embedded server: beside the phone, FILE.server.json. */
export const serverStateFileFor = (phoneStateFile: string): string => phoneStateFile.replace(/(\.json)?$/, '.server.json');

/** The tenant file to serve: the one given; else none when a state file keeps one (the saved tenant); else tenants/contoso.yaml. */
export function tenantToServe(file: string | undefined, stateFile: string | undefined): Tenant | undefined {
  if (file === undefined && stateFile !== undefined && existsSync(stateFile)) return undefined;
  return loadTenant(file);
}

/** `phone-emu server`: the mock in-band update server alone, until SIGINT or SIGTERM. */
export async function serverCommand(options: ServerCommandOptions): Promise<void> {
  checkPolicies(options.policy);
  /** Set once the server can no longer serve (its socket workers keep dying): the command ends with it. */
  let fatal: (message: string) => void = (message) => {
    throw new Error(message);
  };
  const data = loadProjectData();
  const tenant = tenantToServe(options.tenant, options.state);
  const server = await startUpdateServer({
    data,
    tenant,
    stateFile: options.state,
    dropBadRecords: options.dropBadRecords,
    host: options.host,
    port: options.port,
    ...(options.deployment ? { deployment: options.deployment } : {}),
    settings: {
      ...(options.checkInterval ? { checkIntervalMs: options.checkInterval } : {}),
      ...(options.inactivity ? { updateInactivityMs: options.inactivity } : {}),
    },
    checkJitterMs: options.checkJitter,
    policy: options.policy,
    adminToken: options.adminToken,
    workers: options.workers,
    workersAfter: options.workersAfter,
    onFatal: (message) => fatal(message),
  }).catch((error: unknown) => {
    if (error instanceof DomainError) throw new UsageError(`--policy: ${error.message}`);
    throw error;
  });
  for (const record of server.dropped) console.error(`phone-emu: ${options.state}: dropped a record it could not read back: ${printable(record)}`);
  console.log(`phone-emu update server listening on ${server.url}`);
  console.log(`  ${server.store.deployment === 'onprem' ? 'on-premises' : 'Online'}; ${data.profiles.size} device profile(s), ${data.families.size} firmware families`);
  const served = tenant ? `${tenant.users.length} user(s)` : `the tenant kept in ${options.state}`;
  console.log(`  ${served}; web sign-in page on ${server.httpUrl}signin`);
  if (options.state) console.log(`  state kept in ${options.state}`);
  const workerPids = server.socketWorkers?.pids();
  if (workerPids) console.log(`  ${workerPids.length} socket workers hold the phones' sockets (pids ${workerPids.join(', ')})`);
  console.log(`  admin API on ${server.httpUrl}admin/ (phone-emu policy|firmware|devices --server ${server.httpUrl.slice(0, -1)}); Ctrl+C stops it`);
  const deviceLog = new DeviceLog((line) => console.log(line));
  server.events.on('device', (device) => deviceLog.add(device));
  server.events.on('refused', (connection, message) => console.log(`refused a frame from connection ${connection}: ${printable(message)}`));
  server.events.on('problem', (message) => console.error(`phone-emu: ${printable(message)}`));
  server.store.events.on('policy', () => console.log('policy changed: sent to every connected phone'));
  const failure = await new Promise<Error | undefined>((resolve) => {
    process.once('SIGINT', () => resolve(undefined));
    process.once('SIGTERM', () => resolve(undefined));
    fatal = (message) => resolve(new Error(message));
  });
  deviceLog.close();
  await server.close();
  if (failure) throw failure;
}
