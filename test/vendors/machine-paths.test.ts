import { describe, expect, it } from 'vitest';
import { createActor, type StateValue } from 'xstate';
import { getShortestPaths, getStateNodes } from 'xstate/graph';
import type { DeviceProfile } from '../../src/core/device-profile.js';
import type { PhoneMachine } from '../../src/core/phone-machine.js';
import { defaultServerSettings, type PhoneEvent, type PhoneInput } from '../../src/core/phone-types.js';
import { hashPin } from '../../src/core/identity/lock-pin.js';
import { defaultPolicy } from '../../src/core/policies.js';
import { renderScreen, type PhoneSnapshot } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { identityFor } from '../../src/phone/create-phone.js';
import { machineFor } from '../../src/vendors/machine-for.js';
import { buildsOf } from '../helpers/booted-phone.js';
import { projectData } from '../helpers/data.js';

/** A Device-Lock PIN already set (hashed once: hashing is slow on purpose). */
const deviceLockPinHash = hashPin('13579');

/**
 * Model-based paths: xstate/graph walks each model's own machine (pure transitions) to
 * every distinct state, and each shortest path is replayed on a real actor whose timers
 * run on a virtual clock. Delayed transitions are graph events: the traversal offers only
 * the one due first, and the replay reaches it by moving the clock to the next due timer.
 */

type GraphEvent = PhoneEvent | { readonly type: `xstate.after.${string}` };

const offerBytes = 2_000_000;
const server = { ...defaultServerSettings, downloadBytesPerSecond: offerBytes / 2 };

function alphabet(profile: DeviceProfile, offerVersion: string): PhoneEvent[] {
  const keys = [...new Set([...profile.menuKeys, 'Select', 'Down', 'Back'] as const)];
  return [
    ...keys.map((key) => ({ type: 'key.press', key }) as const),
    ...(['update', 'postpone', 'swUpdate', 'back'] as const).map((id) => ({ type: 'softkey.press', id }) as const),
    ...profile.idleSoftkeys.map((key) => ({ type: 'softkey.press', id: `open.${key.id}` }) as const),
    { type: 'server.connected', settings: server },
    { type: 'server.disconnected' },
    { type: 'server.updateOffered', offer: { version: offerVersion, url: 'http://127.0.0.1/x.bin', sha256: 'a'.repeat(64), sizeBytes: offerBytes } },
    { type: 'server.noUpdate' },
    { type: 'download.verified' },
    { type: 'download.verified', image: { family: 'other-family', version: offerVersion } }, // does not start: rollback
    { type: 'download.failed', reason: 'interrupted' },
    { type: 'server.policyChanged', policy: { ...defaultPolicy, EnableDeviceUpdate: false } },
    { type: 'server.provisioningTarget', target: { server: 'http://prov/', offer: null } },
  ];
}

type DelayFunction = (args: { context: unknown; event: unknown }, params: undefined) => number;

/** The delayed transitions of the active states that fire first, as graph events. */
function dueFirst(machine: PhoneMachine, snapshot: PhoneSnapshot): GraphEvent[] {
  const active = new Set(leaves(snapshot.value).flatMap((id) => id.split('.').map((_, index, parts) => parts.slice(0, index + 1).join('.'))));
  const timers = getStateNodes(machine.root)
    .filter((node) => active.has(node.id))
    .flatMap((node) => node.after)
    .map((transition) => {
      const delay = transition.delay;
      const implementation = typeof delay === 'string' ? machine.implementations.delays[delay] : delay;
      const ms = typeof implementation === 'function' ? (implementation as DelayFunction)({ context: snapshot.context, event: { type: '' } }, undefined) : Number(implementation);
      return { type: transition.eventType as `xstate.after.${string}`, ms };
    });
  const first = Math.min(...timers.map((timer) => timer.ms));
  return timers.filter((timer) => timer.ms === first).map(({ type }) => ({ type }));
}

/** Leaf state ids of a snapshot value: { running: { ui: 'idle' } } -> phone.running.ui.idle. */
function leaves(value: StateValue, prefix = 'phone'): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  return Object.entries(value).flatMap(([key, inner]) => (inner === undefined ? [`${prefix}.${key}`] : leaves(inner, `${prefix}.${key}`)));
}

function serialize(snapshot: PhoneSnapshot): string {
  const { download, onDemand, offer } = snapshot.context.update;
  return JSON.stringify([snapshot.value, download, onDemand, offer !== null]);
}

describe('every state of every model is reachable, replays on the real actor and renders', () => {
  for (const profile of projectData().profiles.values()) {
    it(profile.id, () => {
      const machine = machineFor(profile);
      const builds = buildsOf(profile);
      const input: PhoneInput = { profile, firmware: builds[0]!, identity: identityFor(profile, 1), deviceLockPin: deviceLockPinHash };
      const events = alphabet(profile, builds.at(-1)!);
      const paths = getShortestPaths(machine, {
        input,
        events: (snapshot) => [...events, ...dueFirst(machine, snapshot)] as PhoneEvent[],
        serializeState: serialize,
      });

      // The identity regions (sign-in, Phone-Lock, calls, pairing) answer other events; test/core/identity-machine.test.ts walks them.
      const identityRegions = /^phone\.running\.(signIn|lock|call|pairing)\./;
      const leafIds = getStateNodes(machine.root)
        .filter((node) => node.type === 'atomic' && !identityRegions.test(node.id))
        .map((node) => node.id);
      const reached = new Set(paths.flatMap((path) => leaves(path.state.value)));
      expect(leafIds.filter((id) => !reached.has(id))).toEqual([]);

      for (const path of paths) {
        const clock = new VirtualClock();
        const actor = createActor(machine, { clock, input }).start();
        for (const step of path.steps) {
          const event = step.event as GraphEvent;
          if ((event.type as string) === 'xstate.init') continue;
          if (event.type.startsWith('xstate.after.')) clock.set(clock.nextDueAt()!);
          else actor.send(event as PhoneEvent);
          const snapshot = actor.getSnapshot();
          const trail = path.steps.map((s) => s.event.type).join(' > ');
          expect(snapshot.value, trail).toEqual(step.state.value);
          const screen = renderScreen(snapshot);
          expect(screen.lines.length).toBeLessThanOrEqual(profile.display.rows - 2);
          for (const line of [screen.title, ...screen.lines]) expect(line.length).toBeLessThanOrEqual(profile.display.columns);
        }
        actor.stop();
      }
    });
  }
});
