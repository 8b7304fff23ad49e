import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { createPhone } from '../../src/phone/create-phone.js';
import { linkPhone } from '../../src/phone/phone-link.js';
import { decodePhoneFrame } from '../../src/protocol/codec.js';
import { jsonDepth, parseBoundedJson } from '../../src/protocol/safe-decode.js';
import { deviceRecordSchema, schemaProblem } from '../../src/server/records.js';
import { startUpdateServer } from '../../src/server/update-server.js';
import { admin } from '../helpers/admin.js';
import { projectData, profile } from '../helpers/data.js';
import { serversClosedAfterEach, helloWithMac, oneUserTenant } from '../helpers/servers.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const server = serversClosedAfterEach();
const tenant = oneUserTenant;
const hello = helloWithMac;
const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('one frame does not crash the server (issue 13.1)', () => {
  it.each([
    ['v', `{"v":${deep(5000)}}`],
    ['type', `{"v":1,"type":${deep(5000)}}`],
    ['a field', `{"v":1,"type":"update.check","firmware":${deep(5000)}}`],
    ['the top', deep(10_000)],
  ])('refuses JSON nested 5,000 deep in %s with an error frame, and serves the next phone', async (_where, frame) => {
    const running = await server();
    const noisy = await rawClient(running.url);
    noisy.send(frame);
    expect(await noisy.next()).toMatchObject({ type: 'error', code: 'bad-frame', message: expect.stringMatching(/nested deeper than 16 levels|not JSON/) });
    const phone = await rawClient(running.url);
    phone.send(helloFrame());
    expect(await phone.next()).toMatchObject({ type: 'welcome' });
    noisy.close();
    phone.close();
  });

  it('a phone link (fleet, phone process) takes the same frame from a server as a problem, and carries on', async () => {
    const hostile = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    hostile.on('connection', (socket) => socket.send(`{"v":${deep(5000)}}`));
    await new Promise((resolve) => hostile.once('listening', resolve));
    const clock = new VirtualClock();
    const actor = createPhone({ profile: profile('polycom-vvx-601'), firmware: '5.8.0.13337', clock });
    const link = linkPhone(actor, { url: `ws://127.0.0.1:${(hostile.address() as { port: number }).port}/`, clock });
    const problems: string[] = [];
    link.events.on('problem', (message) => problems.push(message));
    actor.start();
    clock.advanceBy(10_000); // boots, then connects
    await vi.waitFor(() => expect(problems).toContain('the server sent a frame this phone cannot read: frame nested deeper than 16 levels'), { timeout: 15_000 });
    link.close();
    actor.stop();
    await new Promise((resolve) => hostile.close(resolve));
  });

  it('reads the depth of JSON text as JSON.parse would build it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        const depthOf = (v: unknown): number =>
          typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v as object).map(depthOf)) : 0;
        expect(jsonDepth(text)).toBe(depthOf(value));
        expect(parseBoundedJson(text, 1 << 20, 8)).toEqual({ ok: true, value: JSON.parse(text) });
      }),
    );
  });

  it('answers a malformed %-escape in a firmware or admin address with 400, without the exception text', async () => {
    const running = await server();
    for (const path of ['/firmware/polycom-ucs/%E0%A4%A.bin', '/admin/policies/%E0%A4%A', '/firmware/%/x.bin']) {
      const response = await fetch(new URL(path, running.httpUrl));
      expect(response.status, path).toBe(400);
      expect(await response.text()).not.toMatch(/URIError|URI malformed/);
    }
  });

  it('answers deeply nested JSON on the admin API with 400', async () => {
    const running = await server();
    const response = await fetch(new URL('admin/users', running.httpUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep(5000) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'the request body is nested deeper than 16 levels' });
  });
});

describe('what the server accepts, its next start reads back (issue 13.2)', () => {
  it('a status frame with a 600-character warning parameter is refused; the longest accepted ones are read back after a restart', async () => {
    const stateFile = join(dir, 'warnings.json');
    const first = await server({ stateFile });
    const phone = await rawClient(first.url);
    phone.send(hello('00:04:F2:00:00:01'));
    await phone.next();
    const warning = (version: string) => ({ id: 'loop', message: { key: 'warning.updateLoop', params: { version, other: version } } });
    phone.send({ v: 1, type: 'status', update: 'idle', warnings: [warning('x'.repeat(600))] });
    expect(await phone.next()).toMatchObject({ type: 'error', code: 'bad-frame', message: expect.stringMatching(/^status: warnings\.0\.message\.params\.version: /) });
    phone.send({ v: 1, type: 'status', update: 'idle', warnings: Array.from({ length: 32 }, () => warning('y'.repeat(256))) });
    await vi.waitFor(() => expect(first.store.device('00:04:F2:00:00:01')!.warnings).toHaveLength(32));
    expect(Math.max(...first.store.device('00:04:F2:00:00:01')!.warnings.map((w) => w.length))).toBeLessThanOrEqual(500);
    phone.close();
    await first.close();
    server.forget(first);
    const second = await server({ stateFile });
    expect(second.store.device('00:04:F2:00:00:01')!.warnings).toHaveLength(32);
    expect(second.dropped).toEqual([]);
  });

  it('refuses a test device whose identifier the state file could not keep, and the next start reads the file', async () => {
    const stateFile = join(dir, 'test-devices.json');
    const first = await server({ stateFile });
    const refused = await admin(first, 'POST', 'test-devices', { type: 'SerialNumber', identifier: 'S'.repeat(80) });
    expect(refused).toMatchObject({ status: 400, body: { error: 'identifier: Too big: expected string to have <=64 characters' } });
    expect((await admin(first, 'POST', 'test-devices', { type: 'SerialNumber', identifier: 'S'.repeat(64) })).status).toBe(200);
    await first.close();
    server.forget(first);
    const second = await server({ stateFile });
    expect(second.store.testDevices()).toHaveLength(1);
  });

  it('every status frame the decoder accepts leaves a state file the next start reads', async () => {
    const stateFile = join(dir, 'property.json');
    const running = await server({ stateFile });
    const phone = await rawClient(running.url);
    phone.send(hello('00:04:F2:00:00:02'));
    await phone.next();
    const text = fc.string({ maxLength: 300, unit: 'binary' });
    const status = fc.record({
      v: fc.constant(1),
      type: fc.constant('status'),
      update: fc.constantFrom('idle', 'checking', 'offered', 'downloading'),
      warnings: fc.array(fc.record({ id: fc.constant('w'), message: fc.record({ key: fc.constant('warning.updateLoop'), params: fc.dictionary(fc.string({ maxLength: 8 }), text, { maxKeys: 4 }) }) }), { maxLength: 34 }),
    });
    await fc.assert(
      fc.asyncProperty(status, async (frame) => {
        const raw = JSON.stringify(frame);
        phone.send(raw);
        phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
        // The reply to the check says the status before it was handled.
        await vi.waitFor(() => expect(phone.received.at(-1)?.['type']).toMatch(/^update\.|^error$/));
        phone.received.length = 0;
        if (!decodePhoneFrame(raw).ok) return;
        // The state file keeps device records under this schema: every one the frame left must pass it.
        for (const record of running.devices()) expect(schemaProblem(deviceRecordSchema, record)).toBeUndefined();
      }),
      { numRuns: 30 },
    );
    phone.close();
    await running.close();
    server.forget(running);
    const again = await server({ stateFile });
    expect(again.dropped).toEqual([]);
    expect(again.devices()).toHaveLength(1);
  });

  it('starts from a file with a bad device record and session, dropping and listing them; a bad test device needs --drop-bad-records', async () => {
    const stateFile = join(dir, 'bad-records.json');
    const first = await server({ stateFile, tenant });
    const phone = await rawClient(first.url);
    phone.send(hello('00:04:F2:00:00:03'));
    await phone.next();
    expect((await admin(first, 'POST', 'test-devices', { type: 'SerialNumber', identifier: 'LAB1' })).status).toBe(200);
    phone.close();
    await first.close();
    server.forget(first);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { devices: Record<string, unknown>[]; testDevices: Record<string, unknown>[] };
    // What the old server wrote (issue 13.2): a warning over the limit.
    saved.devices.push({ ...saved.devices[0]!, mac: '00:04:F2:00:00:04', warnings: ['z'.repeat(600)] });
    writeFileSync(stateFile, JSON.stringify(saved));
    const second = await server({ stateFile, tenant });
    expect(second.dropped).toEqual(['devices[1].warnings.0: Too big: expected string to have <=500 characters']);
    expect(second.devices().map((device) => device.mac)).toEqual(['00:04:F2:00:00:03']);
    await second.close();
    server.forget(second);

    saved.testDevices.push({ name: 'n'.repeat(80), type: 'SerialNumber', identifier: 'LAB2' });
    writeFileSync(stateFile, JSON.stringify(saved));
    await expect(startUpdateServer({ data: projectData(), stateFile, tenant })).rejects.toThrow(/testDevices\[1\]: name: Too big.*start with --drop-bad-records/);
    const third = await server({ stateFile, tenant, dropBadRecords: true });
    expect(third.dropped).toEqual([
      'testDevices[1].name: Too big: expected string to have <=64 characters',
      'devices[1].warnings.0: Too big: expected string to have <=500 characters',
    ]);
    expect(third.store.testDevices().map((device) => device.identifier)).toEqual(['LAB1']);
  });
});

