import { afterEach } from 'vitest';
import { tenantSchema } from '../../src/core/tenant.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData } from './data.js';
import { helloFrame } from './ws-client.js';

/**
 * Servers a test file starts on 127.0.0.1 (port 0) with the project's data, each closed after
 * its test. Call once at the top of the file.
 */
export function serversClosedAfterEach(): StartTestServer {
  const servers: UpdateServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  const start = async (options: Partial<Parameters<typeof startUpdateServer>[0]> = {}) => {
    const started = await startUpdateServer({ data: projectData(), ...options });
    servers.push(started);
    return started;
  };
  return Object.assign(start, { forget: (server: UpdateServer) => void servers.splice(servers.indexOf(server), 1) });
}

export interface StartTestServer {
  (options?: Partial<Parameters<typeof startUpdateServer>[0]>): Promise<UpdateServer>;
  /** A server the test closed itself (a kill and restart): not closed again after it. */
  forget(server: UpdateServer): void;
}

/** One licensed user, for the sign-in paths. */
export const oneUserTenant = tenantSchema.parse({ users: [{ upn: 'amosm@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'] }] });

/** A VVX hello for this MAC (serial: its digits). */
export const helloWithMac = (mac: string, firmware = '5.8.0.13337') => ({
  ...helloFrame(firmware),
  device: { ...helloFrame().device, mac, serial: mac.replaceAll(':', ''), firmware },
});
