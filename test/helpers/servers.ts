import { afterEach } from 'vitest';
import { tenantSchema } from '../../src/core/tenant.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData } from './data.js';
import { helloFrame, rawClient } from './ws-client.js';

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

/**
 * Raw phones over real sockets: each says hello as a VVX 601 with a MAC of its own under
 * `macPrefix` (five octets, e.g. 00:04:F2:00:10) and is welcomed; all are closed after each test.
 */
export function rawPhonesClosedAfterEach(macPrefix: string): (url: string) => Promise<Awaited<ReturnType<typeof rawClient>>> {
  const clients: { close(): void }[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  let phones = 0;
  return async (url) => {
    const client = await rawClient(url);
    clients.push(client);
    phones += 1;
    const mac = `${macPrefix}:${phones.toString(16).padStart(2, '0')}`;
    client.send({ v: 1, type: 'hello', device: { model: 'polycom-vvx-601', mac, serial: `${macPrefix.replaceAll(':', '')}${phones}`, firmware: '5.9.5.0614' } });
    const welcome = await client.next();
    if (welcome['type'] !== 'welcome') throw new Error(`expected a welcome for ${mac}, got ${JSON.stringify(welcome)}`);
    return client;
  };
}
