import { afterEach, describe, expect, it } from 'vitest';
import type { TenantUser } from '../../src/core/tenant.js';
import { runFleet } from '../../src/fleet/fleet.js';
import { usersFor } from '../../src/fleet/sign-in-waves.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { startingFirmware } from '../../src/cli/options.js';
import { projectData } from '../helpers/data.js';

/** Issue 16: `fleet --signin userId --calls`, the fleet's phones calling each other in pairs through one real server. */
const users: TenantUser[] = ['amosm', 'lidiah', 'pattif', 'diegos', 'alexw', 'meganb'].map((name, index) => ({
  upn: `${name}@contoso.com`,
  password: 'Pa55w.rd',
  licenses: ['PhoneSystem'],
  ...(name === 'meganb' ? {} : { extension: `${4321 + index}` }),
}));

let server: UpdateServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function callFleet(profileId: string, count: number) {
  server = await startUpdateServer({ data: projectData(), tenant: { deployment: { sfb: 'online', exchange: 'online', mfa: false }, users, emergencyNumbers: ['911'] } });
  const data = projectData();
  return runFleet({
    data,
    serverUrl: server.url,
    count,
    mix: [{ profileId, percent: 100 }],
    targets: null,
    startingFirmware: (profile) => startingFirmware(data, profile, 'latest'),
    signIn: { method: 'userId', users: usersFor('userId', users), waveSize: 8, everyMs: 60_000 },
    calls: true,
  });
}

describe('fleet call waves', () => {
  it('pairs of signed-in phones call each other: the callee rings, answers, both connect; a callee without an extension is counted refused', async () => {
    const summary = await callFleet('polycom-vvx-601', 8);
    expect(summary.signIn).toMatchObject({ signedIn: 8, pending: 0 });
    // Six users: three pairs; the third pair's callee (meganb) has no extension to dial.
    expect(summary.calls).toEqual({ connected: 2, refused: 1, failures: { "the callee's user has no extension": 1 }, pending: 0 });
  });

  it('works on a Yealink fleet too', async () => {
    const summary = await callFleet('yealink-t58a', 4);
    expect(summary.calls).toEqual({ connected: 2, refused: 0, failures: {}, pending: 0 });
  });
});
