import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tenantSchema } from '../../src/core/tenant.js';
import { startUpdateServer } from '../../src/server/update-server.js';
import { admin } from '../helpers/admin.js';
import { projectData } from '../helpers/data.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-server-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tenant = tenantSchema.parse({ users: [{ upn: 'amosm@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'] }] });
const hello = (mac: string) => ({ ...helloFrame('5.9.5.0614'), device: { ...helloFrame().device, mac, serial: mac.replaceAll(':', ''), firmware: '5.9.5.0614' } });

async function phoneOn(url: string, mac = '00:04:F2:00:00:09') {
  const phone = await rawClient(url);
  phone.send(hello(mac));
  await phone.next();
  return phone;
}

describe('the update server', () => {
  it('refuses a version that is not one of the phone family, naming the field, and serves on', async () => {
    const server = await startUpdateServer({ data: projectData() });
    const phone = await rawClient(server.url);
    phone.send({ ...helloFrame(), device: { ...helloFrame().device, firmware: 'O-s{' } });
    expect(await phone.next()).toMatchObject({ type: 'error', code: 'bad-frame', message: 'hello: device.firmware: "O-s{" is not a polycom version (for example 5.9.5.0614)' });
    phone.send(helloFrame());
    await phone.next();
    phone.send({ v: 1, type: 'update.check', firmware: '../../etc' });
    expect(await phone.next()).toMatchObject({ type: 'error', message: expect.stringMatching(/^update\.check: firmware: /) });
    phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    expect(await phone.next()).toMatchObject({ type: 'update.offer' });
    phone.close();
    await server.close();
  });

  it("keeps a phone's web code across its reconnects, and never hands one phone another's", async () => {
    const server = await startUpdateServer({ data: projectData(), tenant });
    const first = await phoneOn(server.url);
    first.send({ v: 1, type: 'webSignIn.start' });
    const { code } = (await first.next()) as { code: string };
    first.close();
    const back = await phoneOn(server.url);
    back.send({ v: 1, type: 'webSignIn.start', code });
    expect(await back.next()).toMatchObject({ type: 'webSignIn.code', code });
    const other = await phoneOn(server.url, '00:04:F2:00:00:0A');
    other.send({ v: 1, type: 'webSignIn.start', code });
    expect(await other.next()).toMatchObject({ type: 'webSignIn.code', code: expect.not.stringMatching(code) });
    back.close();
    other.close();
    await server.close();
  });

  it('comes back from its state file with its builds, devices, sessions and users, and a given tenant replaces the kept one', async () => {
    const stateFile = join(dir, 'server.json');
    const first = await startUpdateServer({ data: projectData(), tenant, stateFile });
    expect((await admin(first, 'POST', 'firmware/publish', { version: '6.1.0.6189' })).status).toBe(200);
    const phone = await phoneOn(first.url);
    phone.send({ v: 1, type: 'signIn.request', credentials: { method: 'userId', user: 'amosm@contoso.com', password: 'Pa55w.rd' } });
    const { token } = (await phone.next()) as { token: string };
    phone.close();
    await first.close();
    expect(readFileSync(stateFile, 'utf8')).not.toContain(token);

    const second = await startUpdateServer({ data: projectData(), stateFile });
    expect(second.devices()).toMatchObject([{ mac: '00:04:F2:00:00:09', connected: false, user: 'amosm@contoso.com' }]);
    const again = await phoneOn(second.url);
    again.send({ v: 1, type: 'update.check', firmware: '5.9.5.0614' });
    expect(await again.next()).toMatchObject({ type: 'update.offer', offer: { version: '6.1.0.6189' } });
    again.send({ v: 1, type: 'signIn.resume', token });
    expect(await again.next()).toMatchObject({ type: 'signIn.accepted', user: { upn: 'amosm@contoso.com' } });
    again.close();
    await second.close();

    // A user added over the admin API is kept too, hashed.
    const fourth = await startUpdateServer({ data: projectData(), stateFile });
    expect((await admin(fourth, 'POST', 'users', { upn: 'meganb@contoso.com', password: 'Added-Later-1', licenses: ['PhoneSystem'] })).status).toBe(200);
    await fourth.close();
    expect(readFileSync(stateFile, 'utf8')).not.toContain('Added-Later-1');
    const fifth = await startUpdateServer({ data: projectData(), stateFile });
    const added = await phoneOn(fifth.url);
    added.send({ v: 1, type: 'signIn.request', credentials: { method: 'userId', user: 'meganb@contoso.com', password: 'Added-Later-1' } });
    expect(await added.next()).toMatchObject({ type: 'signIn.accepted', user: { upn: 'meganb@contoso.com' } });
    added.close();
    await fifth.close();

    const renamed = tenantSchema.parse({ users: [{ upn: 'lidiah@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'] }] });
    const third = await startUpdateServer({ data: projectData(), stateFile, tenant: renamed });
    const moved = await phoneOn(third.url);
    moved.send({ v: 1, type: 'signIn.request', credentials: { method: 'userId', user: 'amosm@contoso.com', password: 'Pa55w.rd' } });
    expect(await moved.next()).toMatchObject({ type: 'signIn.refused', reason: 'badCredentials' });
    moved.close();
    await third.close();
  });
});
