import type { DeviceSettings } from '../../core/device-profile.js';
import { loadProjectData } from '../../profiles/load-data.js';
import { loadTenant } from '../../profiles/load-tenant.js';
import { AdminError, type Deployment } from '../../server/store.js';
import { startUpdateServer } from '../../server/update-server.js';
import { UsageError } from '../fail.js';

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
}

/** `phone-emu server`: the mock in-band update server alone, until SIGINT or SIGTERM. */
export async function serverCommand(options: ServerCommandOptions): Promise<void> {
  const data = loadProjectData();
  const tenant = loadTenant(options.tenant);
  const server = await startUpdateServer({
    data,
    tenant,
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
  }).catch((error: unknown) => {
    if (error instanceof AdminError) throw new UsageError(`--policy: ${error.message}`);
    throw error;
  });
  console.log(`phone-emu update server listening on ${server.url}`);
  console.log(`  ${server.store.deployment === 'onprem' ? 'on-premises' : 'Online'}; ${data.profiles.size} device profile(s), ${data.families.size} firmware families`);
  console.log(`  ${tenant.users.length} user(s); web sign-in page on ${server.httpUrl}signin`);
  console.log(`  admin API on ${server.httpUrl}admin/ (phone-emu policy|firmware|devices --server ${server.httpUrl.slice(0, -1)}); Ctrl+C stops it`);
  const lastLine = new Map<string, string>();
  server.events.on('device', (device) => {
    const warnings = device.warnings.length > 0 ? `; WARNING ${device.warnings.join(' | ')}` : '';
    const user = device.user ? `, ${device.user} signed in` : '';
    const line = `device ${device.model} ${device.mac} on ${device.firmware}: ${device.connected ? device.update : 'disconnected'}${user}${warnings}`;
    if (lastLine.get(device.mac) !== line) console.log(line);
    lastLine.set(device.mac, line);
  });
  server.events.on('refused', (connection, message) => console.log(`refused a frame from connection ${connection}: ${message}`));
  server.store.events.on('policy', () => console.log('policy changed: sent to every connected phone'));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}
