import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { KeyName } from '../../src/core/device-profile.js';
import { phoneMachine, popUpSetting } from '../../src/core/phone-machine.js';
import { defaultServerSettings, type FirmwareOffer } from '../../src/core/phone-types.js';
import { defaultPolicy } from '../../src/core/policies.js';
import { renderScreen, screenText } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { profile } from '../helpers/data.js';

const vvx = profile('polycom-vvx-601');
const offer: FirmwareOffer = { version: '5.9.5.0614', url: 'http://127.0.0.1/x.bin', sha256: 'a'.repeat(64), sizeBytes: 10_000_000 };
const settings = { ...defaultServerSettings, downloadBytesPerSecond: 1_000_000 };

/** A phone on a simulated clock with no server: the test plays the server's part by sending its events. */
function bootedPhone(options: { popUp?: number } = {}) {
  const clock = new VirtualClock();
  const actor = createActor(phoneMachine, {
    clock,
    input: {
      profile: vvx,
      firmware: '5.8.0.13337',
      identity: { mac: '00:04:F2:00:00:01', serial: '0004F2000001' },
      settings: options.popUp === undefined ? {} : { [popUpSetting]: options.popUp },
    },
  });
  const emitted: string[] = [];
  actor.on('*', (event) => emitted.push(event.type));
  actor.start();
  clock.advanceBy(vvx.timings.bootMs);
  actor.send({ type: 'server.connected', settings });
  const screen = () => screenText(renderScreen(actor.getSnapshot()));
  return { clock, actor, emitted, screen };
}

const key = (k: KeyName) => ({ type: 'key.press', key: k }) as const;

describe('the phone machine (Polycom VVX 601)', () => {
  it('boots, then asks the server for updates once connected', () => {
    const { emitted, screen } = bootedPhone();
    expect(emitted).toEqual(['phone.booted', 'update.checkRequested']);
    expect(screen()).toContain('Not signed in');
  });

  it('shows the running firmware under Settings > Status > Platform > Application > Main', () => {
    const { actor, screen } = bootedPhone();
    actor.send({ type: 'server.noUpdate' });
    actor.send(key('Home'));
    expect(screen()).toMatch(/1\. Settings/);
    actor.send(key('Select')); // Settings
    actor.send(key('Down'));
    actor.send(key('Down'));
    actor.send(key('Select')); // Status
    expect(screen()).toMatch(/^Status/);
    actor.send(key('1')); // Platform
    actor.send(key('2')); // Application
    actor.send(key('1')); // Main
    expect(screen()).toMatch(/^Main\nVersion: 5\.8\.0\.13337/);
    actor.send(key('Back'));
    expect(screen()).toMatch(/^Application/);
  });

  it('offers Update / Postpone, and a postponed offer comes back at the next check', () => {
    const { actor, clock, emitted, screen } = bootedPhone();
    actor.send({ type: 'server.updateOffered', offer });
    expect(screen()).toMatch(/Software version 5\.9\.5\.0614 is\navailable/);
    expect(screen()).toMatch(/Update +Postpone$/);
    actor.send({ type: 'softkey.press', id: 'postpone' });
    expect(screen()).not.toMatch(/Postpone/);
    emitted.length = 0;
    clock.advanceBy(settings.checkIntervalMs - 1);
    expect(emitted).toEqual([]);
    clock.advanceBy(1);
    expect(emitted).toEqual(['update.checkRequested']);
  });

  it('downloads with progress on Update, installs only once verified, and reboots on the new build', () => {
    const { actor, clock, emitted, screen } = bootedPhone();
    actor.send({ type: 'server.updateOffered', offer });
    actor.send({ type: 'softkey.press', id: 'update' });
    expect(emitted).toContain('download.requested');
    clock.advanceBy(4_000);
    expect(renderScreen(actor.getSnapshot()).progress).toBeCloseTo(0.4);
    expect(screen()).toMatch(/Downloading 5\.9\.5\.0614\n\[#+-+\] 40%/);
    clock.advanceBy(6_000);
    expect(actor.getSnapshot().matches({ running: { update: { downloading: 'verifying' } } })).toBe(true);
    actor.send({ type: 'download.verified' });
    expect(screen()).toMatch(/Installing 5\.9\.5\.0614/);
    clock.advanceBy(vvx.timings.installMs);
    expect(screen()).toMatch(/Restarting/);
    emitted.length = 0;
    clock.advanceBy(vvx.timings.rebootMs + vvx.timings.bootMs);
    expect(actor.getSnapshot().context).toMatchObject({ firmware: '5.9.5.0614', update: { previousFirmware: '5.8.0.13337' } });
    expect(emitted).toEqual(['phone.booted']);
  });

  it('moves a large image on by tenths (one step each, not one a second), and a small one in a second', () => {
    const { actor, clock, screen } = bootedPhone();
    // 15.6 MB at 1 MB/s: a tenth is 1,560 ms.
    actor.send({ type: 'server.updateOffered', offer: { ...offer, sizeBytes: 15_600_000 } });
    actor.send({ type: 'softkey.press', id: 'update' });
    clock.advanceBy(1_559);
    expect(screen()).toMatch(/\] 0%/);
    clock.advanceBy(1);
    expect(screen()).toMatch(/\] 10%/);
    clock.advanceBy(3 * 1_560);
    expect(screen()).toMatch(/\] 40%/);
    clock.advanceBy(6 * 1_560 - 1);
    expect(screen()).toMatch(/\] 90%/);
    clock.advanceBy(1);
    expect(actor.getSnapshot().matches({ running: { update: { downloading: 'verifying' } } })).toBe(true);

    const small = bootedPhone();
    small.actor.send({ type: 'server.updateOffered', offer: { ...offer, sizeBytes: 300_000 } });
    small.actor.send({ type: 'softkey.press', id: 'update' });
    small.clock.advanceBy(999);
    expect(small.screen()).toMatch(/\] 0%/);
    small.clock.advanceBy(1);
    expect(small.actor.getSnapshot().matches({ running: { update: { downloading: 'verifying' } } })).toBe(true);
  });

  it('stays on its build and says why when the download fails its check', () => {
    const { actor, clock, screen } = bootedPhone();
    actor.send({ type: 'server.updateOffered', offer });
    actor.send({ type: 'softkey.press', id: 'update' });
    actor.send({ type: 'download.failed', reason: 'sha256 mismatch' });
    clock.advanceBy(9_000);
    expect(screen()).toMatch(/Downloading/); // a real phone finds the mismatch once every byte is in
    clock.advanceBy(1_000);
    expect(screen()).toMatch(/Update failed: sha256 mismatch/);
    expect(actor.getSnapshot().context.firmware).toBe('5.8.0.13337');
  });

  it('installs an unanswered offer once the phone has been idle for the inactivity period', () => {
    const { actor, clock, emitted } = bootedPhone();
    actor.send({ type: 'server.updateOffered', offer });
    clock.advanceBy(settings.updateInactivityMs - 60_000);
    actor.send(key('Down')); // the user touches the phone: the period starts again
    clock.advanceBy(settings.updateInactivityMs - 1);
    expect(emitted).not.toContain('download.requested');
    clock.advanceBy(1);
    expect(emitted).toContain('download.requested');
  });

  it('checks and installs at once on SwUpdate, without asking', () => {
    const { actor, emitted, screen } = bootedPhone();
    actor.send({ type: 'server.noUpdate' });
    expect(screen()).toMatch(/SwUpdate$/);
    emitted.length = 0;
    actor.send({ type: 'softkey.press', id: 'swUpdate' });
    expect(emitted).toEqual(['update.checkRequested']);
    actor.send({ type: 'server.updateOffered', offer });
    expect(emitted).toContain('download.requested');
  });

  it('says the software is up to date when SwUpdate finds nothing, then clears the notice', () => {
    const { actor, clock, screen } = bootedPhone();
    actor.send({ type: 'server.noUpdate' });
    actor.send({ type: 'softkey.press', id: 'swUpdate' });
    actor.send({ type: 'server.noUpdate' });
    expect(screen()).toMatch(/up to date/);
    clock.advanceBy(5_000);
    expect(screen()).not.toMatch(/up to date/);
  });

  it('notifies instead of popping up when lync.deviceUpdate.popUpSK.enabled is 0', () => {
    const { actor, screen } = bootedPhone({ popUp: 0 });
    actor.send({ type: 'server.updateOffered', offer });
    expect(screen()).toMatch(/Update 5\.9\.5\.0614 available/);
    expect(screen()).not.toMatch(/Postpone/);
    actor.send({ type: 'softkey.press', id: 'update' });
    expect(actor.getSnapshot().matches({ running: { update: 'offered' } })).toBe(true);
  });

  it('spells out an update-loop warning on the idle screen after three flips between two authorities', () => {
    const { actor, clock, screen } = bootedPhone();
    const provisioning = { server: 'http://prov.contoso.com/', offer: { ...offer, version: '5.7.1.2205' } };
    const install = () => {
      actor.send({ type: 'download.verified' });
      clock.advanceBy(60_000 + vvx.timings.installMs + vvx.timings.rebootMs + vvx.timings.bootMs);
      actor.send({ type: 'server.connected', settings });
    };
    actor.send({ type: 'provisioning.firmware', target: provisioning }); // 5.8.0 -> 5.7.1, no question asked
    install();
    actor.send({ type: 'server.updateOffered', offer }); // in-band: 5.7.1 -> 5.9.5
    actor.send({ type: 'softkey.press', id: 'update' });
    install();
    expect(actor.getSnapshot().context.warnings).toEqual([]);
    actor.send({ type: 'provisioning.firmware', target: provisioning }); // and back
    install();
    actor.send({ type: 'server.noUpdate' });
    expect(actor.getSnapshot().context.firmware).toBe('5.7.1.2205');
    expect(screen()).toMatch(/^Update loop: in-band device update\ninstalls 5\.9\.5\.0614, the provisioning\nserver http:\/\/prov\.contoso\.com\/ installs\n5\.7\.1\.2205\./m);
    actor.send({ type: 'provisioning.firmware', target: { ...provisioning, offer: null } });
    expect(actor.getSnapshot().context.warnings).toEqual([]);
  });

  it('keeps the policy from the welcome and ignores a stray offer while EnableDeviceUpdate is False', () => {
    const { actor, emitted } = bootedPhone();
    actor.send({ type: 'server.noUpdate', nextCheckMs: 1_000 });
    const policy = { ...defaultPolicy, EnableDeviceUpdate: false, PhoneLockTimeout: 120_000 };
    actor.send({ type: 'server.policyChanged', policy });
    expect(actor.getSnapshot().context.policy).toEqual(policy);
    actor.send({ type: 'server.updateOffered', offer });
    expect(actor.getSnapshot().matches({ running: { update: 'idle' } })).toBe(true);
    emitted.length = 0;
    actor.send({ type: 'server.disconnected' });
    actor.send({ type: 'server.connected', settings, policy });
    expect(emitted).not.toContain('update.checkRequested');
  });
});
