import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/server/domain-errors.js';
import { statusOf } from '../../src/server/http-replies.js';
import { normalizeMac, ServerStore } from '../../src/server/store.js';
import { decideOffer, type AskingPhone } from '../../src/server/update-rules.js';
import { projectData } from '../helpers/data.js';

const phone = (firmware: string, mac = '00:04:F2:00:00:01'): AskingPhone => ({
  model: 'polycom-vvx-601',
  mac,
  serial: mac.replaceAll(':', ''),
  firmware,
});
const offered = (store: ServerStore, asking: AskingPhone) => {
  const decision = decideOffer(store, asking);
  return 'build' in decision ? decision.build.version : null;
};
const refusal = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return `${statusOf(error)} ${error.message}`;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('Online: a published certified build is offered to every phone of its model', () => {
  it('offers the newest published build, newer only, and a held-back build once published', () => {
    const store = new ServerStore(projectData(), 'online');
    expect(offered(store, phone('5.8.0.13337'))).toBe('5.9.5.0614');
    expect(offered(store, phone('5.9.5.0614'))).toBeNull();
    expect(offered(store, phone('6.1.0.6189'))).toBeNull(); // never older
    expect(store.publish('6.1.0.6189', { device: 'polycom-vvx-601' })).toMatch(/published 6\.1\.0\.6189/);
    expect(offered(store, phone('5.9.5.0614'))).toBe('6.1.0.6189');
    expect(offered(store, phone('5.4.0.10165'))).toBe('6.1.0.6189');
    expect(store.publish('6.1.0.6189')).toMatch(/already published/);
  });

  it('offers nothing while EnableDeviceUpdate is False', () => {
    const store = new ServerStore(projectData(), 'online');
    store.setPolicy('EnableDeviceUpdate', 'False');
    expect(decideOffer(store, phone('5.8.0.13337'))).toEqual({ none: expect.stringMatching(/EnableDeviceUpdate is False/) });
  });

  it('has no rules to approve, reset or restore', () => {
    const store = new ServerStore(projectData(), 'online');
    expect(refusal(() => store.approve('6.1.0.6189'))).toMatch(/^409 approve changes on-premises update rules; .*--deployment onprem/);
    expect(refusal(() => store.setPolicy('SIPSecurityMode', 'Low'))).toMatch(/^409 SIPSecurityMode does not apply to Skype for Business Online/);
  });

  it('names what is wrong with a build to publish', () => {
    const store = new ServerStore(projectData(), 'online');
    expect(refusal(() => store.publish('9.9.9.9'))).toMatch(/^404 no firmware family has a build 9\.9\.9\.9/);
    expect(refusal(() => store.publish('9.9.9.9', { family: 'polycom-ucs' }))).toMatch(/^404 9\.9\.9\.9 is not in firmware-catalog\/polycom-ucs\.yaml/);
    expect(refusal(() => store.publish('6.1.0.6189', { family: 'nokia' }))).toMatch(/^404 "nokia" is not a firmware family/);
    expect(refusal(() => store.publish('6.1.0.6189', { device: 'polycom-vvx-999' }))).toMatch(/^404 "polycom-vvx-999" is not a device id/);
  });
});

describe('on-premises: device update rules as the Device Update Web service applies them', () => {
  const tester = phone('5.9.5.0614', '00:04:F2:00:00:02');
  const others = phone('5.9.5.0614');

  it('starts with the newest published build approved and offers it even to a newer phone', () => {
    const store = new ServerStore(projectData(), 'onprem');
    expect(store.rule('polycom-ucs')).toEqual({ approved: '5.9.5.0614', pending: null, restore: null, withdrawn: null });
    expect(offered(store, phone('5.8.0.13337'))).toBe('5.9.5.0614');
    expect(offered(store, phone('6.1.0.6189'))).toBe('5.9.5.0614'); // whenever it differs, even when older
    expect(offered(store, phone('5.9.5.0614'))).toBeNull();
  });

  it('walks Pending -> Approve -> Restore, test devices first', () => {
    const store = new ServerStore(projectData(), 'onprem');
    store.addTestDevice('MACAddress', '00-04-F2-00-00-02', 'lab');
    expect(store.publish('6.1.0.6189')).toMatch(/6\.1\.0\.6189 is Pending for polycom-ucs: only test devices/);
    expect(offered(store, tester)).toBe('6.1.0.6189');
    expect(offered(store, others)).toBeNull();

    expect(refusal(() => store.approve('5.8.0.13337'))).toMatch(/^409 no firmware family has 5\.8\.0\.13337 pending/);
    expect(store.approve('6.1.0.6189')).toMatch(/approved 6\.1\.0\.6189/);
    expect(store.rule('polycom-ucs')).toEqual({ approved: '6.1.0.6189', pending: null, restore: '5.9.5.0614', withdrawn: null });
    expect(offered(store, others)).toBe('6.1.0.6189');

    expect(store.restore({ family: 'polycom-ucs' })).toMatch(/restored 5\.9\.5\.0614/);
    expect(store.rule('polycom-ucs')).toEqual({ approved: '5.9.5.0614', pending: null, restore: null, withdrawn: null });
    expect(offered(store, phone('6.1.0.6189'))).toBe('5.9.5.0614');
    expect(store.restore({ family: 'polycom-ucs' })).toMatch(/withdrew 5\.9\.5\.0614 for polycom-ucs: there is no earlier approved build/);
    expect(offered(store, phone('6.1.0.6189'))).toBeNull();
    // With no earlier approved build the update is uninstalled: a phone on it goes back to the build it kept for rollback.
    const installed = { ...phone('5.9.5.0614'), lastResult: { version: '5.9.5.0614', outcome: 'installed' as const, previous: '5.8.0.13337' } };
    expect(offered(store, installed)).toBe('5.8.0.13337');
    expect(offered(store, phone('5.9.5.0614'))).toBeNull();
    expect(refusal(() => store.restore())).toMatch(/^400 say which firmware family/);
  });

  it('Reset rejects a pending build: test devices go back to the approved one', () => {
    const store = new ServerStore(projectData(), 'onprem');
    store.addTestDevice('SerialNumber', '0004F2000002');
    store.publish('6.1.0.6189');
    expect(store.reset({ family: 'polycom-ucs' })).toMatch(/rejected 6\.1\.0\.6189 for polycom-ucs: test devices return to 5\.9\.5\.0614/);
    expect(offered(store, { ...tester, firmware: '6.1.0.6189' })).toBe('5.9.5.0614');
    expect(refusal(() => store.reset({ family: 'polycom-ucs' }))).toMatch(/^409 polycom-ucs has no pending build/);
    expect(refusal(() => store.approve(undefined, { family: 'polycom-ucs' }))).toMatch(/^409 polycom-ucs has no pending build to approve/);
  });
});

describe('test devices (New-CsTestDevice)', () => {
  it.each([
    ['010203040506', '010203040506'],
    ['01-02-03-04-05-06', '010203040506'],
    ['01:02:03:04:05:0a', '01020304050A'],
  ])('reads the MAC %s', (text, normalized) => expect(normalizeMac(text)).toBe(normalized));

  it.each(['01-02-03-04-05', '01:02-03:04:05:06', '0102030405', 'zz:02:03:04:05:06'])('refuses the MAC %s', (text) => {
    expect(normalizeMac(text)).toBeUndefined();
    expect(refusal(() => new ServerStore(projectData()).addTestDevice('MACAddress', text))).toMatch(/is not a MAC address: six or more hex pairs/);
  });

  it('refuses a serial with other characters, and a name used twice', () => {
    const store = new ServerStore(projectData());
    expect(refusal(() => store.addTestDevice('SerialNumber', 'AB 12'))).toMatch(/letters, digits, hyphens and underscores/);
    store.addTestDevice('SerialNumber', 'AB-12_x', 'bench');
    expect(refusal(() => store.addTestDevice('SerialNumber', 'CD-34', 'bench'))).toMatch(/^409 a test device named "bench" exists already/);
  });
});
