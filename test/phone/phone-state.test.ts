import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tenantSchema } from '../../src/core/tenant.js';
import { completeWebSignIn } from '../../src/pc/browser-sign-in.js';
import { PcClient } from '../../src/pc/pc-client.js';
import { startPhoneSession, type PhoneSession } from '../../src/phone/phone-session.js';
import { readPhoneState, type PhoneState } from '../../src/phone/phone-state.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData, profile } from '../helpers/data.js';
import { driverFor } from '../helpers/rig.js';
import { createPin, signInWith } from '../helpers/sign-in.js';

const amos = { upn: 'amosm@contoso.com', password: 'Pa55w.rd' };
const lockPin = '246813';

let server: UpdateServer;
let dir: string;
const sessions: PhoneSession[] = [];
let latest: PhoneSession | undefined;
const pcs: PcClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phone-emu-phone-state-'));
  // As under `phone-emu start`, the server keeps the phone's time: web codes expire on the phone's clock.
  const clock = { now: () => latest?.clock.now() ?? 0 };
  server = await startUpdateServer({ data: projectData(), clock, tenant: tenantSchema.parse({ users: [{ ...amos, licenses: ['PhoneSystem'] }] }) });
});
afterEach(() => {
  for (const pc of pcs.splice(0)) pc.close();
  for (const session of sessions.splice(0)) session.close();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
const stateFile = () => join(dir, `phone-${(files += 1)}.json`);
const saved = (file: string): PhoneState => readPhoneState(file)!;
/** What was left of the named delay's timer when the file was written. */
const timerLeft = (state: PhoneState, delay: string) => state.timers.find((timer) => timer.event.startsWith(`xstate.after.${delay}.`))!.remainingMs;

/** One run of `phone-emu phone --state FILE`: the phone comes back from the file if it has one. */
function run(file: string, device = 'polycom-vvx-601', firmware = '5.9.5.0614', serverUrl = server.url) {
  const session = startPhoneSession({ profile: profile(device), firmware, serverUrl, state: { file, saved: readPhoneState(file) } });
  sessions.push(session);
  latest = session;
  return { session, server, ...driverFor(session.actor, session.link), advance: (ms: number) => session.jump(ms) };
}

/** Ends a run the way Ctrl+C does: the file gets the clock's last time. */
function quit(phone: ReturnType<typeof run>) {
  sessions.splice(sessions.indexOf(phone.session), 1);
  phone.session.close();
}

describe('a phone kept in a state file (--state)', () => {
  it('comes back signed in with its PIN, and locks when its idle period, counted before the restart, runs out', async () => {
    const file = stateFile();
    const first = run(file);
    await first.advance(60_000);
    await signInWith(first, 'userId', amos);
    await createPin(first, lockPin);
    expect(first.lockPhase()).toBe('unlocked');
    await first.advance(4 * 60_000);
    quit(first);

    const state = saved(file);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(lockPin);
    expect(text).not.toContain(amos.password);
    expect(state).toMatchObject({
      device: { model: 'polycom-vvx-601' },
      snapshot: { value: { running: { lock: 'unlocked' } }, context: { firmware: '5.9.5.0614', account: { user: { upn: amos.upn } } } },
    });
    expect(state.snapshot.context.lock.pinHash).toMatch(/^scrypt\$ln=10,r=8,p=1\$/);
    const left = timerLeft(state, 'phoneLockTimeout');
    expect(left).toBe(6 * 60_000); // PhoneLockTimeout (10 min) less the 4 idle minutes

    const second = run(file);
    await second.advance(0);
    expect(second.context().account.user?.upn).toBe(amos.upn);
    expect(second.lockPhase()).toBe('unlocked');
    expect(server.devices().find((device) => device.mac === second.context().identity.mac)?.user).toBe(amos.upn);
    await second.advance(left - 1);
    expect(second.lockPhase()).toBe('unlocked');
    await second.advance(1);
    expect(second.lockPhase()).toBe('locked');
    await second.keys(lockPin);
    await second.key('Select');
    expect(second.lockPhase()).toBe('unlocked');
  });

  it('comes back to an unanswered offer, which installs by itself once what was left of the idle period has passed', async () => {
    const file = stateFile();
    const first = run(file, 'yealink-t48g', '35.8.0.5');
    await first.advance(60_000);
    const offered = first.context().update.offer!.version;
    await first.advance(20 * 60_000);
    quit(first);
    const state = saved(file);
    expect(state).toMatchObject({
      snapshot: { value: { running: { update: { offered: 'waiting' } } }, context: { update: { offer: { version: offered } }, firmware: '35.8.0.5' } },
    });
    const left = timerLeft(state, 'updateInactivity');
    expect(left).toBe(60 * 60_000 - (21 * 60_000 - profile('yealink-t48g').timings.bootMs)); // offered at boot, 21 minutes ago

    const second = run(file, 'yealink-t48g', '35.8.0.5');
    await second.advance(0);
    expect(second.actor.getSnapshot().matches({ running: { update: 'offered' } })).toBe(true);
    await second.advance(left - 1);
    expect(second.actor.getSnapshot().matches({ running: { update: 'offered' } })).toBe(true);
    await second.advance(1);
    expect(second.actor.getSnapshot().matches({ running: { update: 'downloading' } })).toBe(true);
    await second.advance(10 * 60_000);
    expect(second.context().firmware).toBe(offered);
    expect(saved(file)).toMatchObject({
      snapshot: { value: { running: { update: 'idle' } }, context: { firmware: offered, update: { previousFirmware: '35.8.0.5', offer: null } } },
    });
  });

  it('cut off mid-download, starts the download again once a server (here on another port) confirms the offer', async () => {
    const file = stateFile();
    const first = run(file, 'yealink-t48g', '35.8.0.5');
    await first.advance(60 * 60_000);
    while (!first.actor.getSnapshot().matches({ running: { update: 'downloading' } })) await first.advance(1_000);
    quit(first);
    expect(saved(file)).toMatchObject({
      snapshot: { value: { running: { update: { downloading: 'transferring' } } }, context: { update: { offer: { url: expect.stringContaining(server.httpUrl) } } } },
    });

    const elsewhere = await startUpdateServer({ data: projectData() });
    try {
      const second = run(file, 'yealink-t48g', '35.8.0.5', elsewhere.url);
      await second.advance(0);
      expect(second.context().update.offer?.url).toContain(elsewhere.httpUrl);
      expect(second.actor.getSnapshot().matches({ running: { update: 'downloading' } })).toBe(true);
      await second.advance(10 * 60_000);
      expect(second.context().firmware).toBe('35.9.0.70');
      quit(second);
    } finally {
      await elsewhere.close();
    }
  });

  it('killed after the install, before the server heard of it: tells the server once it is back', async () => {
    const file = stateFile();
    const first = run(file, 'yealink-t48g', '35.8.0.5');
    await first.advance(60 * 60_000);
    while (!first.actor.getSnapshot().matches('rebooting')) await first.advance(1_000);
    quit(first);
    expect(saved(file).snapshot.context.update.justInstalled).toEqual({ from: '35.8.0.5', to: '35.9.0.70' });
    const mac = saved(file).device.mac;

    const second = run(file, 'yealink-t48g', '35.8.0.5');
    await second.advance(10 * 60_000);
    expect(second.context().firmware).toBe('35.9.0.70');
    await vi.waitFor(() =>
      expect(server.devices().find((device) => device.mac === mac)?.lastResult).toMatchObject({ version: '35.9.0.70', outcome: 'installed', previous: '35.8.0.5' }),
    );
    expect(second.context().update.justInstalled).toBeNull();
  });

  it('comes back showing its web sign-in code: the code still signs it in, and expires when it would have', async () => {
    const file = stateFile();
    const first = run(file);
    await first.advance(60_000);
    await first.softkey('Sign In');
    await first.choose('Web Sign-in');
    const code = first.context().account.webCode!;
    await first.advance(5 * 60_000);
    quit(first);
    const copy = `${file}.copy.json`;
    copyFileSync(file, copy);

    const expiring = run(copy);
    await expiring.advance(0);
    expect(expiring.screen()).toContain(code.code);
    await expiring.advance(10 * 60_000 - 1_000);
    expect(expiring.screen()).toContain(code.code);
    await expiring.advance(1_000);
    expect(expiring.text()).toMatch(/expired/i);
    quit(expiring);

    const signing = run(file);
    await signing.advance(0);
    expect(signing.context().account.webCode?.code).toBe(code.code);
    await completeWebSignIn({ url: code.url, user: amos.upn, code: code.code, password: amos.password });
    await vi.waitFor(() => expect(signing.context().account.user?.upn).toBe(amos.upn));
  });

  it('comes back paired with the PC still cabled to it, and tells the PC so', async () => {
    const file = stateFile();
    const first = run(file);
    await first.advance(60_000);
    const pc = await PcClient.connect({ url: server.url, phone: first.context().identity.mac, pcPort: first.link.pcPort });
    pcs.push(pc);
    expect(await pc.pair()).toBe('paired');
    await first.advance(0);
    expect(first.context().pairing.paired).toBe(true);
    quit(first);
    await vi.waitFor(() => expect(pc.state.pairing).toBe('unpaired'));

    const second = run(file);
    await second.advance(0);
    expect(second.context().pairing.paired).toBe(true);
    await vi.waitFor(() => expect(pc.state.pairing).toBe('paired'));
    pc.close();
    await vi.waitFor(() => expect(second.context().pairing.paired).toBe(false));
  });

  it('comes back unpaired when no PC is cabled to it any more', async () => {
    const file = stateFile();
    const first = run(file);
    await first.advance(60_000);
    const pc = await PcClient.connect({ url: server.url, phone: first.context().identity.mac, pcPort: first.link.pcPort });
    await pc.pair();
    await first.advance(0);
    quit(first);
    pc.close();

    const second = run(file);
    await second.advance(0);
    await vi.waitFor(() => expect(second.context().pairing.paired).toBe(false));
  });

  it('keeps a Device-Lock PIN as a hash, and its loss on the upgrade to 5.5.1 as a warning', async () => {
    const file = stateFile();
    const first = run(file, 'polycom-vvx-601', '5.4.0.10165');
    await first.advance(60_000);
    await signInWith(first, 'userId', amos);
    await createPin(first, lockPin); // on 5.4, the Device-Lock PIN
    quit(first);
    expect(saved(file).snapshot.context.deviceLockPin).toMatch(/^scrypt\$/);
    expect(readFileSync(file, 'utf8')).not.toContain(lockPin);

    const upgraded = run(file);
    await upgraded.advance(0);
    expect(upgraded.context().deviceLockPin).toBe(saved(file).snapshot.context.deviceLockPin);
    await upgraded.advance(3 * 60 * 60_000); // offered, installed once idle for an hour
    expect(upgraded.context().firmware).toBe('5.9.5.0614');
    quit(upgraded);
    expect(saved(file)).toMatchObject({ snapshot: { context: { deviceLockPin: null, warnings: [{ id: 'phoneUnprotected' }] } } });

    const after = run(file);
    await after.advance(0);
    expect(after.context().warnings.map((warning) => warning.id)).toEqual(['phoneUnprotected']);
    expect(after.lockPhase()).toBe('unlocked');
    expect(after.text()).toMatch(/unprotected/i);
  });
});
