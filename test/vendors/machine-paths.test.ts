import { describe, expect, it } from 'vitest';
import type { DeviceProfile } from '../../src/core/device-profile.js';
import { defaultServerSettings, type PhoneEvent, type PhoneInput } from '../../src/core/phone-types.js';
import { hashPin } from '../../src/core/identity/lock-pin.js';
import { defaultPolicy } from '../../src/core/policies.js';
import { renderScreen, type PhoneSnapshot } from '../../src/core/screen.js';
import { identityFor } from '../../src/phone/create-phone.js';
import { phoneMachine } from '../../src/core/phone-machine.js';
import { buildsOf } from '../helpers/booted-phone.js';
import { projectData } from '../helpers/data.js';
import { atomicStateIds, leaves, maximalPaths, replayPath, walkPaths } from '../helpers/machine-walk.js';

/** A Device-Lock PIN already set (hashed once: hashing is slow on purpose). */
const deviceLockPinHash = hashPin('13579');

/**
 * Model-based paths (test/helpers/machine-walk.ts) through the update, ui and connection
 * regions of each model's own machine; identity-paths.test.ts walks sign-in and Phone-Lock.
 */

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
    { type: 'provisioning.firmware', target: { server: 'http://prov/', offer: null } },
  ];
}

function serialize(snapshot: PhoneSnapshot): string {
  const { download, onDemand, offer } = snapshot.context.update;
  return JSON.stringify([snapshot.value, download, onDemand, offer !== null]);
}

describe('every state of every model is reachable, replays on the real actor and renders', () => {
  for (const profile of projectData().profiles.values()) {
    it(profile.id, () => {
      const machine = phoneMachine;
      const builds = buildsOf(profile);
      const input: PhoneInput = { profile, firmware: builds[0]!, identity: identityFor(profile, 1), deviceLockPin: deviceLockPinHash };
      const events = alphabet(profile, builds.at(-1)!);
      const walk = { input, events: () => events, serialize };
      const paths = walkPaths(machine, walk);

      // The identity regions answer other events: identity-paths.test.ts walks sign-in and Phone-Lock,
      // call-pairing-paths.test.ts calls and BToE pairing.
      const identityRegions = /^phone\.running\.(signIn|lock|call|pairing)\./;
      const leafIds = atomicStateIds(machine, (id) => !identityRegions.test(id));
      const reached = new Set(paths.flatMap((path) => leaves(path.state.value)));
      expect(leafIds.filter((id) => !reached.has(id))).toEqual([]);

      for (const path of maximalPaths(paths, serialize)) {
        replayPath(machine, walk, path, (snapshot) => {
          const screen = renderScreen(snapshot);
          expect(screen.lines.length).toBeLessThanOrEqual(profile.display.rows - 2);
          for (const line of [screen.title, ...screen.lines]) expect(line.length).toBeLessThanOrEqual(profile.display.columns);
        });
      }
    });
  }
});
