import { afterEach, describe, expect, it } from 'vitest';
import { tenantSchema } from '../../src/core/tenant.js';
import { accountLockout } from '../../src/server/identity/sign-in-lockout.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData } from '../helpers/data.js';
import { rawPhonesClosedAfterEach } from '../helpers/servers.js';

/**
 * Forgot on a Polycom lock screen (issue 15, defect 4): `lock.verify` checks the sign-in password
 * or PIN of the user the server signed in on that connection, as a sign-in does. Over real sockets.
 */
let server: UpdateServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const amos = { upn: 'amosm@contoso.com', password: 'Pa55w.rd', extension: '4321', pin: '13579', licenses: ['PhoneSystem'] };
const lidia = { upn: 'lidiah@contoso.com', password: 'An0ther.pw', licenses: ['PhoneSystem'] };
const clock = { now: () => 1_000_000 };

async function start() {
  server = await startUpdateServer({
    data: projectData(),
    clock,
    tenant: tenantSchema.parse({ deployment: { sfb: 'onprem' }, users: [amos, lidia] }),
  });
  return server.url;
}

const phone = rawPhonesClosedAfterEach('00:04:F2:00:20');

type Client = Awaited<ReturnType<typeof phone>>;
async function answer(client: Client, frame: unknown) {
  client.send(frame);
  return (await client.next()) as { type: string; ok?: boolean; reason?: string };
}
const verify = (method: 'password' | 'pin', secret: string) => ({ v: 1, type: 'lock.verify', method, secret });
const signInWithPassword = (user: string, password: string) => ({ v: 1, type: 'signIn.request', credentials: { method: 'userId', user, password } });

describe('lock.verify', () => {
  it('is refused on a connection with no signed-in user, even with a real password', async () => {
    const stranger = await phone(await start());
    expect(await answer(stranger, verify('password', amos.password))).toEqual({ v: 1, type: 'lock.verified', ok: false, reason: 'notSignedIn' });
    expect(await answer(stranger, verify('pin', amos.pin))).toMatchObject({ type: 'lock.verified', ok: false, reason: 'notSignedIn' });
  });

  it("confirms only the signed-in user's own password, and not a PIN for a password sign-in", async () => {
    const client = await phone(await start());
    expect(await answer(client, signInWithPassword(amos.upn, amos.password))).toMatchObject({ type: 'signIn.accepted' });
    expect(await answer(client, verify('password', lidia.password))).toMatchObject({ ok: false, reason: 'badCredentials' });
    expect(await answer(client, verify('pin', amos.pin))).toMatchObject({ ok: false, reason: 'notCredentialSignIn' });
    expect(await answer(client, verify('password', amos.password))).toEqual({ v: 1, type: 'lock.verified', ok: true });
  });

  it('confirms the sign-in PIN of a PIN sign-in', async () => {
    const client = await phone(await start());
    const pinSignIn = { v: 1, type: 'signIn.request', credentials: { method: 'pin', extension: amos.extension, pin: amos.pin } };
    expect(await answer(client, pinSignIn)).toMatchObject({ type: 'signIn.accepted' });
    expect(await answer(client, verify('pin', '00000'))).toMatchObject({ ok: false, reason: 'badCredentials' });
    expect(await answer(client, verify('pin', amos.pin))).toMatchObject({ ok: true });
  });

  it('counts wrong passwords as failed sign-ins: the lockout then refuses the right one, here and at sign-in', async () => {
    const url = await start();
    const client = await phone(url);
    expect(await answer(client, signInWithPassword(amos.upn, amos.password))).toMatchObject({ type: 'signIn.accepted' });
    for (let guess = 0; guess < accountLockout.threshold; guess += 1) {
      expect(await answer(client, verify('password', `guess${guess}`))).toMatchObject({ ok: false, reason: 'badCredentials' });
    }
    expect(await answer(client, verify('password', amos.password))).toMatchObject({ ok: false, reason: 'lockedOut' });
    const other = await phone(url);
    expect(await answer(other, signInWithPassword(amos.upn, amos.password))).toMatchObject({ type: 'signIn.refused', reason: 'lockedOut' });
  });
});
