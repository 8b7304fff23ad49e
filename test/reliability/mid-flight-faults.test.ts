import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PhoneSnapshot } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { completeWebSignIn } from '../../src/pc/browser-sign-in.js';
import { createPhone } from '../../src/phone/create-phone.js';
import { linkPhone } from '../../src/phone/phone-link.js';
import { killHard, startServerProcess } from '../helpers/cli.js';
import { profile } from '../helpers/data.js';
import { reportFigure } from '../helpers/report.js';
import { driverFor } from '../helpers/rig.js';
import { signInWith } from '../helpers/sign-in.js';

/**
 * The server process dies while a phone waits on it: for a sign-in answer, a web sign-in
 * code, a firmware download. The server is frozen (SIGSTOP) first, so the phone is surely
 * waiting when the kill lands; it must show a clear, retryable state, reconnect to the
 * restarted process and finish, on a whole build.
 */
const children: ChildProcessWithoutNullStreams[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(children.splice(0).map(killHard));
});

const amos = { upn: 'amosm@contoso.com', password: 'Pa55w.rd' };

async function serverProcess(port = '0') {
  const server = await startServerProcess('--port', port, '--inactivity', '600000');
  children.push(server.child);
  return { ...server, port: new URL(server.url).port };
}

async function phoneOn(url: string, device = 'polycom-vvx-601', firmware = '5.9.5.0614') {
  const clock = new VirtualClock();
  const actor = createPhone({ profile: profile(device), firmware, clock });
  const link = linkPhone(actor, { url, clock });
  closers.push(() => {
    link.close();
    actor.stop();
  });
  actor.start();
  const phone = { ...driverFor(actor, link), server: { url }, advance: (ms: number) => clock.advance(ms, () => link.whenSettled()) };
  await phone.advance(60_000);
  return phone;
}

/** Freezes the server, lets the phone start waiting on it, then kills it; resolves with what the phone was doing. */
async function killWhileWaiting(server: { child: ChildProcessWithoutNullStreams }, waiting: () => boolean, start: () => Promise<unknown>) {
  server.child.kill('SIGSTOP');
  const started = start();
  await vi.waitFor(() => expect(waiting()).toBe(true));
  await killHard(server.child);
  await started;
}

const online = (snapshot: PhoneSnapshot) => snapshot.matches({ running: { connection: 'online' } });

describe('the server dies while a phone waits on it', () => {
  it('mid-sign-in: the phone says the service did not answer, reconnects, and signs in on a retry', async () => {
    const first = await serverProcess();
    const phone = await phoneOn(first.url);
    const submitting = () => phone.actor.getSnapshot().matches({ running: { signIn: { signedOut: { userId: 'submitting' } } } });
    await killWhileWaiting(first, submitting, () => signInWith(phone, 'userId', amos));
    expect(phone.text()).toMatch(/The sign-in service did not answer\. Try again\./);
    expect(phone.context().account.user).toBeNull();

    await serverProcess(first.port);
    await phone.advance(2 * 60_000);
    expect(online(phone.actor.getSnapshot())).toBe(true);
    // The form kept what was typed: Sign In again is the retry.
    await phone.softkey('Sign In');
    expect(phone.context().account.user?.upn).toBe(amos.upn);
    reportFigure('server SIGKILLed mid-sign-in: "did not answer", reconnected, signed in on the retry');
  });

  it('while asking for a web code: back to the sign-in screen with the reason, and a new code after the restart', async () => {
    const first = await serverProcess();
    const phone = await phoneOn(first.url);
    const requesting = () => phone.actor.getSnapshot().matches({ running: { signIn: { signedOut: { web: 'requesting' } } } });
    await killWhileWaiting(first, requesting, async () => {
      await phone.softkey('Sign In');
      await phone.choose('Web Sign-in');
    });
    expect(phone.text()).toMatch(/did not answer/);

    await serverProcess(first.port);
    await phone.advance(2 * 60_000);
    await signInWith(phone, 'web', amos);
    expect(phone.context().account.user?.upn).toBe(amos.upn);
    reportFigure('server SIGKILLed while a phone asked for a web code: "did not answer", new code and sign-in after the restart');
  });

  it('while a web code is on screen: the restarted server gives the phone a new code, which signs it in', async () => {
    const first = await serverProcess();
    const phone = await phoneOn(first.url);
    await phone.softkey('Sign In');
    await phone.choose('Web Sign-in');
    const before = phone.context().account.webCode!;
    await killHard(first.child);
    await serverProcess(first.port);
    await phone.advance(2 * 60_000);
    const after = phone.context().account.webCode!;
    expect(after.code).not.toBe(before.code);
    expect(phone.screen()).toContain(after.code);
    const stale = await completeWebSignIn({ url: after.url, user: amos.upn, code: before.code, password: amos.password });
    expect(stale).toMatchObject({ done: false, page: expect.stringMatching(/That code didn't work/) });
    expect(await completeWebSignIn({ url: after.url, user: amos.upn, code: after.code, password: amos.password })).toMatchObject({ done: true });
    await phone.advance(0);
    expect(phone.context().account.user?.upn).toBe(amos.upn);
    reportFigure('server SIGKILLed with a web code on screen: the restarted server gave a new code, which signed the phone in');
  });

  it('mid-download: the phone stays on its build, says why, and installs the new one after the restart', async () => {
    const first = await serverProcess();
    const phone = await phoneOn(first.url, 'yealink-t48g', '35.8.0.5');
    expect(phone.actor.getSnapshot().matches({ running: { update: 'offered' } })).toBe(true);
    const downloading = () => phone.actor.getSnapshot().matches({ running: { update: 'downloading' } });
    const failures: string[] = [];
    phone.actor.on('update.failed', (event) => failures.push(event.reason));
    await killWhileWaiting(first, downloading, () => phone.advance(11 * 60_000));
    expect(failures).toHaveLength(1);
    expect(phone.context().firmware).toBe('35.8.0.5');
    expect(downloading()).toBe(false);

    await serverProcess(first.port);
    await phone.advance(30 * 60_000);
    expect(phone.context().firmware).toBe('35.9.0.70');
    expect(online(phone.actor.getSnapshot())).toBe(true);
    reportFigure('server SIGKILLed mid-download: phone stayed on 35.8.0.5, installed 35.9.0.70 after the restart');
  });
});
