import { afterEach, describe, expect, it, vi } from 'vitest';
import { completeWebSignIn } from '../../src/pc/browser-sign-in.js';
import { PcClient } from '../../src/pc/pc-client.js';
import { admin } from '../helpers/admin.js';
import { startRig, type Rig } from '../helpers/rig.js';
import { createPin, signInWith } from '../helpers/sign-in.js';

let rig: Rig | undefined;
const pcs: PcClient[] = [];
afterEach(async () => {
  for (const pc of pcs.splice(0)) pc.close();
  await rig?.close();
  rig = undefined;
});

const amos = { upn: 'amosm@contoso.com', password: 'Pa55w.rd', extension: '4321', pin: '13579' };
const tenant = {
  users: [
    { ...amos, licenses: ['PhoneSystem', 'CallingPlan'] },
    { upn: 'lidiah@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'], extension: '4322' },
    { upn: 'nolicence@contoso.com', password: 'Pa55w.rd', licenses: [] },
  ],
};

async function bootedRig(options: Partial<Parameters<typeof startRig>[0]> = {}) {
  rig = await startRig({ firmware: '5.9.5.0614', tenant, ...options });
  await rig.advance(60_000);
  return rig;
}

async function webCodeOnScreen(rig: Rig) {
  await rig.softkey('Sign In');
  await rig.choose('Web Sign-in');
  const code = rig.context().account.webCode!;
  expect(rig.screen()).toContain(code.code);
  expect(code.code).toMatch(/^[A-Z2-9]{9}$/);
  return code;
}

async function pairedPc(rig: Rig, os: 'windows' | 'mac' | 'vdi' = 'windows') {
  const pc = await PcClient.connect({ url: rig.server.url, phone: rig.context().identity.mac, os, pcPort: rig.link.pcPort });
  pcs.push(pc);
  return pc;
}

describe('sign-in against the real server', () => {
  it('says the password is wrong, and nothing else changes', async () => {
    const rig = await bootedRig();
    await signInWith(rig, 'userId', { ...amos, password: 'wrong' });
    expect(rig.text()).toMatch(/the user name or password is incorrect/);
    expect(rig.context().account.user).toBeNull();
    expect(rig.server.devices()[0]).toMatchObject({ user: null });
  });

  it('refuses a user without a Phone System license, saying why', async () => {
    const rig = await bootedRig();
    await signInWith(rig, 'userId', { upn: 'nolicence@contoso.com', password: 'Pa55w.rd' });
    expect(rig.text()).toMatch(/no Phone System license/);
    expect(rig.context().account.user).toBeNull();
  });

  it('stays signed in across a reboot (an update), and comes back locked', async () => {
    const rig = await bootedRig({ firmware: '5.8.0.13337' });
    await rig.softkey('Postpone');
    await signInWith(rig, 'userId', amos);
    await createPin(rig);
    await rig.softkey('Update'); // the check at sign-in offered the postponed build again
    await rig.advance(10 * 60_000); // download, install, reboot, reconnect, resume the session
    expect(rig.context().firmware).toBe('5.9.5.0614');
    expect(rig.context().account.user).toMatchObject({ upn: amos.upn });
    expect(rig.screen()).toMatch(/^Phone Locked/);
    expect(rig.server.devices().find((device) => device.connected)).toMatchObject({ user: amos.upn });
  });
});

describe('web sign-in codes', () => {
  it('are shown with the address of a real page, and sign the phone in once the browser side completes', async () => {
    const rig = await bootedRig();
    const code = await webCodeOnScreen(rig);
    expect(code.url).toBe(`${rig.server.httpUrl}signin`);
    const result = await completeWebSignIn({ url: code.url, user: amos.upn, code: code.code, password: amos.password });
    expect(result.done).toBe(true);
    await vi.waitFor(() => expect(rig.context().account.user).toMatchObject({ upn: amos.upn, method: 'web' }));
  });

  it('still work at 14:59 and are dead at 15:00, on the server as on the phone', async () => {
    const rig = await bootedRig();
    const code = await webCodeOnScreen(rig);
    await rig.advance(14 * 60_000 + 59_000);
    expect(rig.screen()).toContain(code.code);
    await rig.advance(1_000);
    expect(rig.text()).toMatch(/The code has expired\. Press Retry for a new code\./);
    const late = await completeWebSignIn({ url: code.url, user: amos.upn, code: code.code, password: amos.password });
    expect(late.done).toBe(false);
    expect(late.page).toMatch(/That code has expired/);
  });

  it('honours a code entered at 14:59 only if the sign-in also finishes before 15:00', async () => {
    const rig = await bootedRig();
    const code = await webCodeOnScreen(rig);
    await rig.advance(14 * 60_000 + 59_000);
    const result = await completeWebSignIn({ url: code.url, user: amos.upn, code: code.code, password: amos.password });
    expect(result.done).toBe(true);
    await vi.waitFor(() => expect(rig.context().account.user).not.toBeNull());
  });

  it('are single use, and a new code (Retry) replaces the old one', async () => {
    const rig = await bootedRig();
    const first = await webCodeOnScreen(rig);
    await rig.advance(15 * 60_000);
    await rig.softkey('Retry');
    const second = rig.context().account.webCode!;
    expect(second.code).not.toBe(first.code);
    await rig.softkey('Cancel');
    const third = await webCodeOnScreen(rig);
    const stale = await completeWebSignIn({ url: second.url, user: amos.upn, code: second.code, password: amos.password });
    expect(stale.page).toMatch(/That code didn't work/);
    const used = await completeWebSignIn({ url: third.url, user: amos.upn, code: third.code, password: amos.password });
    expect(used.done).toBe(true);
    const again = await completeWebSignIn({ url: third.url, user: amos.upn, code: third.code, password: amos.password });
    expect(again.page).toMatch(/That code didn't work/);
  });

  it('refuses wrong codes, then rate-limits the sign-in that keeps trying (not the others from its address)', async () => {
    const rig = await bootedRig();
    const code = await webCodeOnScreen(rig);
    const post = async (path: string, fields: Record<string, string>) => {
      const response = await fetch(new URL(path, code.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
      return { status: response.status, html: await response.text() };
    };
    const flow = /name="flow" value="([^"]+)"/.exec((await post('/signin/user', { user: amos.upn })).html)![1]!;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await post('/signin/code', { flow, code: 'WRONGCODE' })).html).toMatch(/That code didn&#39;t work/);
    }
    const limited = await post('/signin/code', { flow, code: code.code });
    expect(limited.status).toBe(429);
    expect(limited.html).toMatch(/Too many wrong codes\. Try again in 10 minutes\./);
    await rig.advance(15 * 60_000); // the limit's window has passed, and the code expired
    await rig.softkey('Retry');
    const fresh = rig.context().account.webCode!;
    const after = await completeWebSignIn({ url: fresh.url, user: amos.upn, code: fresh.code, password: amos.password });
    expect(after.done).toBe(true);
  });

  it('lets the browser user pick "Use another account"', async () => {
    const rig = await bootedRig();
    const code = await webCodeOnScreen(rig);
    const result = await completeWebSignIn({ url: code.url, user: 'lidiah@contoso.com', code: code.code, password: 'Pa55w.rd', account: 'another' });
    expect(result.done).toBe(true);
    await vi.waitFor(() => expect(rig.context().account.user).toMatchObject({ upn: 'lidiah@contoso.com' }));
  });
});

describe('calls against the real server', () => {
  async function signedIn(upn = amos.upn) {
    const rig = await bootedRig();
    await signInWith(rig, 'userId', { upn, password: 'Pa55w.rd' });
    await createPin(rig);
    return rig;
  }

  it('refuses a call to a phone number without a Calling Plan, with the reason, and still calls users', async () => {
    const rig = await signedIn('lidiah@contoso.com');
    await rig.keys('14255550100');
    await rig.softkey('Dial');
    expect(rig.text()).toMatch(/Calls to phone numbers need a Calling Plan license/);
    await rig.keys('4321');
    await rig.softkey('Dial');
    expect(rig.screen()).toMatch(/Ringing 4321/);
    await rig.advance(5_000);
    expect(rig.screen()).toMatch(/Connected: 4321/);
  });

  it('dials a phone number with a Calling Plan after UserDialTimeoutMS', async () => {
    const rig = await signedIn();
    await rig.keys('14255550100');
    await rig.advance(5_000);
    expect(rig.screen()).toMatch(/Ringing 14255550100/);
  });

  it('rings when the server injects an incoming call, and answers it', async () => {
    const rig = await signedIn();
    expect(rig.server.ring(amos.upn, 'lidiah@contoso.com')).toBe(true);
    await vi.waitFor(() => expect(rig.screen()).toMatch(/Incoming call from lidiah@contoso\.com/));
    await rig.softkey('Answer');
    expect(rig.screen()).toMatch(/Connected: lidiah@contoso\.com/);
  });

  it('dials an emergency number from a locked phone', async () => {
    const rig = await signedIn();
    await rig.key('Lock');
    await rig.key('Hook');
    await rig.keys('911');
    await rig.softkey('Dial');
    expect(rig.screen()).toMatch(/Ringing 911/);
  });
});

describe('BToE with an emulated PC', () => {
  it('pairs a Windows PC in Auto mode, signs in from it, syncs the lock both ways, and clicks to call', async () => {
    const rig = await bootedRig();
    const pc = await pairedPc(rig);
    expect(pc.state.phone).toMatchObject({ model: 'polycom-vvx-601' });
    expect(await pc.pair()).toBe('paired');
    expect(rig.context().pairing.paired).toBe(true);
    expect(await pc.signIn(amos.upn, amos.password)).toEqual({ outcome: 'signedIn' });
    await vi.waitFor(() => expect(rig.context().account.user).toMatchObject({ method: 'pc', exchange: true }));
    await createPin(rig);

    pc.setLocked(true);
    await vi.waitFor(() => expect(rig.lockPhase()).toBe('locked'));
    pc.setLocked(false);
    await vi.waitFor(() => expect(rig.lockPhase()).toBe('unlocked'));
    await rig.key('Lock');
    await vi.waitFor(() => expect(pc.state.phoneLocked).toBe(true));
    await rig.keys('123456');
    await rig.softkey('Unlock');
    await vi.waitFor(() => expect(pc.state.phoneLocked).toBe(false));

    pc.call('lidiah@contoso.com');
    await vi.waitFor(() => expect(rig.screen()).toMatch(/Ringing lidiah@contoso\.com/));
  });

  it('tells the PC when BToE is turned off on a paired phone, and stops relaying its lock', async () => {
    const rig = await bootedRig();
    const pc = await pairedPc(rig);
    expect(await pc.pair()).toBe('paired');
    expect(await pc.signIn(amos.upn, amos.password)).toEqual({ outcome: 'signedIn' });
    await vi.waitFor(() => expect(rig.context().account.user).not.toBeNull());
    await createPin(rig);
    await admin(rig.server, 'PUT', 'policies/EnableBetterTogetherOverEthernet', { value: 'False' });
    await vi.waitFor(() => expect(pc.state).toMatchObject({ pairing: 'refused', refusal: 'disabled' }));
    expect(rig.context().pairing.paired).toBe(false);
    pc.setLocked(true);
    await rig.advance(1_000);
    expect(rig.lockPhase()).toBe('unlocked');
  });

  it('pairs in Manual mode only with the 8-character code the phone shows', async () => {
    const rig = await bootedRig({ policy: { BetterTogetherOverEthernetPairingMode: 'Manual' } });
    const pc = await pairedPc(rig);
    expect(await pc.pair()).toBe('codeRequired');
    const code = rig.context().pairing.code!;
    expect(code).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(rig.screen()).toContain(`Pairing code: ${code}`);
    expect(await pc.enterCode('00000000')).toBe('refused');
    expect(pc.state.refusal).toBe('badCode');
    expect(await pc.enterCode(code)).toBe('paired');
  });

  it.each([
    ['mac', {}, 'mac', /not supported on a Mac/],
    ['vdi', {}, 'vdi', /not supported in a VDI session/],
    ['windows', { EnableBetterTogetherOverEthernet: false }, 'disabled', /BToE is turned off/],
  ] as const)('refuses a %s PC with the reason (policy %j)', async (os, policy, reason, onScreen) => {
    const rig = await bootedRig({ policy });
    const pc = await pairedPc(rig, os);
    expect(await pc.pair()).toBe('refused');
    expect(pc.state.refusal).toBe(reason);
    expect(rig.text()).toMatch(onScreen);
    expect(await pc.signIn(amos.upn, amos.password)).toEqual({ outcome: 'refused', reason: 'notPaired' });
  });

  it('refuses a PC that names no connected phone', async () => {
    const rig = await bootedRig();
    await expect(PcClient.connect({ url: rig.server.url, phone: '00:00:00:00:00:00' })).rejects.toThrow(/no phone with MAC 00:00:00:00:00:00/);
  });
});
