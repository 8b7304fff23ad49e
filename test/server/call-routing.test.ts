import { afterEach, describe, expect, it, vi } from 'vitest';
import { callState, currentCall } from '../../src/core/selectors.js';
import { PcClient } from '../../src/pc/pc-client.js';
import { startRig, type PhoneDriver, type Rig } from '../helpers/rig.js';
import { createPin, signInWith } from '../helpers/sign-in.js';

/**
 * Issue 16: a phone dialling a user signed in on another phone rings that phone, over the
 * real server and real sockets; a number no phone has still reaches the stand-in far end.
 */
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const amos = { upn: 'amosm@contoso.com', password: 'Pa55w.rd', extension: '4321', displayName: 'Amos Marble' };
const bob = { upn: 'bobk@contoso.com', password: 'B0b.pass', extension: '4322', displayName: 'Bob Kelly' };
const tenant = { users: [amos, bob].map((user) => ({ ...user, licenses: ['PhoneSystem', 'CallingPlan'] })) };
const wait = { timeout: 10_000 };

async function twoPhones(deviceB = 'polycom-vvx-601') {
  rig = await startRig({ firmware: '5.9.5.0614', tenant });
  const b = rig.addPhone({ device: deviceB, firmware: deviceB === 'polycom-vvx-601' ? '5.9.5.0614' : undefined! });
  await rig.advance(60_000);
  await signInWith(rig, 'userId', amos);
  await signInWith({ ...b, server: rig.server }, 'userId', bob);
  await vi.waitFor(() => expect([rig!.context().account.user?.upn, b.context().account.user?.upn]).toEqual([amos.upn, bob.upn]), wait);
  await createPin(rig);
  await createPin(b);
  return { a: rig as PhoneDriver, b };
}

async function dial(phone: PhoneDriver, party: string) {
  await phone.key('Hook');
  await phone.keys(party);
  await phone.softkey('Dial');
}

const state = (phone: PhoneDriver) => callState(phone.actor.getSnapshot());

describe('calls between emulated phones', () => {
  it('A dials B by extension: B rings with A shown, A is dialing and stays so past the stand-in delay; B answers, both connected; A hangs up, both idle', async () => {
    const { a, b } = await twoPhones();
    await dial(a, '4322');
    await vi.waitFor(() => expect(state(b)).toBe('ringing'), wait);
    expect(b.text()).toMatch(/Incoming call from Amos Marble/);
    expect(state(a)).toBe('dialing');
    await rig!.advance(30_000);
    expect(state(a)).toBe('dialing');
    await b.softkey('Answer');
    await vi.waitFor(() => expect([state(a), state(b)]).toEqual(['connected', 'connected']), wait);
    await a.softkey('End Call');
    await vi.waitFor(() => expect([state(a), state(b)]).toEqual(['idle', 'idle']), wait);
  });

  it('A dials B by UPN and B declines: A returns to idle', async () => {
    const { a, b } = await twoPhones();
    // A UPN dials from the paired PC (click-to-call): the keypad has digits only.
    const pc = await PcClient.connect({ url: rig!.server.url, phone: rig!.identity.mac, pcPort: a.link.pcPort });
    expect(await pc.pair()).toBe('paired');
    pc.call(bob.upn);
    await vi.waitFor(() => expect(state(b)).toBe('ringing'), wait);
    await b.softkey('Decline');
    await vi.waitFor(() => expect([state(a), state(b)]).toEqual(['idle', 'idle']), wait);
    pc.close();
  });

  it('B hangs up a connected call: A returns to idle', async () => {
    const { a, b } = await twoPhones();
    await dial(a, '4322');
    await vi.waitFor(() => expect(state(b)).toBe('ringing'), wait);
    await b.key('Hook');
    await vi.waitFor(() => expect(state(a)).toBe('connected'), wait);
    await b.key('Hook');
    await vi.waitFor(() => expect([state(a), state(b)]).toEqual(['idle', 'idle']), wait);
  });

  it('B busy on another call turns the call away: A returns to idle, B keeps its call', async () => {
    const { a, b } = await twoPhones();
    rig!.server.ring(b.identity.mac, '+14255550123');
    await vi.waitFor(() => expect(state(b)).toBe('ringing'), wait);
    await b.softkey('Answer');
    await dial(a, '4322');
    await vi.waitFor(() => expect(state(a)).toBe('idle'), wait);
    expect(state(b)).toBe('connected');
    expect(currentCall(b.actor.getSnapshot())?.party).toBe('+14255550123');
  });

  it('a user no phone has signed in reaches the stand-in far end, which answers after 5 s', async () => {
    rig = await startRig({ firmware: '5.9.5.0614', tenant });
    await rig.advance(60_000);
    await signInWith(rig, 'userId', amos);
    await vi.waitFor(() => expect(rig!.context().account.user?.upn).toBe(amos.upn), wait);
    await createPin(rig);
    await dial(rig, '4322');
    await vi.waitFor(() => expect(state(rig!)).toBe('dialing'), wait);
    await rig.advance(5_000);
    expect(state(rig)).toBe('connected');
  });

  it('B locked rings all the same, and a Polycom asks for its PIN to answer: the right one connects both', async () => {
    const { a, b } = await twoPhones();
    await rig!.advance(11 * 60_000);
    expect(b.lockPhase()).toBe('locked');
    // A locked as well (the same idle time): its user unlocks it to call.
    await a.keys('123456');
    await a.key('Select');
    expect(a.lockPhase()).not.toBe('locked');
    await dial(a, '4322');
    await vi.waitFor(() => expect(state(b)).toBe('ringing'), wait);
    await b.softkey('Answer');
    expect(b.text()).toMatch(/PIN/);
    expect(state(a)).toBe('dialing');
    await b.keys('123456');
    await b.softkey('Answer');
    await vi.waitFor(() => expect([state(a), state(b)]).toEqual(['connected', 'connected']), wait);
  });

  it('the callee going offline ends the call on the caller', async () => {
    const { a, b } = await twoPhones();
    await dial(a, '4322');
    await vi.waitFor(() => expect(state(b)).toBe('ringing'), wait);
    b.link.close();
    await vi.waitFor(() => expect(state(a)).toBe('idle'), wait);
  });
});
