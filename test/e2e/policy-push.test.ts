import { afterEach, describe, expect, it, vi } from 'vitest';
import { admin } from '../helpers/admin.js';
import { startRig, type Rig } from '../helpers/rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('a policy change reaches connected phones in-band at once', () => {
  it('sends the effective policy in the welcome, then pushes a change to both phones', async () => {
    rig = await startRig({ firmware: '5.9.5.0614', server: { policy: { PhoneLockTimeout: '00:05:00' } } });
    const second = rig.addPhone({ firmware: '5.9.5.0614' });
    await rig.advance(10_000);
    expect(rig.context().policy).toMatchObject({ PhoneLockTimeout: 300_000, MinPhonePinLength: 6, EnableDeviceUpdate: true });

    const changed = await admin(rig.server, 'PUT', 'policies/MinPhonePinLength', { value: '8' });
    expect(changed).toMatchObject({ status: 200, body: { name: 'MinPhonePinLength', value: '8', default: '6' } });
    await admin(rig.server, 'PUT', 'policies/BetterTogetherOverEthernetPairingMode', { value: 'manual' });
    for (const phone of [rig, second]) {
      await vi.waitFor(() =>
        expect(phone.context().policy).toMatchObject({ MinPhonePinLength: 8, BetterTogetherOverEthernetPairingMode: 'Manual' }),
      );
    }
  });

  it('refuses a value out of range with the allowed range, and the phones keep the old one', async () => {
    rig = await startRig({ firmware: '5.9.5.0614' });
    await rig.advance(10_000);
    const refused = await admin(rig.server, 'PUT', 'policies/PhoneLockTimeout', { value: '01:30:00' });
    expect(refused).toEqual({
      status: 400,
      body: { error: 'PhoneLockTimeout: "01:30:00" is not allowed; use a time span hh:mm:ss from 00:00:01 to 00:59:59' },
    });
    expect((await admin(rig.server, 'PUT', 'policies/NoSuchThing', { value: '1' })).status).toBe(404);
    expect((await admin(rig.server, 'PUT', 'policies/EnforcePhoneLock', { valeur: 'x' })).body.error).toMatch(/^value: /);
    expect(rig.context().policy.PhoneLockTimeout).toBe(600_000);
  });

  it('EnableDeviceUpdate=False withdraws a waiting offer and stops the phone asking; True brings it back', async () => {
    rig = await startRig({ firmware: '5.8.0.13337', server: { settings: { checkIntervalMs: 60_000 } } });
    let checkCount = 0;
    rig.server.events.on('frame', (direction, _connection, frame) => {
      if (direction === 'in' && frame.includes('"update.check"')) checkCount += 1;
    });
    const checks = () => checkCount;
    await rig.advance(10_000);
    expect(rig.screen()).toMatch(/Software version 5\.9\.5\.0614 is/);

    await admin(rig.server, 'PUT', 'policies/EnableDeviceUpdate', { value: 'False' });
    await vi.waitFor(() => expect(rig!.screen()).not.toMatch(/5\.9\.5\.0614/));
    const before = checks();
    await rig.advance(2 * 60 * 60_000); // two hours: an offer would have installed, checks would have run
    expect(checks()).toBe(before);
    expect(rig.context().firmware).toBe('5.8.0.13337');
    await rig.softkey('SwUpdate');
    expect(rig.screen()).toMatch(/Device update is turned off by your\sadministrator/);

    await admin(rig.server, 'PUT', 'policies/EnableDeviceUpdate', { value: 'True' });
    await vi.waitFor(() => expect(rig!.context().policy.EnableDeviceUpdate).toBe(true));
    await rig.advance(60_000);
    expect(checks()).toBe(before + 1);
    expect(rig.screen()).toMatch(/Software version 5\.9\.5\.0614 is/);
  });
});

