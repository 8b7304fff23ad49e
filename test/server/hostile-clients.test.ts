import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { printable } from '../../src/cli/printable.js';
import { DeviceCodes, FailureLimiter } from '../../src/server/identity/device-codes.js';
import { SessionMap } from '../../src/server/identity/session-map.js';
import { maxBadFramesInARow, type UpdateServer } from '../../src/server/update-server.js';
import { serversClosedAfterEach, helloWithMac, oneUserTenant } from '../helpers/servers.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-hostile-clients-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const server = serversClosedAfterEach();
const tenant = oneUserTenant;
const hello = helloWithMac;
const macOf = (n: number) => `02:00:00:${[n >> 16, (n >> 8) & 0xff, n & 0xff].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
const manualClock = () => {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe('connections that are not phones (issue 13.7)', () => {
  it('closes a connection that says no hello within the deadline', async () => {
    const running = await server({ limits: { helloDeadlineMs: 300 } });
    const idle = await rawClient(running.url);
    expect(await idle.closed()).toBe(1008);
    const phone = await rawClient(running.url);
    phone.send(helloFrame());
    await phone.next();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(phone.socket.readyState).toBe(WebSocket.OPEN);
    phone.close();
  });

  it('closes connections past the cap with 1013 (try again later), and serves again once one leaves', async () => {
    const running = await server({ limits: { maxConnections: 2 } });
    const first = await rawClient(running.url);
    const second = await rawClient(running.url);
    const third = await rawClient(running.url);
    expect(await third.closed()).toBe(1013);
    first.close();
    await vi.waitFor(async () => {
      const fourth = await rawClient(running.url);
      fourth.send(helloFrame());
      expect(await fourth.next()).toMatchObject({ type: 'welcome' });
      fourth.close();
    });
    second.close();
  });

  it(`closes a connection after ${maxBadFramesInARow} refused frames in a row, not only undecodable ones (not-ready x150)`, async () => {
    const running = await server();
    const noisy = await rawClient(running.url);
    const closed = noisy.closed();
    for (let i = 0; i < 150; i += 1) noisy.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    expect(await closed).toBe(1008);
    expect(noisy.received).toHaveLength(maxBadFramesInARow);
    expect(noisy.received[0]).toMatchObject({ type: 'error', code: 'not-ready' });
  });

  it('refuses a second MAC on one socket: hello A then hello B leaves no phone connected once the socket closes', async () => {
    const running = await server();
    const socket = await rawClient(running.url);
    socket.send(hello('00:04:F2:00:00:0A'));
    await socket.next();
    socket.send(hello('00:04:F2:00:00:0B'));
    expect(await socket.next()).toMatchObject({ type: 'error', code: 'bad-frame', message: expect.stringMatching(/^hello: device\.mac: this connection is already phone 00:04:F2:00:00:0A/) });
    socket.close();
    await vi.waitFor(() => expect(running.devices().filter((device) => device.connected)).toEqual([]));
    expect(running.devices().map((device) => device.mac)).toEqual(['00:04:F2:00:00:0A']);
  });
});

describe('what the server console prints of a client (issue 13.7)', () => {
  it('escapes ESC, newlines and other control characters', () => {
    expect(printable('device \u001b[2J\u001b]0;pwned\u0007 00:04\nrefused a frame from connection 1: forged\r\u009b')).toBe(
      'device \\x1b[2J\\x1b]0;pwned\\x07 00:04\\nrefused a frame from connection 1: forged\\r\\x9b',
    );
    expect(printable('Polycom VVX 601 on 5.9.5.0614: idle, amosm@contoso.com signed in')).toBe('Polycom VVX 601 on 5.9.5.0614: idle, amosm@contoso.com signed in');
  });
});

describe('the sign-in pages (issue 13.7)', () => {
  it('forbid framing, sniffing and anything but their own forms', async () => {
    const running = await server({ tenant });
    const response = await fetch(new URL('signin', running.httpUrl));
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  /** Posts a sign-in form from a chosen loopback address. */
  const post = (running: UpdateServer, path: string, fields: Record<string, string>, localAddress = '127.0.0.1') =>
    new Promise<{ status: number; html: string }>((resolve, reject) => {
      const body = new URLSearchParams(fields).toString();
      const outgoing = request(new URL(path, running.httpUrl), { method: 'POST', localAddress, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (response) => {
        let html = '';
        response.on('data', (chunk: Buffer) => (html += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, html }));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  const startFlow = async (running: UpdateServer, localAddress?: string) =>
    /name="flow" value="([^"]+)"/.exec((await post(running, '/signin/user', { user: 'amosm@contoso.com' }, localAddress)).html)![1]!;

  it('limits wrong codes per sign-in, not per address: a neighbour behind the same address still signs in', async () => {
    const running = await server({ tenant });
    const phone = await rawClient(running.url);
    phone.send(hello('00:04:F2:00:00:0C', '5.9.5.0614'));
    await phone.next();
    phone.send({ v: 1, type: 'webSignIn.start' });
    const { code } = (await phone.next()) as { code: string };
    const guesser = await startFlow(running);
    for (let i = 0; i < 5; i += 1) expect((await post(running, '/signin/code', { flow: guesser, code: 'WRONGCODE' })).status).toBe(200);
    expect(await post(running, '/signin/code', { flow: guesser, code })).toMatchObject({ status: 429, html: expect.stringMatching(/Too many wrong codes/) });
    const neighbour = await startFlow(running);
    expect(await post(running, '/signin/code', { flow: neighbour, code })).toMatchObject({ status: 200, html: expect.stringMatching(/Are you trying to sign in\?/) });
    phone.close();
  });

  it('limits wrong codes across the server: a second loopback address gets no fresh tries', async () => {
    const running = await server({ tenant });
    for (let i = 0; i < 100; i += 1) await post(running, '/signin/code', { flow: await startFlow(running), code: 'WRONGCODE' });
    const elsewhere = await startFlow(running, '127.0.0.2');
    expect(await post(running, '/signin/code', { flow: elsewhere, code: 'WRONGCODE' }, '127.0.0.2')).toMatchObject({ status: 429 });
  });
});

describe('the admin token (issue 13.7)', () => {
  it('is refused whatever its length, and accepted exactly', async () => {
    const running = await server({ adminToken: 's3cret-token' });
    for (const given of ['', 's3cret', 's3cret-token!', 'x'.repeat(5000)]) {
      const response = await fetch(new URL('admin/server', running.httpUrl), { headers: { authorization: `Bearer ${given}` } });
      expect(response.status, given.slice(0, 20)).toBe(401);
    }
    expect((await fetch(new URL('admin/server', running.httpUrl), { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
  });
});

describe('the device list on disk (issue 13.7)', () => {
  it('holds an update result before the next frame is answered: a kill right then loses nothing', async () => {
    const stateFile = join(dir, 'prompt.json');
    const running = await server({ stateFile });
    const phone = await rawClient(running.url);
    phone.send(hello('00:04:F2:00:00:0D'));
    await phone.next();
    phone.send({ v: 1, type: 'update.result', version: '5.9.5.0614', outcome: 'installed', previous: '5.8.0.13337' });
    phone.send({ v: 1, type: 'update.check', firmware: '5.9.5.0614' });
    await phone.next();
    // What a SIGKILL now would leave on disk.
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { devices: { firmware: string; lastResult: unknown }[] };
    expect(saved.devices[0]).toMatchObject({ firmware: '5.9.5.0614', lastResult: { version: '5.9.5.0614', outcome: 'installed' } });
    phone.close();
  });

  it('is repaired by what a phone reports on reconnect: a build it runs is not left "failed"', async () => {
    const stateFile = join(dir, 'repair.json');
    const first = await server({ stateFile });
    const phone = await rawClient(first.url);
    phone.send(hello('00:04:F2:00:00:0E'));
    await phone.next();
    phone.send({ v: 1, type: 'update.result', version: '5.9.5.0614', outcome: 'failed', reason: 'download cut' });
    phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    await phone.next();
    phone.close();
    await first.close();
    server.forget(first);
    // The later `installed` report was lost to a kill; the phone comes back on the build.
    const second = await server({ stateFile });
    const back = await rawClient(second.url);
    back.send(hello('00:04:F2:00:00:0E', '5.9.5.0614'));
    await back.next();
    expect(second.store.device('00:04:F2:00:00:0E')).toMatchObject({ firmware: '5.9.5.0614', lastResult: { version: '5.9.5.0614', outcome: 'installed' }, installed: ['5.9.5.0614'] });
    back.close();
  });
});

describe('growth keyed by client input (issue 13.6)', () => {
  it('keeps at most maxDevices records: fake MACs push out the offline phones heard from longest ago, never a connected one', async () => {
    const stateFile = join(dir, 'fake-macs.json');
    const running = await server({ stateFile, limits: { maxDevices: 20 } });
    const real = await rawClient(running.url);
    real.send(hello('00:04:F2:00:00:01'));
    await real.next();
    for (let n = 0; n < 200; n += 1) {
      const fake = await rawClient(running.url);
      fake.send(hello(macOf(n)));
      await fake.next();
      fake.close();
    }
    await vi.waitFor(() => expect(running.devices().filter((device) => device.connected)).toHaveLength(1));
    expect(running.devices()).toHaveLength(20);
    expect(running.store.device('00:04:F2:00:00:01')?.connected).toBe(true);
    await running.close();
    server.forget(running);
    expect((JSON.parse(readFileSync(stateFile, 'utf8')) as { devices: unknown[] }).devices).toHaveLength(20);
    real.close();
  });

  it('keeps the newest installed builds only: a report costs the same after thousands', async () => {
    const running = await server();
    const phone = await rawClient(running.url);
    phone.send(hello('00:04:F2:00:00:0F'));
    await phone.next();
    const versions = ['5.9.5.0614', '5.8.0.13337'];
    for (let i = 0; i < 400; i += 1) phone.send({ v: 1, type: 'update.result', version: versions[i % 2], outcome: 'installed' });
    phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    await phone.next();
    expect(running.store.device('00:04:F2:00:00:0F')!.installed).toHaveLength(16);
    phone.close();
  });

  it('web codes: one per owner, expired ones swept, at most maxCodes held', () => {
    const clock = manualClock();
    const codes = new DeviceCodes<string>(clock, 15 * 60_000, 100);
    for (let n = 0; n < 1_000; n += 1) codes.issue(macOf(n));
    expect(codes.size).toBe(100);
    const kept = codes.issue('phone');
    codes.issue('phone');
    expect(codes.lookup(kept.code).status).toBe('unknown');
    clock.advance(31 * 60_000);
    codes.issue('later');
    expect(codes.size).toBe(1);
  });

  it('failure counts: quiet keys are forgotten, at most maxKeys held', () => {
    const clock = manualClock();
    const limiter = new FailureLimiter(clock, 5, 10 * 60_000, 50);
    for (let n = 0; n < 500; n += 1) limiter.fail(`flow-${n}`);
    expect(limiter.size).toBe(50);
    for (let i = 0; i < 5; i += 1) limiter.fail('busy');
    expect(limiter.retryAfterMs('busy')).toBe(10 * 60_000);
    clock.advance(11 * 60_000);
    limiter.fail('new');
    expect(limiter.size).toBe(1);
    expect(limiter.retryAfterMs('busy')).toBe(0);
  });

  it('sessions: at most perUser per user and total in all, the oldest going first', () => {
    const sessions = new SessionMap<{ upn: string }>(undefined, 3, 10);
    for (let n = 0; n < 10; n += 1) sessions.set(`a${n}`, { upn: 'amosm@contoso.com' });
    expect([...sessions.keys()]).toEqual(['a7', 'a8', 'a9']);
    for (let n = 0; n < 30; n += 1) sessions.set(`u${n}`, { upn: `user${n}@contoso.com` });
    expect(sessions.size).toBe(10);
    expect(sessions.has('u29') && !sessions.has('a9')).toBe(true);
  });
});
