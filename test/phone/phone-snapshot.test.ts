import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultServerSettings, type PhoneEvent } from '../../src/core/phone-types.js';
import { defaultPolicy } from '../../src/core/policies.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { createPhone, type PhoneActor } from '../../src/phone/create-phone.js';
import { persistPhone, phoneFromState, readPhoneState } from '../../src/phone/phone-state.js';
import { StateFileError } from '../../src/state/state-file.js';
import { profile } from '../helpers/data.js';

/**
 * The state file as the machine's snapshot (docs/decisions/0003): any state and any timer of
 * the chart comes back from it, with what was left of each timer, and no code of its own.
 */
const dir = mkdtempSync(join(tmpdir(), 'phone-emu-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const stateFile = () => join(dir, `phone-${(files += 1)}.json`);

const vvx = profile('polycom-vvx-601');
const connected: PhoneEvent = { type: 'server.connected', settings: defaultServerSettings, policy: { ...defaultPolicy, EnableDeviceUpdate: false } };

/** A phone kept in `file`, booted and told by a (pretend) server that it is connected. */
function bootedInto(file: string) {
  const clock = new VirtualClock();
  const actor = createPhone({ profile: vvx, firmware: '5.9.5.0614', clock });
  const persistence = persistPhone(file, actor, clock, (message) => {
    throw new Error(message);
  });
  actor.start();
  clock.advanceBy(vvx.timings.bootMs);
  actor.send(connected);
  return { clock, actor, persistence };
}

/** The next run on the same file: the phone as the file brings it back, started. */
function restartFrom(file: string) {
  const clock = new VirtualClock();
  const actor = phoneFromState(readPhoneState(file)!, { profile: vvx, clock });
  const persistence = persistPhone(file, actor, clock, (message) => {
    throw new Error(message);
  });
  actor.start();
  return { clock, actor, persistence };
}

const stop = (phone: { actor: PhoneActor; persistence: { close(): void } }) => {
  phone.persistence.close();
  phone.actor.stop();
};

describe('a phone restored from its snapshot', () => {
  it("keeps a notice's remaining time: a timer nobody wrote restore code for (noticeDuration, 5 s)", () => {
    const file = stateFile();
    const first = bootedInto(file);
    first.actor.send({ type: 'notice.show', notice: { key: 'notice.upToDate' } });
    first.clock.advanceBy(2_000);
    stop(first);
    expect(readPhoneState(file)!.timers).toContainEqual({ event: 'xstate.after.noticeDuration.phone.running.notice.shown', remainingMs: 3_000 });

    const second = restartFrom(file);
    expect(second.actor.getSnapshot().context.notice).toEqual({ key: 'notice.upToDate' });
    second.clock.advanceBy(2_999);
    expect(second.actor.getSnapshot().matches({ running: { notice: 'shown' } })).toBe(true);
    second.clock.advanceBy(1);
    expect(second.actor.getSnapshot().matches({ running: { notice: 'hidden' } })).toBe(true);
    expect(second.actor.getSnapshot().context.notice).toBeNull();
    stop(second);
  });

  it('arms each timer under the id its state cancels on exit: leaving the state cancels the re-armed timer', () => {
    const file = stateFile();
    const first = bootedInto(file);
    first.actor.send({ type: 'notice.show', notice: { key: 'notice.upToDate' } });
    first.clock.advanceBy(4_000);
    stop(first);

    const second = restartFrom(file);
    // A new notice re-enters `shown`: its exit cancels the restored timer, its entry starts a full one.
    second.actor.send({ type: 'notice.show', notice: { key: 'notice.offline' } });
    second.clock.advanceBy(1_000);
    expect(second.actor.getSnapshot().context.notice).toEqual({ key: 'notice.offline' });
    second.clock.advanceBy(3_999);
    expect(second.actor.getSnapshot().matches({ running: { notice: 'shown' } })).toBe(true);
    second.clock.advanceBy(1);
    expect(second.actor.getSnapshot().matches({ running: { notice: 'hidden' } })).toBe(true);
    expect(second.clock.pendingTimers).toBe(readPhoneState(file)!.timers.length);
    stop(second);
  });

  it('comes back in a menu, where it was in it', () => {
    const file = stateFile();
    const first = bootedInto(file);
    first.actor.send({ type: 'key.press', key: vvx.menuKeys[0]! });
    first.actor.send({ type: 'key.press', key: 'Down' });
    const { menu } = first.actor.getSnapshot().context;
    stop(first);

    const second = restartFrom(file);
    expect(second.actor.getSnapshot().matches({ running: { ui: 'menu' } })).toBe(true);
    expect(second.actor.getSnapshot().context.menu).toEqual(menu);
    stop(second);
  });

  it('killed while installing, powers on: booting on its build, its memory kept, the boot taking its full time', () => {
    const file = stateFile();
    const first = bootedInto(file);
    first.actor.send({ type: 'notice.show', notice: { key: 'notice.upToDate' } });
    stop(first);
    // What the file holds at a kill mid-install: the snapshot says installing.
    const state = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { value: unknown }; timers: unknown[] };
    writeFileSync(file, JSON.stringify({ ...state, snapshot: { ...state.snapshot, value: 'installing' }, timers: [{ event: 'xstate.after.installDuration.phone.installing', remainingMs: 10 }] }));

    const second = restartFrom(file);
    const snapshot = second.actor.getSnapshot();
    expect(snapshot.value).toBe('booting');
    expect(snapshot.context).toMatchObject({ firmware: '5.9.5.0614', notice: null, menu: { path: [] } });
    second.clock.advanceBy(vvx.timings.bootMs - 1);
    expect(second.actor.getSnapshot().value).toBe('booting');
    second.clock.advanceBy(1);
    expect(second.actor.getSnapshot().matches('running')).toBe(true);
    stop(second);
  });
});

describe('the state file', () => {
  it('keeps no secret typed into a form', () => {
    const file = stateFile();
    const first = bootedInto(file);
    first.actor.send({ type: 'softkey.press', id: 'signIn' });
    const row = first.actor.getSnapshot().context.profile.signIn.online.indexOf('userId') + 1;
    first.actor.send({ type: 'key.press', key: String(row) as '1' });
    first.actor.send({ type: 'text.input', text: 'amosm@contoso.com' });
    first.actor.send({ type: 'key.press', key: 'Down' });
    first.actor.send({ type: 'text.input', text: 'Pa55w.rd' });
    first.persistence.flush();
    expect(readFileSync(file, 'utf8')).not.toContain('Pa55w.rd');
    expect(readPhoneState(file)).toBeDefined();
    stop(first);
  });

  it('of format 1, written by the phone-emu before this one, still loads: the phone powers on with its memory', () => {
    const file = stateFile();
    copyFileSync(join(import.meta.dirname, '../fixtures/phone-state-v1.json'), file);
    const state = readPhoneState(file)!;
    expect(state).toMatchObject({
      version: 2,
      device: { model: 'polycom-vvx-601', mac: '00:04:F2:00:00:01' },
      clockMs: 300_000,
      pcPort: 'AsXcYVzHcltr7fCbLTEChynV',
      snapshot: { value: 'booting' },
    });

    const phone = restartFrom(file);
    phone.clock.advanceBy(vvx.timings.bootMs);
    const { context } = phone.actor.getSnapshot();
    expect(context).toMatchObject({ firmware: '5.9.5.0614', account: { user: { upn: 'amosm@contoso.com' } }, lock: { pinHash: expect.stringMatching(/^scrypt\$/) } });
    expect(context.account.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.update.nextCheckMs).toBe(86_400_000);
    // Signed in with a PIN, it comes back locked, as after any power-on.
    expect(phone.actor.getSnapshot().matches({ running: { lock: 'locked' } })).toBe(true);
    phone.persistence.flush();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 2, snapshot: { value: { running: { lock: { locked: 'entering' } } } } });
    stop(phone);
  });

  const refused = (name: string, edit: (state: Record<string, unknown>) => unknown) => {
    const file = stateFile();
    const good = bootedInto(file);
    stop(good);
    const state = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const bad = join(dir, name);
    writeFileSync(bad, JSON.stringify(edit(state)));
    return () => readPhoneState(bad);
  };

  it('of an unknown format version is refused, naming the version and what to do', () => {
    const read = refused('future.json', (state) => ({ ...state, version: 3 }));
    expect(read).toThrow(StateFileError);
    expect(read).toThrow(/future\.json: version: format version 3 is not one this phone-emu reads \(1 and 2\): run the phone-emu that wrote it, or start with another --state file/);
  });

  it('hand-edited into a state or a timer the chart does not have, is refused naming the field', () => {
    const snapshotOf = (state: Record<string, unknown>) => state['snapshot'] as Record<string, unknown>;
    expect(refused('value.json', (state) => ({ ...state, snapshot: { ...snapshotOf(state), value: { running: { lock: 'napping' } } } }))).toThrow(
      /value\.json: snapshot\.value: "napping" is not a state of phone\.running\.lock/,
    );
    expect(refused('timer.json', (state) => ({ ...state, timers: [{ event: 'xstate.after.installDuration.phone.installing', remainingMs: 5 }] }))).toThrow(
      /timer\.json: timers\[0\]\.event: no state the phone is in runs xstate\.after\.installDuration/,
    );
    expect(refused('menu.json', (state) => ({ ...state, snapshot: { ...snapshotOf(state), context: { ...(snapshotOf(state)['context'] as object), menu: 'open' } } }))).toThrow(
      /menu\.json: snapshot\.context\.menu: /,
    );
  });
});
