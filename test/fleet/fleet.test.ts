import { afterEach, describe, expect, it } from 'vitest';
import { latestTargets, runFleet, type FleetOptions, type FleetProgress } from '../../src/fleet/fleet.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData } from '../helpers/data.js';

let server: UpdateServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const vvx601 = [{ profileId: 'polycom-vvx-601', percent: 100 }];

/** VVX 601s on 5.8.0.13337 rolled out to the newest certified build, against `serverUrl`. */
function vvxRollout(serverUrl: string, count: number, options: Partial<FleetOptions> = {}) {
  return runFleet({
    data: projectData(),
    serverUrl,
    count,
    mix: vvx601,
    targets: latestTargets(projectData(), vvx601),
    startingFirmware: () => '5.8.0.13337',
    ...options,
  });
}

describe('a fleet against a real server', () => {
  it('rolls every phone out to the newest certified build, each over its own socket', async () => {
    server = await startUpdateServer({ data: projectData() });
    const progress: FleetProgress[] = [];
    const summary = await vvxRollout(server.url, 40, { waveSize: 10, onProgress: (current) => progress.push(current) });
    expect(summary).toMatchObject({ phones: 40, connected: 40, converged: 40, failed: 0, firmware: { '5.9.5.0614': 40 } });
    // Virtual time: an hour's inactivity before the unanswered offer installs, then download, install, reboot.
    expect(summary.virtualMs).toBeGreaterThan(60 * 60_000);
    expect(summary.peakRssBytes).toBeGreaterThan(0);
    expect(new Set(server.devices().map((device) => device.mac)).size).toBe(40);
    expect(progress.at(0)!.onTarget).toBe(0);
    expect(progress.at(-1)!.onTarget).toBe(40);
  });

  it('says why phones stayed behind: the server had nothing newer, or device update was off', async () => {
    server = await startUpdateServer({ data: projectData() });
    const run = (targets: Map<string, string>) =>
      vvxRollout(server!.url, 2, { targets, startingFirmware: () => '5.9.5.0614', maxVirtualMs: 2 * 60 * 60_000 });
    // 6.1.0.6189 is certified but held back: the server keeps saying 5.9.5.0614 is the newest it publishes.
    const unpublished = await run(new Map([['polycom-vvx-601', '6.1.0.6189']]));
    expect(unpublished.failures).toEqual({
      "not on the target build when time ran out; the server's last answer: 5.9.5.0614 is the newest published build for VVX 601": 2,
    });
    await server.close();
    server = await startUpdateServer({ data: projectData(), policy: { EnableDeviceUpdate: false } });
    const turnedOff = await run(new Map([['polycom-vvx-601', '6.1.0.6189']]));
    expect(Object.keys(turnedOff.failures)).toEqual(['not on the target build when time ran out; EnableDeviceUpdate is False, so the phone does not ask for updates']);
  });

  it.each([
    ['corrupt', /^sha256 mismatch/],
    ['unbootable', /rolled back to 5\.8\.0\.13337$/],
  ])('ends a rollout once every phone is on target or its update failed (%s downloads), with the reason', async (fault, reason) => {
    server = await startUpdateServer({ data: projectData() });
    server.store.setDownloadFault(fault);
    const summary = await vvxRollout(server.url, 3);
    expect(summary).toMatchObject({ converged: 0, failed: 3, firmware: { '5.8.0.13337': 3 } });
    expect(Object.entries(summary.failures)).toEqual([[expect.stringMatching(reason), 3]]);
    // Not the week-long time limit: the hour before the unanswered offer installs, then the attempt.
    expect(summary.virtualMs).toBeLessThan(3 * 60 * 60_000);
  });

  it('keeps a rollout going when only the transfers failed: the phones try again at their next check', async () => {
    server = await startUpdateServer({ data: projectData() });
    server.store.setDownloadFault('cut');
    const summary = await vvxRollout(server.url, 2, { maxVirtualMs: 6 * 60 * 60_000 });
    expect(summary.virtualMs).toBeGreaterThanOrEqual(6 * 60 * 60_000);
    expect(Object.entries(summary.failures)).toEqual([[expect.stringMatching(/^the download was interrupted after \d+ of \d+ bytes$/), 2]]);
  });

  it('reports phones that never reach the server as failed, with the reason', async () => {
    const summary = await vvxRollout('ws://127.0.0.1:9/', 3, { maxVirtualMs: 10 * 60_000 });
    expect(summary).toMatchObject({ phones: 3, connected: 0, converged: 0, failed: 3 });
    expect(Object.keys(summary.failures).join()).toMatch(/ECONNREFUSED|not connected/);
  });
});
