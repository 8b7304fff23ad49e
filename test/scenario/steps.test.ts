import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startUpdateServer } from '../../src/server/update-server.js';
import { projectData } from '../helpers/data.js';
import { dataWithProfile, runText } from './helpers.js';

const vvx = 'name: step test\ndevice: polycom-vvx-601\n';
const onOffer = `${vvx}firmware: 5.8.0.13337\n`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('each step against a real phone and server', () => {
  it('boots and connects the phone before the first step: the offer is already on screen', async () => {
    const result = await runText(`${onOffer}steps:\n  - expect: { screen: "Software version 5.9.5.0614 is available.", firmware: 5.8.0.13337 }\n`);
    expect(result).toMatchObject({ status: 'passed', virtualMs: 8_000 });
  });

  it('press: a softkey by its label, and a key by its name', async () => {
    const result = await runText(`${onOffer}steps:
  - press: Postpone
  - expect: { notScreen: available }
  - press: Home
  - expect: { screen: "1. Settings" }
  - press: Down
  - press: Select
  - expect: { screen: /^Directories$/m }
  - press: Back
  - expect: { screen: "2. Directories" }
`);
    expect(result.failure).toBeUndefined();
  });

  it('press: a softkey that is not on the screen fails, naming the softkeys shown, with the screen', async () => {
    const result = await runText(`${vvx}steps:\n  - press: Postpone\n`);
    expect(result.status).toBe('failed');
    expect(result.failure).toMatchObject({
      step: { index: 0, line: 4, source: 'press: Postpone' },
      message: 'no softkey "Postpone" on the screen',
      expected: 'a softkey "Postpone"',
      actual: 'softkeys: Sign In, SwUpdate',
      notSupported: false,
    });
    expect(result.failure!.screen).toBe('Polycom VVX 601\nNot signed in\n1. User ID\n2. Via PC\n3. Web Sign-in\nSign In  SwUpdate');
  });

  it('press: uses the labels of the phone\'s locale', async () => {
    const result = await runText(`${onOffer}locale: fr-FR\nsteps:\n  - press: Reporter\n  - expect: { notScreen: disponible, screen: Non connecté }\n`);
    expect(result.failure).toBeUndefined();
  });

  it('select: moves the cursor to the item with that label and chooses it, down a whole menu path', async () => {
    const result = await runText(`${vvx}steps:
  - press: Home
  - select: Settings
  - select: Status
  - select: Platform
  - select: Application
  - select: Main
  - expect: { screen: "Version: 5.9.5.0614" }
  - press: Back
  - press: Back
  - select: Configuration
  - expect: { screen: /^Configuration\\nNot emulated/ }
`);
    expect(result.failure).toBeUndefined();
  });

  it('select: scrolls a list longer than the screen, as a person presses Down', async () => {
    const data = dataWithProfile('polycom-vvx-601', (profile) => ({ ...profile, display: { ...profile.display, rows: 4 } }));
    const result = await runText(`${vvx}steps:
  - press: Home
  - select: Settings
  - expect: { notScreen: Status }
  - select: Status
  - expect: { screen: "1. Platform" }
`, { data });
    expect(result.failure).toBeUndefined();
  });

  it('select: chooses the softkey with that label when no item has it', async () => {
    const result = await runText(`${onOffer}steps:\n  - select: Postpone\n  - expect: { notScreen: available }\n`);
    expect(result.failure).toBeUndefined();
  });

  it('select: a label on no item and no softkey fails, listing the items and softkeys', async () => {
    const result = await runText(`${vvx}steps:\n  - press: Home\n  - select: Setings\n`);
    expect(result.failure).toMatchObject({
      message: 'no item or softkey "Setings" on the screen (did you mean Settings?)',
      actual: 'items: Settings, Directories; softkeys: Back',
    });
  });

  it('advance: a day of virtual time, with the daily check on the way', async () => {
    const result = await runText(`${vvx}firmware: 5.8.0.13337\nsteps:\n  - press: Postpone\n  - advance: 1d\n  - expect: { screen: "Update now?" }\n  - advance: 1h30m\n`);
    expect(result).toMatchObject({ status: 'passed', virtualMs: 8_000 + 86_400_000 + 90 * 60_000 });
  });

  it('expect: lists every check that failed, expected against actual', async () => {
    const result = await runText(`${onOffer}steps:\n  - expect: { screen: Downloading, notScreen: /Update now/, firmware: 5.9.5.0614, warning: loop }\n`);
    expect(result.failure).toMatchObject({
      message: '4 expectations do not hold',
      expected: 'the screen shows "Downloading"\nthe screen does not show /Update now/\nfirmware 5.9.5.0614\na warning matching "loop"',
      actual: 'the screen below\nthe screen below\nfirmware 5.8.0.13337 (VVX 601)\nno warning was raised',
    });
    expect(result.failure!.screen).toMatch(/Update now\?\nUpdate  Postpone$/);
  });

  it('expect firmware: compares by the vendor\'s version scheme', async () => {
    const result = await runText(`${vvx}steps:\n  - expect: { firmware: 5.9.5.614 }\n`);
    expect(result.failure).toBeUndefined();
  });

  it('expect warning: sees what the phone raised, e.g. that its server cannot be reached', async () => {
    const server = await startUpdateServer({ data: projectData() });
    const url = server.url;
    await server.close();
    const result = await runText(`${vvx}steps:\n  - expect: { warning: /ECONNREFUSED/ }\n`, { serverUrl: url });
    expect(result.failure).toBeUndefined();
  });

  it('server restart: the phone goes offline, then reconnects on its clock', async () => {
    const result = await runText(`${vvx}steps:
  - press: Home
  - select: Settings
  - select: Status
  - select: Network
  - server: { restart: true }
  - expect: { screen: "Update server: Offline" }
  - advance: 10s
  - expect: { screen: "Update server: Online" }
`);
    expect(result.failure).toBeUndefined();
  });

  it('server publish, testDevice, approve and restore go through the admin API, as an admin does on-premises', async () => {
    const result = await runText(`${vvx}deployment: { sfb: onprem }
steps:
  - server: { publish: 6.1.0.6189 }
  - advance: 1d
  - expect: { notScreen: available }
  - server: { testDevice: true }
  - press: SwUpdate
  - expect: { screen: "Downloading 6.1.0.6189" }
  - advance: 10m
  - server: { approve: 6.1.0.6189 }
  - server: { restore: true }
  - advance: 1d
  - expect: { firmware: 6.1.0.6189, screen: "Software version 5.9.5.0614 is available." }
`);
    expect(result.failure).toBeUndefined();
  });

  it('server policy and provisioning reach the connected phone in-band before the next step', async () => {
    const result = await runText(`${onOffer}steps:
  - server: { policy: { EnableDeviceUpdate: false, PhoneLockTimeout: "00:05:00" } }
  - expect: { notScreen: "5.9.5.0614" }
  - server: { provisioning: 5.8.0.13337 }
`);
    expect(result.failure).toBeUndefined();
  });

  it('a server action the server refuses fails the step with the server\'s own words', async () => {
    const result = await runText(`${vvx}deployment: { sfb: onprem }\nsteps:\n  - server: { approve: 6.1.0.6189 }\n`);
    expect(result.failure).toMatchObject({
      step: { index: 0 },
      message: 'the server refused: polycom-ucs has no pending build to approve; publish one first',
      notSupported: false,
    });
  });

  it('a policy the server acts on applies from the start', async () => {
    const result = await runText(`${onOffer}policy: { EnableDeviceUpdate: false }\nsteps:\n  - advance: 2d\n  - expect: { notScreen: available, firmware: 5.8.0.13337 }\n`);
    expect(result.failure).toBeUndefined();
  });

  const tenant = 'users:\n  - { upn: amosm@contoso.com, password: Pa55w.rd, licenses: [PhoneSystem, CallingPlan], extension: "4321", pin: "13579" }\n';

  it('signIn with user ID: the method list, the UPN and password typed, then the PIN created and confirmed', async () => {
    const result = await runText(`${vvx}${tenant}steps:
  - signIn: { method: userId, phoneLockPin: "123456" }
  - expect: { signedIn: amosm@contoso.com, locked: false, exchange: true, call: idle, paired: false }
  - expect: { signInMethods: [web, userId, pc] }
`, { trace: true });
    expect(result.failure).toBeUndefined();
  });

  it('signIn with a PIN on-premises, type into a form, setPin refusing a short PIN', async () => {
    const result = await runText(`${vvx}deployment: { sfb: onprem, exchange: onprem }\n${tenant}steps:
  - expect: { signInMethods: [userId, pin, pc, web] }
  - signIn: { method: pin }
  - expect: { signedIn: amosm@contoso.com, exchange: false }
  - setPin: "1234"
  - expect: { screen: "6 to 15" }
  - setPin: "135790"
  - expect: { locked: false }
`);
    expect(result.failure).toBeUndefined();
  });

  it('web sign-in: the code on the phone, the browser pages, then signed in', async () => {
    const result = await runText(`${vvx}${tenant}steps:
  - signIn: { method: web }
  - expect: { screen: /code/i, signedIn: false }
  - browser: { account: another }
  - expect: { signedIn: amosm@contoso.com }
`);
    expect(result.failure).toBeUndefined();
  });

  it('the PC pairs, signs in, locks and unlocks the phone, and calls through it; the server rings it', async () => {
    const result = await runText(`${vvx}${tenant}steps:
  - pc: { pair: auto }
  - expect: { paired: true }
  - signIn: { method: pc, phoneLockPin: "123456" }
  - expect: { signedIn: amosm@contoso.com }
  - pc: lock
  - expect: { locked: true }
  - pc: unlock
  - expect: { locked: false }
  - pc: { call: "+14255550100" }
  - expect: { call: dialing }
  - advance: 5s
  - expect: { call: connected }
  - press: Hook
  - server: { call: "+14255550199" }
  - expect: { call: ringing }
`);
    expect(result.failure).toBeUndefined();
  });

  it('signIn via PC pairs first, typing the phone\'s code when the policy asks for Manual pairing', async () => {
    const result = await runText(`${vvx}policy: { BetterTogetherOverEthernetPairingMode: Manual }\n${tenant}steps:
  - signIn: { method: pc }
  - expect: { paired: true, signedIn: amosm@contoso.com }
`);
    expect(result.failure).toBeUndefined();
  });

  it('an LPE phone signs in Online through USB tethering', async () => {
    const result = await runText(`name: usb\ndevice: lpe-cx600\n${tenant}steps:
  - expect: { signInMethods: [usb] }
  - signIn: { method: usb, phoneLockPin: "123456" }
  - expect: { signedIn: amosm@contoso.com }
`);
    expect(result.failure).toBeUndefined();
  });

  it.each([
    ['setPin: "123456"', 'no Phone-Lock PIN to create on the screen'],
    ['unlock: "123456"', 'the phone is not locked'],
    ['dial: "911"', 'the phone opens no dialer: is a user signed in?'],
    ['browser: {}', 'no web sign-in code on the phone'],
  ])('%s fails with "%s" where the phone cannot take it', async (step, message) => {
    const result = await runText(`${vvx}${tenant}steps:\n  - ${step}\n`);
    expect(result.failure).toMatchObject({ step: { index: 0 }, message, notSupported: false });
  });

  it('pc pair auto fails when the phone asks for a code (Manual mode), and says to write manual', async () => {
    const result = await runText(`${vvx}policy: { BetterTogetherOverEthernetPairingMode: Manual }\nsteps:\n  - pc: { pair: auto }\n`);
    expect(result.failure).toMatchObject({ message: 'the phone asks for a pairing code (Manual mode): write pair: manual' });
  });

  it('--trace records every step with the screen after it', async () => {
    const result = await runText(`${vvx}steps:\n  - press: Home\n  - advance: 1m\n`, { trace: true });
    expect(result.trace).toEqual([
      { index: 0, line: 4, source: 'press: Home', at: 8_000, screen: 'Home\n1. Settings\n2. Directories\nBack' },
      { index: 1, line: 5, source: 'advance: 1m', at: 68_000, screen: 'Home\n1. Settings\n2. Directories\nBack' },
    ]);
  });

  it('gives up on a server that never answers, so a CI job cannot hang', async () => {
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(silent, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const { port } = silent.address() as { port: number };
    const result = await runText(`${vvx}steps:\n  - press: Home\n`, { serverUrl: `ws://127.0.0.1:${port}`, stepTimeoutMs: 300 });
    for (const client of silent.clients) client.terminate();
    expect(result.failure).toMatchObject({ step: undefined, message: 'booting the phone: gave up after 0.3 s of real time waiting for the server' });
  });
});
