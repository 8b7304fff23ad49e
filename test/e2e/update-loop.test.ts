import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderScreen } from '../../src/core/screen.js';
import { admin } from '../helpers/admin.js';
import { startRig, type Rig } from '../helpers/rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const hour = 60 * 60_000;

describe('two update authorities: the phone loops between builds, and the emulator says so', () => {
  it('flips between the in-band build and the provisioning build, then warns naming both', async () => {
    rig = await startRig({ firmware: '5.9.5.0614', server: { settings: { checkIntervalMs: 10 * 60_000 } } });
    const served: string[] = [];
    rig.server.events.on('provisioningFile', (path, status) => served.push(`${status} ${path}`));
    await rig.advance(10_000);
    // No stand-in set: the network names no provisioning server, and the phone reads none.
    expect(served).toEqual([]);
    const pushed = await admin(rig.server, 'PUT', 'provisioning', { version: '5.8.0.13337', device: 'polycom-vvx-601' });
    expect(pushed).toMatchObject({ status: 200, body: { message: 'the provisioning server pushes 5.8.0.13337 to every polycom-ucs phone' } });

    // 1: the provisioning server installs 5.8.0 at once; 2: in-band offers 5.9.5, which installs after an idle hour; 3: provisioning again.
    await vi.waitFor(() => expect(rig!.actor.getSnapshot().matches({ running: { update: 'downloading' } })).toBe(true));
    // It learnt the pinned build as from any provisioning server: its vendor's files, over HTTP, without a reboot.
    expect(served).toEqual(['404 /provisioning/0004f2000001.cfg', '200 /provisioning/000000000000.cfg']);
    const firmwareSeen: string[] = [];
    rig.actor.subscribe((snapshot) => {
      if (firmwareSeen.at(-1) !== snapshot.context.firmware) firmwareSeen.push(snapshot.context.firmware);
    });
    await rig.advance(2 * hour);
    expect(firmwareSeen).toEqual(['5.9.5.0614', '5.8.0.13337', '5.9.5.0614', '5.8.0.13337']);
    expect(rig.context().update.installHistory.map((install) => install.authority)).toEqual(['provisioning', 'inBand', 'provisioning']);

    const standIn = `http://127.0.0.1:${rig.server.port}/provisioning/`;
    const warning = new RegExp(`^Update loop: in-band device update installs 5\\.9\\.5\\.0614, the provisioning server ${standIn.replaceAll('.', '\\.')} installs 5\\.8\\.0\\.13337\\. Use a single update authority\\.`);
    // Read again at every boot: each of the three installs rebooted the phone.
    expect(served.filter((line) => line === '200 /provisioning/000000000000.cfg').length).toBeGreaterThanOrEqual(3);
    expect(rig.context().warnings).toHaveLength(1);
    // The status bar carries it on every screen (the TUI counts it); the idle screen spells it out.
    expect(renderScreen(rig.actor.getSnapshot()).status.warnings).toEqual([expect.stringMatching(warning)]);
    await vi.waitFor(() => expect(rig!.record()?.warnings).toEqual([expect.stringMatching(warning)]));

    // It keeps looping, as real phones did, until one authority stands down.
    await rig.advance(2 * hour);
    expect(rig.context().update.installHistory.length).toBeGreaterThan(3);
    await admin(rig.server, 'PUT', 'provisioning', { version: null, family: 'polycom-ucs' });
    await vi.waitFor(() => expect(rig!.context().warnings).toEqual([]));
    expect((await fetch(`${standIn}000000000000.cfg`)).status).toBe(404);
    await vi.waitFor(() => expect(rig!.record()?.warnings).toEqual([]));
    await rig.advance(3 * hour);
    expect(rig.context().firmware).toBe('5.9.5.0614');
    expect(rig.context().update.installHistory.map((install) => install.authority)).not.toContain('provisioning');
  });

  it('does not warn while one authority alone moves the phone', async () => {
    rig = await startRig({ firmware: '5.8.0.13337' });
    await rig.advance(10_000);
    await admin(rig.server, 'PUT', 'provisioning', { version: '5.7.1.2205' });
    await rig.advance(5 * 60_000);
    await admin(rig.server, 'PUT', 'provisioning', { version: '5.8.0.13337' });
    await rig.advance(5 * 60_000);
    await admin(rig.server, 'PUT', 'provisioning', { version: '5.7.1.2205' });
    await rig.advance(5 * 60_000);
    expect(rig.context().update.installHistory).toHaveLength(3);
    expect(rig.context().warnings).toEqual([]);
  });
});
