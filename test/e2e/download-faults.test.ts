import { afterEach, describe, expect, it, vi } from 'vitest';
import { admin } from '../helpers/admin.js';
import { startRig, type Rig } from '../helpers/rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A VVX 601 on 5.8.0 offered 5.9.5 by a real server whose downloads are broken on purpose. */
async function offeredWithFault(download: string) {
  rig = await startRig({ firmware: '5.8.0.13337' });
  expect(await admin(rig.server, 'PUT', 'faults', { download })).toMatchObject({ status: 200 });
  await rig.advance(10_000);
  expect(rig.screen()).toMatch(/Software version 5\.9\.5\.0614 is/);
  await rig.softkey('Update');
  return rig;
}

describe('downloads the phone refuses', () => {
  it('an interrupted download: the phone stays on its build, says why and tells the server', async () => {
    const rig = await offeredWithFault('cut');
    await rig.advance(20_000); // 80 MB at 5 MB/s: the outcome shows once every byte should be in
    expect(rig.screen()).toMatch(/Update failed: the download was\s+interrupted after 8192 of 16384 bytes/);
    expect(rig.context().firmware).toBe('5.8.0.13337');
    await vi.waitFor(() =>
      expect(rig.record()?.lastResult).toEqual({
        version: '5.9.5.0614',
        outcome: 'failed',
        reason: 'the download was interrupted after 8192 of 16384 bytes',
      }),
    );

    // Once the server serves whole images again, the same offer installs.
    await admin(rig.server, 'PUT', 'faults', { download: 'none' });
    await rig.softkey('SwUpdate');
    await rig.advance(10 * 60_000);
    expect(rig.context()).toMatchObject({ firmware: '5.9.5.0614', update: { previousFirmware: '5.8.0.13337' } });
  });

  it('a corrupt download fails its sha256 check', async () => {
    const rig = await offeredWithFault('corrupt');
    await rig.advance(20_000);
    expect(rig.screen()).toMatch(/Update failed: sha256 mismatch/);
    expect(rig.context().firmware).toBe('5.8.0.13337');
    await vi.waitFor(() => expect(rig.record()?.lastResult).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^sha256 mismatch/) }));
  });
});

describe('an install that fails rolls back to the build the phone kept', () => {
  it('installs an image that does not start, restores the previous build and reports it', async () => {
    const rig = await offeredWithFault('unbootable');
    await rig.advance(50_000); // 17 s download, 30 s install, then the new image fails to start
    expect(rig.screen()).toMatch(/5\.9\.5\.0614 did not start: the image is\s+polycom-ucs-mispackaged 5\.9\.5\.0614, not\s+polycom-ucs 5\.9\.5\.0614\nRestoring 5\.8\.0\.13337\.\.\./);
    await rig.advance(16_000); // reboot and boot on the kept build
    expect(rig.screen()).toMatch(/Update to 5\.9\.5\.0614 failed; back on\s+5\.8\.0\.13337\./);
    expect(rig.context()).toMatchObject({ firmware: '5.8.0.13337', update: { previousFirmware: null } });
    await vi.waitFor(() =>
      expect(rig.record()).toMatchObject({
        firmware: '5.8.0.13337',
        connected: true,
        lastResult: { version: '5.9.5.0614', outcome: 'failed', reason: expect.stringMatching(/rolled back to 5\.8\.0\.13337$/) },
      }),
    );
  });
});
