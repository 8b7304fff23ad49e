import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { tenantSchema } from '../../src/core/tenant.js';
import { startUpdateServer } from '../../src/server/update-server.js';
import { startServerProcess } from '../helpers/cli.js';
import { projectData } from '../helpers/data.js';
import { reportFigure } from '../helpers/report.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

/** `npm run reliability` uses the larger counts for its figures; `npm test` the smaller ones. */
const reporting = Boolean(process.env['PHONE_EMU_RELIABILITY_REPORT']);
const hostileClients = Number(process.env['PHONE_EMU_HOSTILE_CLIENTS'] ?? (reporting ? 10_000 : 300));
const resultFrames = reporting ? 40_000 : 10_000;
const hungAfterMs = 10 * 60_000;

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-hostile-reliability-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const hello = (mac: string) => ({ ...helloFrame(), device: { ...helloFrame().device, mac, serial: mac.replaceAll(':', '') } });
const macOf = (n: number) => `02:00:00:${[n >> 16, (n >> 8) & 0xff, n & 0xff].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;

/** The status of a GET of a raw path, as a hostile client would write it (no URL normalization). */
const statusOf = (base: string, path: string) =>
  new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(base);
    request({ hostname, port, path }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });

/** Frames built to break a decoder: deep nesting anywhere, huge numbers, escapes, prototype keys. */
const hostileFrame = fc.oneof(
  fc.integer({ min: 17, max: 30_000 }).map((depth) => `{"v":${deep(depth)}}`),
  fc.integer({ min: 17, max: 30_000 }).map((depth) => `{"v":1,"type":"status","update":"idle","warnings":${deep(depth)}}`),
  fc.integer({ min: 17, max: 30_000 }).map((depth) => `{"v":1,"type":"hello","device":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`),
  fc.json({ maxDepth: 20 }),
  fc.constantFrom('{"__proto__":{"polluted":1},"v":1,"type":"hello"}', '{"v":1e999,"type":"x"}', '{"v":1,"type":"\\u001b[2J"}', '"\\ud800"'),
  fc.record({
    v: fc.constant(1),
    type: fc.constant('status'),
    update: fc.constant('idle'),
    warnings: fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 64 }), message: fc.record({ key: fc.constant('warning.updateLoop'), params: fc.dictionary(fc.string(), fc.string({ maxLength: 400 })) }) }), { maxLength: 40 }),
  }).map((frame) => JSON.stringify(frame)),
);

describe('a server process under hostile clients (issue 13)', () => {
  it('survives every hostile frame and HTTP request: crashes 0', async () => {
    const { child, url } = await startServerProcess('--port', '0', '--state', join(dir, 'process.json'));
    children.push(child);
    let exited = false;
    child.once('exit', () => (exited = true));
    const httpUrl = url.replace('ws://', 'http://');
    const frames = fc.sample(hostileFrame, { numRuns: reporting ? 2_000 : 200, seed: 13 });
    let tried = 0;
    for (let start = 0; start < frames.length; start += 50) {
      const socket = await rawClient(url);
      socket.send(hello(macOf(start)));
      for (const frame of frames.slice(start, start + 50)) {
        if (socket.socket.readyState !== WebSocket.OPEN) break;
        socket.send(frame);
        tried += 1;
      }
      // A reply to a good frame after them: every hostile one before it was handled.
      socket.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
      await vi.waitFor(() => expect(socket.received.some((frame) => String(frame['type']).startsWith('update.')) || socket.socket.readyState !== WebSocket.OPEN).toBe(true), { timeout: 30_000 });
      socket.close();
    }
    const requests = ['/firmware/%E0%A4%A/x.bin', '/admin/policies/%', '/signin/%ZZ', '//[', '/admin/devices/%00/call'];
    for (const path of requests) expect(await statusOf(httpUrl, path), path).toBeLessThan(500);
    const body = await fetch(new URL('admin/users', httpUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep(20_000) });
    expect(body.status).toBe(400);
    const phone = await rawClient(url);
    phone.send(helloFrame());
    expect(await phone.next()).toMatchObject({ type: 'welcome' });
    phone.close();
    expect(exited).toBe(false);
    reportFigure(`${tried} hostile frames (nesting up to 30,000 deep, prototype keys, over-long warnings) and ${requests.length + 1} hostile HTTP requests at a server process: crashes 0, a real phone welcomed after`);
  }, hungAfterMs);

  it(`bounds what ${hostileClients.toLocaleString('en-US')} hostile clients make it hold`, async () => {
    const stateFile = join(dir, 'growth.json');
    const tenant = tenantSchema.parse({ users: [{ upn: 'amosm@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'] }] });
    const server = await startUpdateServer({ data: projectData(), stateFile, tenant, limits: { maxDevices: 1_000 } });
    const codeTimes: number[] = [];
    const client = async (n: number) => {
      const socket = await rawClient(server.url);
      socket.send(hello(macOf(n)));
      await socket.next();
      const started = performance.now();
      socket.send({ v: 1, type: 'webSignIn.start' });
      await socket.next();
      codeTimes[n] = performance.now() - started;
      socket.close();
      await fetch(new URL('signin/user', server.httpUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user=amosm%40contoso.com' }).then((r) => r.text());
    };
    for (let n = 0; n < hostileClients; n += 25) await Promise.all(Array.from({ length: Math.min(25, hostileClients - n) }, (_, i) => client(n + i)));
    await vi.waitFor(() => expect(server.devices().filter((device) => device.connected)).toHaveLength(0), { timeout: 60_000 });
    await server.close();
    const devices = server.devices().length;
    expect(devices).toBeLessThanOrEqual(1_000);
    const bytes = statSync(stateFile).size;
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const tenth = Math.max(1, hostileClients >> 3);
    reportFigure(
      `${hostileClients} hostile clients (fake MAC, a web code, a sign-in page flow each): ${devices} device records kept (cap lowered to 1,000), ` +
        `state file ${(bytes / 1024).toFixed(0)} KiB; a code issued in ${median(codeTimes.slice(0, tenth)).toFixed(2)} ms at first, ${median(codeTimes.slice(-tenth)).toFixed(2)} ms at the end (median round trip)`,
    );
  }, hungAfterMs);

  it(`answers the ${resultFrames.toLocaleString('en-US')}th update.result as fast as the first`, async () => {
    const server = await startUpdateServer({ data: projectData() });
    const phone = await rawClient(server.url);
    phone.send(helloFrame());
    await phone.next();
    const batch = 5_000;
    const batchMs: number[] = [];
    for (let sent = 0; sent < resultFrames; sent += batch) {
      const started = performance.now();
      for (let i = 0; i < batch; i += 1) phone.send({ v: 1, type: 'update.result', version: i % 2 ? '5.9.5.0614' : '5.8.0.13337', outcome: 'installed' });
      const replies = phone.received.length;
      phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
      await vi.waitFor(() => expect(phone.received.length).toBeGreaterThan(replies), { timeout: 60_000 });
      batchMs.push(performance.now() - started);
    }
    expect(server.store.device(helloFrame().device.mac)!.installed.length).toBe(16);
    phone.close();
    await server.close();
    reportFigure(`${resultFrames} update.result frames on one socket: ${batchMs[0]!.toFixed(0)} ms for the first 5,000, ${batchMs.at(-1)!.toFixed(0)} ms for the last 5,000 (installed[] keeps 16)`);
  }, hungAfterMs);
});
