import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { createPhone } from '../../src/phone/create-phone.js';
import { linkPhone } from '../../src/phone/phone-link.js';
import { readPhoneState } from '../../src/phone/phone-state.js';
import { serverStateSchema } from '../../src/server/server-state.js';
import { readStateFile } from '../../src/state/state-file.js';
import { killHard, spawnFixture, startServerProcess, waitForLine } from '../helpers/cli.js';
import { profile } from '../helpers/data.js';
import { reportFigure } from '../helpers/report.js';
import { driverFor } from '../helpers/rig.js';
import { signInWith } from '../helpers/sign-in.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-restarts-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map(killHard));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


async function server(...args: string[]) {
  const started = await startServerProcess('--port', '0', ...args);
  children.push(started.child);
  return { ...started, http: started.url.replace('ws:', 'http:') };
}

function phoneProcess(url: string, file: string, holdAt?: 'installing' | 'rebooting') {
  const child = spawnFixture('phone-process', url, file, 'yealink-t48g', '35.8.0.5', ...(holdAt ? [holdAt] : []));
  children.push(child);
  return child;
}

async function adminCall(http: string, method: string, path: string, body?: unknown) {
  const response = await fetch(new URL(`admin/${path}`, http), { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json() as Promise<unknown>;
}

describe('a phone process killed with SIGKILL and started again on its state file', () => {
  it.each([
    ['installing', '35.8.0.5'],
    ['rebooting', '35.9.0.70'],
  ] as const)('killed while %s, comes back on a whole build (%s) and ends on the new one', async (holdAt, comesBackOn) => {
    const { url } = await server('--inactivity', '60000');
    const file = join(dir, `phone-${holdAt}.json`);
    const first = phoneProcess(url, file, holdAt);
    await waitForLine(first, new RegExp(`^phone ${holdAt} `));
    await killHard(first);

    // The file holds the build the phone runs, whole: the old one until the install is done, the new one after.
    expect(readPhoneState(file)).toMatchObject({ snapshot: { value: holdAt, context: { firmware: comesBackOn } } });
    const second = phoneProcess(url, file);
    const { lines } = await waitForLine(second, /^phone running idle 35\.9\.0\.70$/);
    expect(lines[0]).toBe(`phone booting - ${comesBackOn}`);
    expect(lines.every((line) => / (35\.8\.0\.5|35\.9\.0\.70)$/.test(line))).toBe(true);
    await killHard(second);
    expect(readPhoneState(file)).toMatchObject({ snapshot: { context: { firmware: '35.9.0.70', update: { previousFirmware: '35.8.0.5' } } } });
    reportFigure(`phone process SIGKILLed while ${holdAt}: came back on ${comesBackOn}, ended on 35.9.0.70`);
  });
});

describe('a server process killed with SIGKILL and started again on its state file', () => {
  it('offers the build approved before the kill, keeps test devices, policies, devices and sessions', async () => {
    const file = join(dir, 'server.json');
    const first = await server('--deployment', 'onprem', '--state', file, '--check-interval', '600000');
    await adminCall(first.http, 'POST', 'firmware/publish', { version: '6.1.0.6189', family: 'polycom-ucs' });
    await adminCall(first.http, 'POST', 'firmware/approve', { version: '6.1.0.6189', family: 'polycom-ucs' });
    await adminCall(first.http, 'POST', 'test-devices', { type: 'MACAddress', identifier: '00:04:F2:00:00:42', name: 'lab' });
    await adminCall(first.http, 'PUT', 'policies/PhoneLockTimeout', { value: '00:05:00' });

    // A phone signs in on the first process; its session must survive the kill.
    const clock = new VirtualClock();
    const actor = createPhone({ profile: profile('polycom-vvx-601'), firmware: '6.1.0.6189', clock });
    const link = linkPhone(actor, { url: first.url, clock });
    const phone = { ...driverFor(actor, link), server: { url: first.url } };
    actor.start();
    await clock.advance(60_000, () => link.whenSettled());
    await signInWith(phone, 'userId', { upn: 'amosm@contoso.com', password: 'Pa55w.rd' });
    expect(phone.context().account.user?.upn).toBe('amosm@contoso.com');
    await vi.waitFor(() => expect(readStateFile(file, serverStateSchema)?.sessions).toHaveLength(1), { timeout: 5_000 });
    link.close();
    actor.stop();
    await killHard(first.child);

    const second = await server('--deployment', 'onprem', '--state', file, '--check-interval', '600000');
    const asking = await rawClient(second.url);
    asking.send(helloFrame('5.9.5.0614'));
    expect(await asking.next()).toMatchObject({ type: 'welcome', policy: { PhoneLockTimeout: 300_000 } });
    asking.send({ v: 1, type: 'update.check', firmware: '5.9.5.0614' });
    expect(await asking.next()).toMatchObject({ type: 'update.offer', offer: { version: '6.1.0.6189' } });
    const token = phone.context().account.token!;
    asking.send({ v: 1, type: 'signIn.resume', token });
    expect(await asking.next()).toMatchObject({ type: 'signIn.accepted', user: { upn: 'amosm@contoso.com' } });
    asking.close();

    const devices = (await adminCall(second.http, 'GET', 'devices')) as { mac: string; user: string | null }[];
    expect(devices.map((device) => device.mac)).toContain(phone.context().identity.mac);
    expect(await adminCall(second.http, 'GET', 'test-devices')).toEqual([{ name: 'lab', type: 'MACAddress', identifier: '0004F2000042' }]);
    // Nothing in the file can sign anyone in: no password, no PIN, no session token.
    const text = readFileSync(file, 'utf8');
    for (const secret of ['Pa55w.rd', '"13579"', token]) expect(text).not.toContain(secret);
    reportFigure('server process SIGKILLed with a state file: approved build, test device, policy, device list and session all back');
  });
});

describe('state files under SIGKILL at random moments', () => {
  const kills = Number(process.env['PHONE_EMU_STATE_KILLS'] ?? 30);

  it(`always read back whole, the old state or the new, over ${kills} kills of a process rewriting one`, async () => {
    const file = join(dir, 'atomic.json');
    const seed = await server('--state', file);
    const phone = await rawClient(seed.url);
    phone.send(helloFrame());
    await phone.next();
    phone.close();
    await vi.waitFor(() => expect(readStateFile(file, serverStateSchema)?.devices).toHaveLength(1), { timeout: 5_000 });
    await killHard(seed.child);

    let midWrite = 0;
    let lastVersion = 0;
    for (let kill = 0; kill < kills; kill += 1) {
      const writer = spawnFixture('state-writer', file, '400');
      children.push(writer);
      await waitForLine(writer, /^writing$/);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
      await killHard(writer);
      children.splice(children.indexOf(writer), 1);
      if (readdirSync(dir).some((name) => name.startsWith('.atomic.json.') && name.endsWith('.tmp'))) midWrite += 1;

      const state = readStateFile(file, serverStateSchema)!;
      const versions = new Set(state.devices.map((device) => device.installed[0] ?? '0'));
      expect(versions.size).toBe(1);
      const version = Number([...versions][0]);
      // Version 0 is the seed the first writer started from: a kill before its first rename leaves it.
      expect(state.devices).toHaveLength(version === 0 ? 1 : 400);
      lastVersion = version;
    }
    reportFigure(`${kills} SIGKILLs of a state writer, ${midWrite} with a write under way, file whole after each (last version ${lastVersion})`);
  }, 10_000 + kills * 500);
});
