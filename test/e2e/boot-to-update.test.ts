import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRig } from '../helpers/rig.js';

type Rig = Awaited<ReturnType<typeof startRig>>;
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('a VVX 601 from boot to updated firmware through the real server', () => {
  it('is offered the newest certified build, installs it on Update and reports it', async () => {
    rig = await startRig({ firmware: '5.8.0.13337' });
    await rig.advance(10_000); // boot, connect, check
    expect(rig.screen()).toMatch(/Software version 5\.9\.5\.0614 is\navailable/);
    expect(rig.server.devices()).toMatchObject([{ model: 'polycom-vvx-601', firmware: '5.8.0.13337', connected: true }]);

    await rig.softkey('Update');
    await rig.advance(8_000);
    expect(rig.screen()).toMatch(/Downloading 5\.9\.5\.0614\n\[#+-*\] \d+%/);

    await rig.advance(10 * 60_000); // download, verify, install, reboot, boot, reconnect
    expect(rig.actor.getSnapshot().context).toMatchObject({ firmware: '5.9.5.0614', update: { previousFirmware: '5.8.0.13337' } });
    await vi.waitFor(() =>
      expect(rig!.server.devices().find((device) => device.connected)).toMatchObject({ firmware: '5.9.5.0614', installed: ['5.9.5.0614'] }),
    );
    expect(rig.screen()).not.toMatch(/available/);
  });

  it('offers nothing to a phone already on the newest build, and says so on SwUpdate', async () => {
    rig = await startRig({ firmware: '5.9.5.0614' });
    await rig.advance(10_000);
    await rig.softkey('SwUpdate');
    expect(rig.screen()).toMatch(/up to date/);
  });

  it('offers nothing when EnableDeviceUpdate is false', async () => {
    rig = await startRig({ firmware: '5.8.0.13337', server: { policy: { EnableDeviceUpdate: false } } });
    await rig.advance(10_000);
    expect(rig.screen()).not.toMatch(/available/);
  });

  it('refuses a download whose bytes do not match the sha256 and stays on its build', async () => {
    rig = await startRig({ firmware: '5.8.0.13337' });
    await rig.advance(10_000);
    const { offer } = rig.actor.getSnapshot().context.update;
    // The server offers a build; the phone is told a different hash than the bytes it will get.
    rig.actor.send({ type: 'server.updateOffered', offer: { ...offer!, sha256: '0'.repeat(64) } });
    await rig.softkey('Update');
    await rig.advance(20_000); // 80 MB at 5 MB/s: the check comes once all bytes are in
    expect(rig.screen()).toMatch(/Update failed: sha256 mismatch/);
    expect(rig.actor.getSnapshot().context.firmware).toBe('5.8.0.13337');
  });
});
