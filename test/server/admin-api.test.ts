import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminRefusal } from '../../src/server/admin-api.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { admin } from '../helpers/admin.js';
import { projectData } from '../helpers/data.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

let server: UpdateServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the admin HTTP API', () => {
  it('lists every policy with its value, default, range and cmdlet', async () => {
    server = await startUpdateServer({ data: projectData(), policy: { EnableDeviceUpdate: false } });
    const { status, body } = await admin(server, 'GET', 'policies');
    expect(status).toBe(200);
    const policies = body as unknown as { name: string }[];
    expect(policies).toHaveLength(25);
    expect(policies).toContainEqual({
      name: 'EnableDeviceUpdate',
      cmdlet: 'Set-CsIPPhonePolicy',
      type: 'boolean',
      value: 'False',
      default: 'True',
      allowed: 'True or False',
      online: true,
      description: expect.any(String),
    });
    expect((await admin(server, 'GET', 'policies/phonelocktimeout')).body).toMatchObject({ name: 'PhoneLockTimeout', value: '00:10:00' });
  });

  it('shows each phone with model, firmware, user, state and warnings', async () => {
    server = await startUpdateServer({ data: projectData() });
    const phone = await rawClient(server.url);
    phone.send(helloFrame());
    await phone.next();
    phone.send({
      v: 1,
      type: 'status',
      update: 'offered',
      user: 'amosm@contoso.com',
      warnings: [{ id: 'x', message: { key: 'notice.offline' } }],
    });
    phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    await phone.next();
    const { body } = await admin(server, 'GET', 'devices');
    expect(body).toEqual([
      expect.objectContaining({
        model: 'polycom-vvx-601',
        firmware: '5.8.0.13337',
        // The phone's status claims a user; the list shows whom the server signed in: nobody.
        user: null,
        state: 'offered',
        warnings: ['No connection to the update server.'],
        testDevice: false,
      }),
    ]);
    phone.send({ v: 1, type: 'status', update: 'idle', warnings: [{ id: 'x', message: { key: 'no.such.key' } }] });
    expect(await phone.next()).toMatchObject({ type: 'error', message: expect.stringMatching(/^status: warnings\.0\.message\.key: /) });
    phone.close();
  });

  it('answers a wrong route, method or body with a JSON error that says what to do', async () => {
    server = await startUpdateServer({ data: projectData() });
    expect(await admin(server, 'GET', 'nothing')).toEqual({ status: 404, body: { error: 'no admin route /admin/nothing; see docs/admin-api.md' } });
    expect(await admin(server, 'POST', 'policies')).toMatchObject({ status: 405 });
    expect(await admin(server, 'PUT', 'faults', { download: 'slow' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^download: /) } });
    const raw = await fetch(new URL('admin/faults', server.httpUrl), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"download":' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ error: expect.stringMatching(/^the request body is not JSON/) });
    expect((await admin(server, 'GET', 'server')).body).toMatchObject({ deployment: 'online', downloadFault: 'none', checkJitterMs: 0 });
  });

  it('rings a connected phone by its MAC, written any way, and says when it cannot', async () => {
    server = await startUpdateServer({ data: projectData() });
    const phone = await rawClient(server.url);
    phone.send(helloFrame());
    await phone.next();
    const rung = await admin(server, 'POST', 'devices/00-04-f2-00-00-09/call', { from: '+14255550123' });
    expect(rung).toEqual({ status: 200, body: { message: 'ringing 00:04:F2:00:00:09 with a call from +14255550123' } });
    await vi.waitFor(() =>
      expect(phone.received).toContainEqual(expect.objectContaining({ type: 'call.incoming', call: expect.objectContaining({ party: '+14255550123' }) })),
    );
    expect(await admin(server, 'POST', 'devices/00:04:F2:00:00:09/call', {})).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^from: /) } });
    expect(await admin(server, 'POST', 'devices/00:04:F2:00:00:01/call', { from: '911' })).toMatchObject({
      status: 404,
      body: { error: 'no phone with MAC 00:04:F2:00:00:01 has connected; GET /admin/devices lists them' },
    });
    expect(await admin(server, 'GET', 'devices/00:04:F2:00:00:09/call')).toMatchObject({ status: 405 });
    const closed = phone.closed();
    phone.close();
    await closed;
    await vi.waitFor(() => expect(server!.devices()[0]?.connected).toBe(false));
    expect(await admin(server, 'POST', 'devices/00:04:F2:00:00:09/call', { from: '911' })).toMatchObject({ status: 409 });
  });

  it('adds tenant users, replaces one of the same UPN, and refuses an extension already taken', async () => {
    server = await startUpdateServer({ data: projectData() });
    const amos = { upn: 'amosm@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'], extension: '4321' };
    expect(await admin(server, 'POST', 'users', amos)).toEqual({
      status: 200,
      body: { message: 'added amosm@contoso.com', user: { upn: 'amosm@contoso.com', licenses: ['PhoneSystem'], extension: '4321' } },
    });
    expect((await admin(server, 'POST', 'users', { ...amos, licenses: [] })).body.message).toBe('replaced amosm@contoso.com');
    expect(await admin(server, 'POST', 'users', { upn: 'lidiah@contoso.com', password: 'x', extension: '4321' })).toEqual({
      status: 409,
      body: { error: 'extension "4321" belongs to amosm@contoso.com' },
    });
    expect(await admin(server, 'POST', 'users', { upn: 'lidiah' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^upn: /) } });
  });

  it('requires the token when one is set', async () => {
    server = await startUpdateServer({ data: projectData(), adminToken: 's3cret' });
    expect(await admin(server, 'GET', 'policies')).toMatchObject({ status: 401, body: { error: expect.stringMatching(/Bearer/) } });
    expect((await admin(server, 'GET', 'policies', undefined, 's3cret')).status).toBe(200);
  });

  it('stays closed beyond loopback without a token', () => {
    expect(adminRefusal({ loopback: false }, undefined)).toMatchObject({ status: 403, message: expect.stringMatching(/--admin-token/) });
    expect(adminRefusal({ loopback: false, token: 't' }, 'Bearer t')).toBeUndefined();
    expect(adminRefusal({ loopback: true }, undefined)).toBeUndefined();
  });
});
