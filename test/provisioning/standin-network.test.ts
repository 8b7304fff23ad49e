import { afterEach, describe, expect, it, vi } from 'vitest';
import { provisioningTarget } from '../../src/core/selectors.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { assemblePhone, type AssembledPhone } from '../../src/phone/assemble-phone.js';
import { identityFor } from '../../src/phone/create-phone.js';
import { EventLog } from '../../src/phone/event-log.js';
import { NetworkProvisioning } from '../../src/phone/network-provisioning.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { admin } from '../helpers/admin.js';
import { projectData, profile } from '../helpers/data.js';

/**
 * The mock server's provisioning stand-in reaches phones as a real provisioning server does: the
 * network names it (the welcome and network.options stand in for DHCP option 66/160) and the phone
 * reads its vendor files over HTTP. A real server on 127.0.0.1 and assembled phones, on virtual time.
 */

const opened: { phones: AssembledPhone[]; server?: UpdateServer } = { phones: [] };
afterEach(async () => {
  for (const phone of opened.phones.splice(0)) phone.close();
  await opened.server?.close();
  opened.server = undefined;
});

async function world() {
  const clock = new VirtualClock();
  const data = projectData();
  const server = await startUpdateServer({ data, clock });
  opened.server = server;
  const served: string[] = [];
  server.events.on('provisioningFile', (path, status) => served.push(`${status} ${path}`));
  const phone = (device: string, firmware: string, own?: string) => {
    const deviceProfile = profile(device);
    const log = new EventLog();
    const assembled = assemblePhone({
      profile: deviceProfile,
      firmware,
      identity: identityFor(deviceProfile, 1),
      serverUrl: server.url,
      clock,
      log,
      provisioningData: data.provisioning.get(device),
      ...(own !== undefined && { provisioning: { url: own, data: data.provisioning.get(device)! } }),
    });
    opened.phones.push(assembled);
    return { assembled, log, lines: () => log.entries().map((entry) => `${entry.kind} ${entry.text}`) };
  };
  const advance = (ms: number) => clock.advance(ms, () => Promise.all(opened.phones.map((p) => p.link.whenSettled())).then(() => {}));
  return { server, served, phone, advance, standIn: new URL('provisioning/', server.httpUrl).href };
}

describe('the provisioning stand-in, named by the network', () => {
  it('a running Yealink reads its common file when the stand-in is set, and installs the pinned build', async () => {
    const { server, served, phone, advance, standIn } = await world();
    const t46g = phone('yealink-t46g', '28.9.0.70');
    await advance(60_000);
    expect(t46g.lines()).toContainEqual(expect.stringMatching(/^frame-in welcome/));
    expect(served).toEqual([]);
    await admin(server, 'PUT', 'provisioning', { version: '28.9.0.31', device: 'yealink-t46g' });
    await vi.waitFor(() => expect(provisioningTarget(t46g.assembled.actor.getSnapshot())?.offer?.version).toBe('28.9.0.31'), { timeout: 10_000 });
    expect(served).toContain('200 /provisioning/y000000000028.cfg');
    expect(provisioningTarget(t46g.assembled.actor.getSnapshot())?.server).toBe(standIn);
    await advance(30 * 60_000);
    expect(t46g.assembled.actor.getSnapshot().context.firmware).toBe('28.9.0.31');
    expect(t46g.lines()).toContainEqual(expect.stringContaining(`provisioning: ${standIn}: `));
  });

  it('names itself only to the family it pins: a phone of another vendor reads nothing', async () => {
    const { server, served, phone, advance } = await world();
    const t46g = phone('yealink-t46g', '28.9.0.70');
    await advance(60_000);
    await admin(server, 'PUT', 'provisioning', { version: '5.8.0.13337', device: 'polycom-vvx-601' });
    await advance(60_000);
    t46g.assembled.actor.send({ type: 'key.press', key: 'Select' });
    await advance(60_000);
    expect(served).toEqual([]);
    expect(provisioningTarget(t46g.assembled.actor.getSnapshot())).toBeNull();
  });

  it('a phone given its own provisioning server keeps it: the stand-in the network names is not read', async () => {
    const { server, served, phone, advance } = await world();
    // Its own server is down: it says so, and still does not turn to the network's.
    const vvx = phone('polycom-vvx-601', '5.9.5.0614', 'http://127.0.0.1:9/');
    await advance(60_000);
    await admin(server, 'PUT', 'provisioning', { version: '5.8.0.13337', device: 'polycom-vvx-601' });
    await advance(5 * 60_000);
    expect(served).toEqual([]);
    expect(vvx.assembled.actor.getSnapshot().context.firmware).toBe('5.9.5.0614');
    expect(vvx.lines()).toContainEqual(expect.stringMatching(/^problem provisioning: .*127\.0\.0\.1:9.*cannot reach/));
  });

  it('refuses to pin a Lync Phone Edition build: those phones read no provisioning files', async () => {
    const { server } = await world();
    const refused = await admin(server, 'PUT', 'provisioning', { version: '4.0.7577.4487', device: 'lpe-hp-4120' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/^lpe phones read no provisioning files \(Lync Phone Edition updates only through the in-band service\)/);
    expect((await admin(server, 'GET', 'server')).body.provisioning).toEqual({});
  });

  it('a provisioning server that is not an http(s) URL is a line on the event pane, once, and is not read', async () => {
    const { phone } = await world();
    const vvx = phone('polycom-vvx-601', '5.9.5.0614');
    const notes: string[] = [];
    const network = new NetworkProvisioning(vvx.assembled.actor, projectData().provisioning.get('polycom-vvx-601')!, vvx.assembled.clock, undefined, (_kind, text) => notes.push(text));
    network.told('tftp://10.0.0.5/', true);
    network.told('tftp://10.0.0.5/', true);
    expect(notes).toEqual(['provisioning: the network names "tftp://10.0.0.5/" as the provisioning server: tftp:// is not served (http:// or https:// only); not read']);
    network.close();
  });
});
