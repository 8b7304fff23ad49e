import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPhone } from '../../src/phone/create-phone.js';
import { PcClient } from '../../src/pc/pc-client.js';
import { linkPhone, type PhoneLink } from '../../src/phone/phone-link.js';
import { profile } from '../helpers/data.js';
import { startRig, type Rig } from '../helpers/rig.js';
import { createPin, signInWith } from '../helpers/sign-in.js';
import { rawClient } from '../helpers/ws-client.js';

/**
 * Issue 13 item 3 and issue 12 ("two phones are two phones"): a phone's identity is bound to its
 * connection, a PC reaches a phone only through the PC port the phone's process grants, and the
 * device list shows whom the server signed in. Every rogue here is a real socket.
 */
let rig: Rig | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await rig?.close();
  rig = undefined;
});

const amos = { upn: 'amosm@contoso.com', password: 'Pa55w.rd', extension: '4321', pin: '13579' };
const tenant = { users: [{ ...amos, licenses: ['PhoneSystem', 'CallingPlan'] }] };

async function bootedRig(server: Parameters<typeof startRig>[0]['server'] = {}) {
  rig = await startRig({ firmware: '5.9.5.0614', tenant, server });
  await rig.advance(60_000);
  return rig;
}

const helloAs = (mac: string) => ({ v: 1, type: 'hello', device: { model: 'polycom-vvx-601', mac, serial: 'ROGUE0000001', firmware: '5.9.5.0614' } });

async function rogue(url: string) {
  const client = await rawClient(url);
  cleanups.push(() => client.close());
  return client;
}

describe('a phone is bound to its connection', () => {
  it('refuses a second live hello for a connected MAC, says why to it and in the server log, and leaves the phone online and signed in', async () => {
    const rig = await bootedRig();
    await signInWith(rig, 'userId', amos);
    await vi.waitFor(() => expect(rig.context().account.user?.upn).toBe(amos.upn));
    const logged: string[] = [];
    rig.server.events.on('refused', (_connection, message) => logged.push(message));

    const impostor = await rogue(rig.server.url);
    const closed = impostor.closed();
    impostor.send(helloAs(rig.identity.mac.toLowerCase()));
    expect(await impostor.next()).toMatchObject({ type: 'error', code: 'duplicate-mac', message: expect.stringMatching(/already connected on another connection; a duplicate MAC/) });
    expect(await closed).toBe(1008);
    expect(logged).toContainEqual(expect.stringMatching(new RegExp(`hello: device.mac: ${rig.identity.mac.toLowerCase()} is already connected`)));

    // The impostor left: the real phone is still online, signed in, and its web sign-in is its own.
    await rig.advance(1_000);
    expect(rig.record()).toMatchObject({ connected: true, user: amos.upn });
    expect(rig.server.ring(rig.identity.mac, '+14255550123')).toBe(true);
    await vi.waitFor(() => expect(rig.screen()).toMatch(/\+14255550123/));
  });

  it('a second phone process with the same MAC is refused, and the phone shows the reason', async () => {
    const rig = await bootedRig();
    const clock = rig.clock;
    const twin = createPhone({ profile: profile('polycom-vvx-601'), firmware: '5.9.5.0614', clock, identity: rig.identity });
    const link: PhoneLink = linkPhone(twin, { url: rig.server.url, clock });
    cleanups.push(() => {
      link.close();
      twin.stop();
    });
    twin.start();
    await rig.advance(60_000);
    await vi.waitFor(() => expect(link.lastProblem).toMatch(/the server refused a frame: hello: device\.mac: .* is already connected on another connection/));
    expect(twin.getSnapshot().matches({ running: { connection: 'online' } })).toBe(false);
    expect(rig.record()).toMatchObject({ connected: true });
  });

  it('lets a phone back after its old socket closed take its MAC over', async () => {
    const rig = await bootedRig();
    const mac = '00:04:F2:0A:0A:0A';
    const first = await rogue(rig.server.url);
    first.send(helloAs(mac));
    expect(await first.next()).toMatchObject({ type: 'welcome' });
    first.close();
    await vi.waitFor(() => expect(rig.server.devices().find((device) => device.mac === mac)?.connected).toBe(false));
    const second = await rogue(rig.server.url);
    second.send(helloAs(mac));
    expect(await second.next()).toMatchObject({ type: 'welcome' });
  });

  it('lets a reconnect take over from a stale socket whose close the server has not seen (it answers no ping)', async () => {
    const rig = await bootedRig({ takeoverProbeMs: 300 });
    const mac = '00:04:F2:0B:0B:0B';
    // A half-open socket: the phone behind it is gone, nothing answers the server's ping.
    const stale = new WebSocket(rig.server.url, { autoPong: false });
    cleanups.push(() => stale.terminate());
    await new Promise((resolve) => stale.once('open', resolve));
    const welcomed = new Promise((resolve) => stale.once('message', resolve));
    stale.send(JSON.stringify(helloAs(mac)));
    await welcomed;
    const staleClosed = new Promise((resolve) => stale.once('close', resolve));
    const back = await rogue(rig.server.url);
    back.send(helloAs(mac));
    expect(await back.next()).toMatchObject({ type: 'welcome' });
    await staleClosed;
    expect(rig.server.devices().find((device) => device.mac === mac)?.connected).toBe(true);
  });

  it("shows in the device list whom the server signed in, not what a phone's status claims", async () => {
    const rig = await bootedRig();
    const phone = await rogue(rig.server.url);
    const mac = '00:04:F2:0C:0C:0C';
    phone.send(helloAs(mac));
    await phone.next();
    phone.send({ v: 1, type: 'status', update: 'idle', warnings: [], user: 'ceo@contoso.com' });
    phone.send({ v: 1, type: 'update.check', firmware: '5.9.5.0614' });
    await phone.next();
    expect(rig.server.devices().find((device) => device.mac === mac)?.user).toBeNull();
    phone.send({ v: 1, type: 'signIn.request', credentials: { method: 'userId', user: amos.upn, password: amos.password } });
    expect(await phone.next()).toMatchObject({ type: 'signIn.accepted' });
    expect(rig.server.devices().find((device) => device.mac === mac)?.user).toBe(amos.upn);
  });
});

describe('a PC reaches a phone only through the PC port its process grants', () => {
  it('refuses a rogue pc.hello without the key: no pairing in Auto mode, no unlock without the PIN, no call', async () => {
    const rig = await bootedRig();
    await signInWith(rig, 'userId', amos);
    await vi.waitFor(() => expect(rig.context().account.user).not.toBeNull());
    await createPin(rig);
    await rig.key('Lock');
    await vi.waitFor(() => expect(rig.lockPhase()).toBe('locked'));

    const pc = await rogue(rig.server.url);
    pc.send({ v: 1, type: 'pc.hello', os: 'windows', phone: rig.identity.mac });
    expect(await pc.next()).toMatchObject({ type: 'error', code: 'not-cabled', message: expect.stringMatching(/^pc.hello: pcPort: no pcPort key given/) });
    for (const frame of [{ type: 'pc.pair' }, { type: 'pc.lock', locked: false }, { type: 'pc.call', party: '+14255550123' }]) {
      pc.send({ v: 1, ...frame });
      expect(await pc.next()).toMatchObject({ type: 'error', code: 'not-ready' });
    }
    await expect(PcClient.connect({ url: rig.server.url, phone: rig.identity.mac, pcPort: 'a-guessed-key-of-some-length' })).rejects.toThrow(
      /pcPort: not the key of its PC port/,
    );
    await rig.advance(10_000);
    expect(rig.context().pairing.paired).toBe(false);
    expect(rig.lockPhase()).toBe('locked');
    expect(rig.screen()).not.toMatch(/Ringing/);
  });

  it('pairs the PC that has the key, as the TUI, scenarios and phone-emu pc do', async () => {
    const rig = await bootedRig();
    const pc = await PcClient.connect({ url: rig.server.url, phone: rig.identity.mac, pcPort: rig.link.pcPort });
    cleanups.push(() => pc.close());
    expect(await pc.pair()).toBe('paired');
    expect(rig.context().pairing.paired).toBe(true);
  });
});
