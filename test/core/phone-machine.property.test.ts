import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { keyNames } from '../../src/core/device-profile.js';
import { defaultServerSettings, type PhoneEvent } from '../../src/core/phone-types.js';
import { hashPin } from '../../src/core/identity/lock-pin.js';
import { defaultPolicy } from '../../src/core/policies.js';
import { renderScreen } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { identityFor } from '../../src/phone/create-phone.js';
import { phoneMachine } from '../../src/core/phone-machine.js';
import { buildsOf } from '../helpers/booted-phone.js';
import { projectData } from '../helpers/data.js';

/** A Device-Lock PIN already set (hashed once: hashing is slow on purpose). */
const deviceLockPinHash = hashPin('13579');

/** A step: an event, the n-th softkey on screen (as a person presses what they see), or time. */
type Step = { event: PhoneEvent } | { softkeySlot: number } | { advanceMs: number };

function stepsFor(offerVersion: string, olderVersion: string): fc.Arbitrary<Step> {
  const offer = { version: offerVersion, url: 'http://127.0.0.1/x.bin', sha256: 'a'.repeat(64), sizeBytes: 3_000_000 };
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...keyNames).map((key) => ({ event: { type: 'key.press', key } as PhoneEvent })) },
    { weight: 3, arbitrary: fc.nat({ max: 5 }).map((softkeySlot) => ({ softkeySlot })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<PhoneEvent>(
        { type: 'softkey.press', id: 'update' },
        { type: 'softkey.press', id: 'swUpdate' },
        { type: 'softkey.press', id: 'open.status' },
      ).map((event) => ({ event })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom<PhoneEvent>(
        { type: 'server.connected', settings: defaultServerSettings },
        { type: 'server.disconnected' },
        { type: 'server.updateOffered', offer },
        { type: 'server.noUpdate' },
        { type: 'download.verified' },
        { type: 'download.failed', reason: 'interrupted' },
        { type: 'download.verified', image: { family: 'other-family', version: offerVersion } },
        { type: 'server.policyChanged', policy: { ...defaultPolicy, EnableDeviceUpdate: false } },
        { type: 'server.policyChanged', policy: defaultPolicy },
        { type: 'provisioning.firmware', target: { server: 'http://prov/', offer: { ...offer, version: olderVersion } } },
        { type: 'provisioning.firmware', target: { server: 'http://prov/', offer: null } },
      ).map((event) => ({ event })),
    },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 * 60 * 60_000 }).map((advanceMs) => ({ advanceMs })) },
  );
}

describe('any sequence of keys, softkeys, server events and time, on every profile', () => {
  for (const profile of projectData().profiles.values()) {
    const builds = buildsOf(profile);
    it(`never crashes ${profile.id} nor draws outside its ${profile.display.columns}x${profile.display.rows} screen`, () => {
      fc.assert(
        fc.property(fc.array(stepsFor(builds.at(-1)!, builds[0]!), { maxLength: 50 }), (steps) => {
          const clock = new VirtualClock();
          const actor = createActor(phoneMachine, {
            clock,
            input: { profile, firmware: builds[0]!, identity: identityFor(profile, 1), deviceLockPin: deviceLockPinHash },
          }).start();
          for (const current of steps) {
            if ('event' in current) actor.send(current.event);
            else if ('softkeySlot' in current) {
              const softkey = renderScreen(actor.getSnapshot()).softkeys[current.softkeySlot];
              if (softkey) actor.send({ type: 'softkey.press', id: softkey.id });
            } else clock.advanceBy(current.advanceMs);
            const snapshot = actor.getSnapshot();
            expect(snapshot.status).toBe('active');
            const screen = renderScreen(snapshot);
            expect(screen.lines.length).toBeLessThanOrEqual(profile.display.rows - 2);
            for (const line of [screen.title, ...screen.lines]) expect(line.length).toBeLessThanOrEqual(profile.display.columns);
            expect(screen.softkeys.length).toBeLessThanOrEqual(profile.softkeys);
            if (screen.progress !== null) expect(screen.progress).toBeGreaterThanOrEqual(0);
            if (screen.progress !== null) expect(screen.progress).toBeLessThanOrEqual(1);
          }
          actor.stop();
        }),
        { numRuns: 40 },
      );
    });
  }
});
