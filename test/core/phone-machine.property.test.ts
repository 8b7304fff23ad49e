import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { keyNames } from '../../src/core/device-profile.js';
import { phoneMachine } from '../../src/core/phone-machine.js';
import { defaultServerSettings, type PhoneEvent, type SoftkeyId } from '../../src/core/phone-types.js';
import { defaultPolicy } from '../../src/core/policies.js';
import { renderScreen } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { projectData } from '../helpers/data.js';

const softkeys: SoftkeyId[] = ['update', 'postpone', 'swUpdate', 'back'];
const offer = { version: '5.9.5.0614', url: 'http://127.0.0.1/x.bin', sha256: 'a'.repeat(64), sizeBytes: 3_000_000 };

type Step = { event: PhoneEvent } | { advanceMs: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...keyNames).map((key) => ({ event: { type: 'key.press', key } as PhoneEvent })) },
  { weight: 3, arbitrary: fc.constantFrom(...softkeys).map((id) => ({ event: { type: 'softkey.press', id } as PhoneEvent })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<PhoneEvent>(
      { type: 'server.connected', settings: defaultServerSettings },
      { type: 'server.disconnected' },
      { type: 'server.updateOffered', offer },
      { type: 'server.noUpdate' },
      { type: 'download.verified' },
      { type: 'download.failed', reason: 'interrupted' },
      { type: 'download.verified', image: { family: 'other-family', version: '5.9.5.0614' } },
      { type: 'server.policyChanged', policy: { ...defaultPolicy, EnableDeviceUpdate: false } },
      { type: 'server.policyChanged', policy: defaultPolicy },
      { type: 'server.provisioningTarget', target: { server: 'http://prov/', offer: { ...offer, version: '5.7.1.2205' } } },
      { type: 'server.provisioningTarget', target: { server: 'http://prov/', offer: null } },
    ).map((event) => ({ event })),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 * 60 * 60_000 }).map((advanceMs) => ({ advanceMs })) },
);

describe('any sequence of keys, server events and time, on every profile', () => {
  for (const profile of projectData().profiles.values()) {
    it(`never crashes ${profile.id} nor draws outside its ${profile.display.columns}x${profile.display.rows} screen`, () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
          const clock = new VirtualClock();
          const actor = createActor(phoneMachine, {
            clock,
            input: { profile, firmware: '5.8.0.13337', identity: { mac: '00:04:F2:00:00:01', serial: '0004F2000001' } },
          }).start();
          for (const current of steps) {
            if ('event' in current) actor.send(current.event);
            else clock.advanceBy(current.advanceMs);
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
        { numRuns: 200 },
      );
    });
  }
});
