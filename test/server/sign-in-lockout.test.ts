import { afterEach, describe, expect, it, vi } from 'vitest';
import { tenantSchema } from '../../src/core/tenant.js';
import { accountLockout, connectionLockout } from '../../src/server/identity/sign-in-lockout.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData } from '../helpers/data.js';
import { rawPhonesClosedAfterEach } from '../helpers/servers.js';

/**
 * Issue 13 item 4: failed sign-ins lock the account (and the connection) for a while on the
 * server's clock, as AD and Entra do, and the hashing runs off the event loop. Over real sockets.
 */
let server: UpdateServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const amos = { upn: 'amosm@contoso.com', password: 'Pa55w.rd', extension: '4321', pin: '13579', licenses: ['PhoneSystem'] };
let now = 1_000_000;
const clock = { now: () => now };

async function onPremServer() {
  now = 1_000_000;
  server = await startUpdateServer({
    data: projectData(),
    clock,
    tenant: tenantSchema.parse({ deployment: { sfb: 'onprem' }, users: [amos, { upn: 'lidiah@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'] }] }),
  });
  return server;
}

const phone = rawPhonesClosedAfterEach('00:04:F2:00:10');

const pinRequest = (pin: string, extension = amos.extension) => ({ v: 1, type: 'signIn.request', credentials: { method: 'pin', extension, pin } });
const passwordRequest = (user: string, password: string) => ({ v: 1, type: 'signIn.request', credentials: { method: 'userId', user, password } });

async function answer(client: Awaited<ReturnType<typeof phone>>, frame: unknown) {
  client.send(frame);
  return (await client.next()) as { type: string; reason?: string };
}

describe('sign-in lockout', () => {
  it('locks extension 4321 after 10 wrong PINs: the right PIN is refused until the lockout ends on the server clock', async () => {
    const { url } = await onPremServer();
    const guesser = await phone(url);
    let guesses = 0;
    for (let pin = 0; pin < 1_000; pin += 1) {
      const reply = await answer(guesser, pinRequest(String(100_000 + pin)));
      if (reply.reason === 'lockedOut') break;
      expect(reply).toMatchObject({ type: 'signIn.refused', reason: 'badCredentials' });
      guesses += 1;
    }
    expect(guesses).toBe(accountLockout.threshold);
    // Locked: the right PIN, from this socket or any other, and the same user's password too.
    expect(await answer(guesser, pinRequest(amos.pin))).toMatchObject({ type: 'signIn.refused', reason: 'lockedOut' });
    const owner = await phone(url);
    expect(await answer(owner, pinRequest(amos.pin))).toMatchObject({ type: 'signIn.refused', reason: 'lockedOut' });
    expect(await answer(owner, passwordRequest(amos.upn, amos.password))).toMatchObject({ type: 'signIn.refused', reason: 'lockedOut' });
    now += accountLockout.lockoutMs - 1;
    expect(await answer(owner, pinRequest(amos.pin))).toMatchObject({ reason: 'lockedOut' });
    now += 1;
    expect(await answer(owner, pinRequest(amos.pin))).toMatchObject({ type: 'signIn.accepted' });
  });

  it('locks a connection that sprays guesses over many accounts', async () => {
    const { url } = await onPremServer();
    const sprayer = await phone(url);
    for (let index = 0; index < connectionLockout.threshold; index += 1) {
      expect(await answer(sprayer, passwordRequest(`user${index}@contoso.com`, 'guess'))).toMatchObject({ reason: 'badCredentials' });
    }
    expect(await answer(sprayer, passwordRequest('lidiah@contoso.com', 'Pa55w.rd'))).toMatchObject({ reason: 'lockedOut' });
    // Another phone is not that connection: it signs in.
    expect(await answer(await phone(url), passwordRequest('lidiah@contoso.com', 'Pa55w.rd'))).toMatchObject({ type: 'signIn.accepted' });
  });

  it('keeps serving other phones while guesses are hashed', async () => {
    const { url } = await onPremServer();
    const guesser = await phone(url);
    const other = await phone(url);
    const order: string[] = [];
    const refusals = Array.from({ length: accountLockout.threshold - 1 }, () => guesser.next());
    for (const [index, refusal] of refusals.entries()) void refusal.then(() => order.push(`guess ${index + 1}`));
    for (let index = 0; index < refusals.length; index += 1) guesser.send(passwordRequest(amos.upn, `wrong-${index}`));
    const served = other.next().then(() => order.push('other phone served'));
    other.send({ v: 1, type: 'update.check', firmware: '5.9.5.0614' });
    await Promise.all([...refusals, served]);
    // The other phone's answer did not wait for every hash of the guesser's.
    expect(order.indexOf('other phone served')).toBeLessThan(order.length - 1);
  });

  it('locks the web sign-in password page too: 10 wrong passwords, then the right one is refused', async () => {
    const { url, httpUrl } = await onPremServer();
    const signing = await phone(url);
    signing.send({ v: 1, type: 'webSignIn.start' });
    const { code } = (await signing.next()) as { code: string };
    const post = async (path: string, fields: Record<string, string>) => {
      const response = await fetch(new URL(path, httpUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      return { status: response.status, html: await response.text() };
    };
    const flow = /name="flow" value="([^"]+)"/.exec((await post('/signin/user', { user: amos.upn })).html)![1]!;
    await post('/signin/code', { flow, code });
    await post('/signin/continue', { flow });
    await post('/signin/account', { flow, account: 'pick' });
    let wrong = 0;
    for (; wrong < 200; wrong += 1) {
      const page = await post('/signin/password', { flow, password: `wrong-${wrong}` });
      if (page.status === 429) break;
      expect(page.html).toContain('Your account or password is incorrect.');
    }
    expect(wrong).toBe(accountLockout.threshold);
    const locked = await post('/signin/password', { flow, password: amos.password });
    expect(locked.status).toBe(429);
    expect(locked.html).toContain('Your account is locked');
    now += accountLockout.lockoutMs;
    const done = await post('/signin/password', { flow, password: amos.password });
    expect(done.html).toContain('id="done"');
    await vi.waitFor(() => expect(signing.received.at(-1)).toMatchObject({ type: 'signIn.accepted' }));
  });
});
