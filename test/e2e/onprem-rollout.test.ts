import { afterEach, describe, expect, it } from 'vitest';
import { admin } from '../helpers/admin.js';
import { startRig, type Rig } from '../helpers/rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const interval = 10 * 60_000;
const hour = 60 * 60_000;

describe('an on-premises rollout through the real server: Pending, Approve, Restore', () => {
  it('gives a pending build to the test device only, then to all once approved, then rolls everyone back', async () => {
    rig = await startRig({
      firmware: '5.9.5.0614',
      server: { deployment: 'onprem', settings: { checkIntervalMs: interval, updateInactivityMs: hour } },
    });
    const other = rig.addPhone({ firmware: '5.9.5.0614' });
    await rig.advance(10_000);
    expect(await admin(rig.server, 'POST', 'test-devices', { type: 'MACAddress', identifier: rig.identity.mac, name: 'lab' })).toMatchObject({
      status: 200,
      body: { name: 'lab', type: 'MACAddress', identifier: rig.identity.mac.replaceAll(':', '') },
    });

    expect((await admin(rig.server, 'POST', 'firmware/publish', { version: '6.1.0.6189' })).body.message).toMatch(/Pending/);
    await rig.advance(interval + hour + 2 * 60_000); // next check, an idle hour, download, install, reboot
    expect(rig.context().firmware).toBe('6.1.0.6189');
    expect(other.context().firmware).toBe('5.9.5.0614');

    expect((await admin(rig.server, 'POST', 'firmware/approve', { version: '6.1.0.6189', family: 'polycom-ucs' })).status).toBe(200);
    await rig.advance(interval + hour + 2 * 60_000);
    expect(other.context().firmware).toBe('6.1.0.6189');

    // Restore: the approved build is older than what the phones run, and they take it all the same.
    expect((await admin(rig.server, 'POST', 'firmware/restore', { family: 'polycom-ucs' })).body.message).toMatch(/restored 5\.9\.5\.0614/);
    await rig.advance(interval + hour + 2 * 60_000);
    expect([rig.context().firmware, other.context().firmware]).toEqual(['5.9.5.0614', '5.9.5.0614']);
    expect(rig.server.devices().map((device) => device.installed)).toEqual([
      ['6.1.0.6189', '5.9.5.0614'],
      ['6.1.0.6189', '5.9.5.0614'],
    ]);
  });

  it('refuses rule commands Online, with what to do instead', async () => {
    rig = await startRig({ firmware: '5.9.5.0614' });
    expect(await admin(rig.server, 'POST', 'firmware/approve', { version: '6.1.0.6189' })).toEqual({
      status: 409,
      body: { error: 'approve changes on-premises update rules; this server runs Online (start it with --deployment onprem)' },
    });
  });
});

describe('when phones check', () => {
  it('at boot, then every interval plus the jitter the server draws for each phone', async () => {
    const draws = [0, 0.5, 0.25, 0.75];
    rig = await startRig({
      firmware: '5.9.5.0614',
      server: { settings: { checkIntervalMs: 60_000 }, checkJitterMs: 20_000, random: () => draws.shift() ?? 0 },
    });
    const checkTimes: number[] = [];
    rig.server.events.on('frame', (direction, _connection, frame) => {
      if (direction === 'in' && frame.includes('"update.check"')) checkTimes.push(rig!.clock.now());
    });
    await rig.advance(8_000 + 60_000 + 10_000 + 60_000 + 5_000 + 1);
    // Boot takes 8 s; the boot check draws 0 (next in 60 s), the next 0.5 (70 s), then 0.25 (65 s).
    expect(checkTimes).toEqual([8_000, 68_000, 138_000]);
  });
});
