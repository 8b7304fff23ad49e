import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { decodePhoneFrame, decodeServerFrame } from '../../src/protocol/codec.js';
import { maxBadFramesInARow, startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData } from '../helpers/data.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

let server: UpdateServer;
beforeAll(async () => {
  server = await startUpdateServer({ data: projectData() });
});
afterAll(async () => {
  await server.close();
});

type Junk = string | Uint8Array;

const pathLike = fc.constantFrom('../../../etc/passwd', '..\\..\\windows', '/etc/shadow', '%2e%2e%2f%2e%2e%2f', 'firmware/../../package.json', '\u0000', 'C:\\boot.ini');
const validHello = helloFrame() as Record<string, unknown> & { device: Record<string, unknown> };

/** Frames a broken or hostile client might send: bytes, text, JSON of the wrong shape, real frames bent out of shape. */
const junk: fc.Arbitrary<Junk> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ v: 1, type: 'update.check', firmware: value })),
  fc.tuple(fc.constantFrom('model', 'mac', 'serial', 'firmware'), fc.oneof(fc.jsonValue({ maxDepth: 2 }), pathLike)).map(([field, value]) =>
    JSON.stringify({ ...validHello, device: { ...validHello.device, [field]: value } }),
  ),
  fc.tuple(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => JSON.stringify({ ...validHello, [key]: value })),
  fc.constantFrom('x'.repeat(70_000), JSON.stringify({ ...validHello, pad: 'y'.repeat(70_000) })),
  pathLike.map((path) => JSON.stringify({ v: 1, type: path })),
);

let framesFuzzed = 0;

/** Sends one frame and waits for the reply or the close; a silence means the server took it as a report that needs no answer. */
function exchange(socket: WebSocket, frame: Junk): Promise<{ reply?: string; closed?: number; silent?: true }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => done({ reply: data.toString() });
    const onClose = (code: number) => done({ closed: code });
    const timer = setTimeout(() => done({ silent: true }), 1_000);
    const done = (result: { reply?: string; closed?: number; silent?: true }) => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
      resolve(result);
    };
    socket.on('message', onMessage);
    socket.on('close', onClose);
    socket.send(frame, { binary: typeof frame !== 'string' });
  });
}

async function open(): Promise<WebSocket> {
  const socket = new WebSocket(server.url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

describe('the server under bad frames', () => {
  it('answers every bad frame with a readable frame or a clean close, and keeps serving a real phone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(junk, { minLength: 1, maxLength: 25 }), async (frames) => {
        const noisy = await open();
        for (const frame of frames) {
          if (noisy.readyState !== WebSocket.OPEN) break;
          framesFuzzed += 1;
          const { reply, closed, silent } = await exchange(noisy, frame);
          if (reply !== undefined) expect(decodeServerFrame(reply).ok, reply).toBe(true);
          // Only a well-formed report (status, update.result...) may go unanswered: never a bad frame.
          else if (silent) expect(typeof frame === 'string' && decodePhoneFrame(frame).ok, String(frame)).toBe(true);
          else expect([1008, 1009]).toContain(closed);
        }
        noisy.terminate();
        const phone = await rawClient(server.url);
        phone.send(helloFrame());
        expect(await phone.next()).toMatchObject({ type: 'welcome' });
        phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
        expect(await phone.next()).toMatchObject({ type: 'update.offer' });
        phone.close();
      }),
      { numRuns: 100 },
    );
    // Every run sends at least one frame; most send several before a size-limit close ends them.
    expect(framesFuzzed).toBeGreaterThanOrEqual(100);
  });

  it(`closes a connection after ${maxBadFramesInARow} bad frames in a row, and only that one`, async () => {
    const noisy = await rawClient(server.url);
    const quiet = await rawClient(server.url);
    const closed = noisy.closed();
    for (let i = 0; i < maxBadFramesInARow + 20; i += 1) noisy.send(`not json ${i}`);
    expect(await closed).toBe(1008);
    expect(noisy.received.length).toBe(maxBadFramesInARow);
    quiet.send(helloFrame());
    expect(await quiet.next()).toMatchObject({ type: 'welcome' });
    quiet.close();
  });

  it('forgives bad frames once a good one arrives: a phone with a bug is not cut off for it', async () => {
    const phone = await rawClient(server.url);
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < maxBadFramesInARow - 1; i += 1) phone.send('{');
      phone.send(helloFrame());
    }
    await vi.waitFor(() => expect(phone.received.filter((frame) => frame['type'] === 'welcome')).toHaveLength(3));
    expect(phone.socket.readyState).toBe(WebSocket.OPEN);
    phone.close();
  });
});

describe('the firmware store over HTTP under path-like requests', () => {
  it.each([
    '/firmware/../../package.json',
    '/firmware/polycom-ucs/..%2F..%2Fpackage.json.bin',
    '/firmware/%2e%2e/%2e%2e/package.json.bin',
    '/firmware/..%252F..%252Fpackage.json/x.bin',
    '/firmware/polycom-ucs/%2Fetc%2Fpasswd.bin',
    '/firmware/polycom-ucs/5.9.5.0614.bin/../../../../package.json',
  ])('refuses %s without reading a file', async (path) => {
    const response = await fetch(new URL(path, server.httpUrl));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toMatch(/"name": "phone-emu"|root:/);
  });
});

describe('firmware versions a phone reports', () => {
  it('refuses one its family cannot read, naming the field, and carries on (found by the fuzzer)', async () => {
    const phone = await rawClient(server.url);
    phone.send({ ...helloFrame(), device: { ...validHello.device, firmware: '../../../etc/passwd' } });
    expect(await phone.next()).toMatchObject({ type: 'error', code: 'bad-frame', message: expect.stringMatching(/^hello: device\.firmware: .* is not a polycom version/) });
    phone.send(helloFrame());
    expect(await phone.next()).toMatchObject({ type: 'welcome' });
    phone.send({ v: 1, type: 'update.check', firmware: ' ' });
    expect(await phone.next()).toMatchObject({ type: 'error', message: expect.stringMatching(/^update\.check: firmware: /) });
    phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    expect(await phone.next()).toMatchObject({ type: 'update.offer' });
    phone.close();
  });
});
