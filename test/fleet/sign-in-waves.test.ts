import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { TenantUser } from '../../src/core/tenant.js';
import { latestTargets, runFleet, type FleetProgress } from '../../src/fleet/fleet.js';
import type { FleetSignInMethod } from '../../src/fleet/sign-in-methods.js';
import { usersFor } from '../../src/fleet/sign-in-waves.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { startingFirmware } from '../../src/cli/options.js';
import { projectData } from '../helpers/data.js';

const users: TenantUser[] = [
  { upn: 'amosm@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem', 'CallingPlan'], extension: '4321', pin: '13579' },
  { upn: 'lidiah@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'], extension: '4322', pin: '24680' },
  { upn: 'pattif@contoso.com', password: 'Pa55w.rd', licenses: [] },
];

let server: UpdateServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(sfb: 'online' | 'onprem' = 'online') {
  server = await startUpdateServer({ data: projectData(), tenant: { deployment: { sfb, exchange: 'online', mfa: false }, users, emergencyNumbers: ['911'] } });
  return server;
}

function signInFleet(
  url: string,
  profileId: string,
  method: FleetSignInMethod,
  options: { count?: number; users?: readonly TenantUser[]; onProgress?: (progress: FleetProgress) => void; rollout?: boolean } = {},
) {
  const mix = [{ profileId, percent: 100 }];
  const data = projectData();
  const profile = data.profiles.get(profileId)!;
  return runFleet({
    data,
    serverUrl: url,
    count: options.count ?? 12,
    mix,
    targets: options.rollout ? latestTargets(data, mix) : null,
    // On the newest build unless a rollout is asked for: nothing covers the start screen.
    startingFirmware: () => startingFirmware(data, profile, options.rollout ? undefined : 'latest'),
    waveSize: 100,
    maxVirtualMs: 6 * 60 * 60_000,
    signIn: { method, users: options.users ?? usersFor(method, users), waveSize: 4, everyMs: 60_000 },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

describe('sign-in waves', () => {
  it('signs phones in with user ID and password, a wave at a time, as the licensed users in turn', async () => {
    const { url } = await serve();
    const progress: FleetProgress[] = [];
    const summary = await signInFleet(url, 'yealink-t48g', 'userId', { onProgress: (current) => progress.push(current) });
    expect(summary.signIn).toEqual({ signedIn: 12, failures: {}, pending: 0 });
    // Three waves of four, a virtual minute apart.
    const counts = progress.map((current) => current.signedIn);
    expect(counts).toContain(4);
    expect(counts).toContain(8);
    expect(counts.at(-1)).toBe(12);
    // The service knows who is on which phone: the two licensed users, six phones each.
    const upns = server!.devices().map((device) => device.user);
    expect(upns.filter((upn) => upn === 'amosm@contoso.com')).toHaveLength(6);
    expect(upns.filter((upn) => upn === 'lidiah@contoso.com')).toHaveLength(6);
  });

  it('signs phones in with extension and PIN on-premises', async () => {
    const { url } = await serve('onprem');
    const summary = await signInFleet(url, 'polycom-vvx-601', 'pin', { count: 6 });
    expect(summary.signIn).toEqual({ signedIn: 6, failures: {}, pending: 0 });
  });

  it('signs phones in on the web sign-in pages with the code each phone shows', async () => {
    const { url } = await serve();
    const summary = await signInFleet(url, 'yealink-t48g', 'web', { count: 6 });
    expect(summary.signIn).toEqual({ signedIn: 6, failures: {}, pending: 0 });
  });

  it('reports refusals with what the phone says, and methods the model does not offer', async () => {
    const { url } = await serve();
    const wrongPassword = await signInFleet(url, 'yealink-t48g', 'userId', { count: 4, users: [{ ...users[0]!, password: 'wrong' }] });
    expect(wrongPassword.signIn).toEqual({
      signedIn: 0,
      failures: { 'Sign-in failed: the user name or password is incorrect.': 4 },
      pending: 0,
    });
    const pinOnline = await signInFleet(url, 'yealink-t48g', 'pin', { count: 4 });
    expect(pinOnline.signIn?.failures).toEqual({ 'yealink-t48g does not offer pin sign-in (online)': 4 });
  });

  it('leaves a Polycom showing its Update / Postpone pop-up alone, and signs it in once the update has installed', async () => {
    const { url } = await serve();
    const summary = await signInFleet(url, 'polycom-vvx-601', 'userId', { count: 4, rollout: true });
    expect(summary).toMatchObject({ converged: 4, failed: 0, signIn: { signedIn: 4, pending: 0 } });
    // Nobody pressed a key on the pop-up: it installed after its hour of inactivity.
    expect(summary.virtualMs).toBeGreaterThan(60 * 60_000);
  });

  it('never signs in more phones than the waves opened so far, and signs in every phone in the end', async () => {
    const { url } = await serve();
    const data = projectData();
    const profile = data.profiles.get('yealink-t48g')!;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }), async (count, waveSize) => {
        const progress: FleetProgress[] = [];
        const summary = await runFleet({
          data,
          serverUrl: url,
          count,
          mix: [{ profileId: profile.id, percent: 100 }],
          targets: null,
          startingFirmware: () => startingFirmware(data, profile, 'latest'),
          signIn: { method: 'userId', users: usersFor('userId', users), waveSize, everyMs: 60_000 },
          onProgress: (current) => progress.push(current),
        });
        expect(summary.signIn).toEqual({ signedIn: count, failures: {}, pending: 0 });
        for (const current of progress) {
          const wavesOpened = Math.floor(current.virtualMs / 60_000);
          expect(current.signedIn).toBeLessThanOrEqual(Math.min(count, wavesOpened * waveSize));
        }
      }),
      { numRuns: 12 },
    );
  });

  it('signs in only users with a Phone System licence, and for PIN only those with an extension and PIN', () => {
    expect(usersFor('userId', users).map((user) => user.upn)).toEqual(['amosm@contoso.com', 'lidiah@contoso.com']);
    expect(usersFor('pin', [...users, { upn: 'x@contoso.com', password: 'p', licenses: ['PhoneSystem'] }])).toHaveLength(2);
  });
});
