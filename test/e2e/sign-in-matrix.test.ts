import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignInMethod } from '../../src/core/device-profile.js';
import { certifiedBuildsFor } from '../../src/core/catalog.js';
import type { DeviceProfile } from '../../src/core/device-profile.js';
import { methodLabel } from '../../src/core/identity/identity-screen.js';
import { translate } from '../../src/core/messages/index.js';
import { projectData } from '../helpers/data.js';

const newest = (profile: DeviceProfile) => certifiedBuildsFor(projectData().families.get(profile.firmwareFamily)!, profile).at(-1)!.version;
import { startRig, type Rig } from '../helpers/rig.js';
import { signInWith } from '../helpers/sign-in.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const amos = { upn: 'amosm@contoso.com', password: 'Pa55w.rd', extension: '4321', pin: '13579' };
const users = [{ ...amos, licenses: ['PhoneSystem', 'CallingPlan'] }];

type Access = { readonly exchange: boolean } | { readonly refused: RegExp };

/**
 * The seed's supported-deployments table, written out: per Skype for Business and
 * Exchange deployment and sign-in method, Exchange access with MFA off and on.
 * Rows the seed does not list (marked *) are the emulator's assumptions (README).
 */
const table: readonly (readonly [sfb: 'online' | 'onprem', exchange: 'online' | 'onprem', method: SignInMethod, off: Access, on: Access])[] = [
  ['online', 'online', 'web', { exchange: true }, { exchange: true }],
  ['online', 'online', 'userId', { exchange: true }, { exchange: false }],
  ['online', 'onprem', 'web', { exchange: false }, { exchange: false }],
  ['online', 'onprem', 'userId', { exchange: true }, { exchange: false }],
  ['online', 'online', 'pin', { refused: /PIN authentication is not available/ }, { refused: /PIN authentication is not available/ }],
  ['online', 'onprem', 'pin', { refused: /PIN authentication is not available/ }, { refused: /PIN authentication is not available/ }],
  ['onprem', 'online', 'pin', { exchange: false }, { exchange: false }],
  ['onprem', 'onprem', 'pin', { exchange: false }, { exchange: false }],
  ['onprem', 'online', 'userId', { exchange: true }, { exchange: true }],
  ['onprem', 'onprem', 'userId', { exchange: true }, { exchange: true }],
  ['onprem', 'online', 'pc', { exchange: true }, { exchange: true }],
  ['onprem', 'onprem', 'pc', { exchange: true }, { exchange: true }],
  // * not in the seed's table
  ['online', 'online', 'pc', { exchange: true }, { exchange: false }],
  ['online', 'onprem', 'pc', { exchange: true }, { exchange: false }],
  ['online', 'online', 'usb', { exchange: true }, { exchange: false }],
  ['onprem', 'online', 'usb', { exchange: true }, { exchange: true }],
  ['onprem', 'online', 'web', { exchange: true }, { exchange: true }],
  ['onprem', 'onprem', 'web', { exchange: false }, { exchange: false }],
];

const cases = [...projectData().profiles.values()].flatMap((profile) =>
  table.flatMap(([sfb, exchange, method, off, on]) =>
    [false, true].map((mfa) => ({ device: profile.id, profile, sfb, exchange, mfa, method, access: mfa ? on : off })),
  ),
);

describe('each sign-in method, per device and deployment, against the real server', () => {
  it.each(cases)('$device: $method with SfB $sfb, Exchange $exchange, MFA $mfa', async ({ device, profile, sfb, exchange, mfa, method, access }) => {
    rig = await startRig({ device, firmware: newest(profile), tenant: { users, deployment: { sfb, exchange, mfa } } });
    await rig.advance(60_000);
    const offered = profile.signIn[sfb];
    if (!offered.includes(method)) {
      if (method === 'pc' || method === 'usb') {
        await signInWith(rig, method, amos);
        expect(rig.context().account.user).toBeNull();
      }
      return;
    }
    await signInWith(rig, method, amos);
    if ('refused' in access) {
      await vi.waitFor(() => expect(rig!.text()).toMatch(access.refused));
      expect(rig.context().account.user).toBeNull();
      return;
    }
    await vi.waitFor(() => expect(rig!.context().account.user).toMatchObject({ upn: amos.upn, method, exchange: access.exchange }));
    expect(rig.text()).toMatch(/Create a PIN/);
    expect(rig.server.devices()[0]).toMatchObject({ user: amos.upn });
  });
});

describe('the sign-in screen', () => {
  it.each([...projectData().profiles.values()].flatMap((profile) => (['online', 'onprem'] as const).map((sfb) => ({ device: profile.id, profile, sfb }))))(
    '$device lists exactly the methods of its profile, $sfb',
    async ({ device, profile, sfb }) => {
      rig = await startRig({ device, firmware: newest(profile), tenant: { users, deployment: { sfb } } });
      await rig.advance(60_000);
      await rig.softkey('Sign In');
      const { context } = rig.actor.getSnapshot();
      const labels = profile.signIn[sfb].map((method, index) =>
        `${index + 1}. ${methodLabel(context, method, (key) => translate('en-US', key))}`.slice(0, profile.display.columns),
      );
      const shown = Math.min(labels.length, profile.display.rows - 2);
      expect(rig.screen().split('\n').slice(1, 1 + shown)).toEqual(labels.slice(0, shown));
    },
  );
});
