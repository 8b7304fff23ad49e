import { loadProjectData } from '../../profiles/load-data.js';
import { startUpdateServer } from '../../server/update-server.js';

export interface ServerCommandOptions {
  readonly host: string;
  readonly port: number;
  readonly checkInterval?: number | undefined;
}

/** `phone-emu server`: the mock in-band update server alone, until SIGINT or SIGTERM. */
export async function serverCommand(options: ServerCommandOptions): Promise<void> {
  const data = loadProjectData();
  const server = await startUpdateServer({
    data,
    host: options.host,
    port: options.port,
    settings: options.checkInterval ? { checkIntervalMs: options.checkInterval } : {},
  });
  console.log(`phone-emu update server listening on ${server.url}`);
  console.log(`  ${data.profiles.size} device profile(s), ${data.families.size} firmware families; Ctrl+C stops it`);
  server.events.on('device', (device) => {
    console.log(`device ${device.model} ${device.mac} on ${device.firmware}: ${device.connected ? 'connected' : 'disconnected'}`);
  });
  server.events.on('refused', (connection, message) => console.log(`refused a frame from connection ${connection}: ${message}`));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}
