import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData } from '../helpers/data.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

let server: UpdateServer;
const clients: { close(): void }[] = [];
beforeEach(async () => {
  server = await startUpdateServer({ data: projectData() });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
});

async function connect() {
  const client = await rawClient(server.url);
  clients.push(client);
  return client;
}

describe('the update server over a real socket', () => {
  it('listens on 127.0.0.1 and welcomes a known phone with its settings', async () => {
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const phone = await connect();
    phone.send(helloFrame());
    expect(await phone.next()).toMatchObject({ v: 1, type: 'welcome', settings: { checkIntervalMs: 86_400_000 } });
    expect(server.devices()).toMatchObject([{ model: 'polycom-vvx-601', firmware: '5.8.0.13337', connected: true }]);
  });

  it('offers the newest certified build to an older phone, and nothing to a current one', async () => {
    const phone = await connect();
    phone.send(helloFrame());
    await phone.next();
    phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    const offer = await phone.next();
    expect(offer).toMatchObject({ type: 'update.offer', offer: { version: '5.9.5.0614', sizeBytes: 80_400_000 } });
    phone.send({ v: 1, type: 'update.check', firmware: '5.9.5.0614' });
    expect(await phone.next()).toMatchObject({ type: 'update.none', reason: expect.stringMatching(/newest published/) });
  });

  it('serves the offered image over HTTP with the catalog sha256', async () => {
    const phone = await connect();
    phone.send(helloFrame());
    await phone.next();
    phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    const { offer } = (await phone.next()) as { offer: { url: string; sha256: string } };
    const response = await fetch(offer.url);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(offer.sha256);
    expect((await fetch(new URL('firmware/polycom-ucs/9.9.9.9.bin', server.httpUrl))).status).toBe(404);
    expect((await fetch(new URL('firmware/..%2F..%2Fpackage.json/x.bin', server.httpUrl))).status).toBe(404);
  });

  it('answers a bad frame with an error frame and keeps the connection', async () => {
    const phone = await connect();
    phone.send('{"v":1,"type":"hello"');
    expect(await phone.next()).toMatchObject({ type: 'error', code: 'bad-frame', message: expect.stringMatching(/not JSON/) });
    phone.send({ v: 7, type: 'hello' });
    expect(await phone.next()).toMatchObject({ type: 'error', code: 'unsupported-version' });
    phone.send(Buffer.from([0xde, 0xad]));
    expect(await phone.next()).toMatchObject({ type: 'error', code: 'bad-frame', message: expect.stringMatching(/binary/) });
    phone.send(helloFrame());
    expect(await phone.next()).toMatchObject({ type: 'welcome' });
  });

  it('refuses an unknown model and a check before hello, naming the problem', async () => {
    const phone = await connect();
    phone.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    expect(await phone.next()).toMatchObject({ code: 'not-ready', message: 'update.check: send hello first' });
    phone.send(helloFrame('1.0.0.0', 'polycom-vvx-9999'));
    expect(await phone.next()).toMatchObject({ code: 'unknown-device', message: expect.stringMatching(/polycom-vvx-9999/) });
  });

  it('keeps serving other phones while one sends garbage', async () => {
    const noisy = await connect();
    const quiet = await connect();
    for (let i = 0; i < 50; i += 1) noisy.send(`garbage ${i}`);
    quiet.send(helloFrame());
    expect(await quiet.next()).toMatchObject({ type: 'welcome' });
    expect(noisy.received.every((frame) => frame['type'] === 'error')).toBe(true);
  });

  it('closes a connection that sends a frame over the size limit, and stays up', async () => {
    const refused: string[] = [];
    server.events.on('refused', (_connection, message) => refused.push(message));
    const phone = await connect();
    const closed = phone.closed();
    phone.send('x'.repeat(70_000));
    expect(await closed).toBe(1009);
    // The server's console says why, as it does for every frame it refuses.
    expect(refused).toEqual(['a frame over the 64 KiB a frame may have; closed with 1009 (message too big)']);
    const next = await connect();
    next.send(helloFrame());
    expect(await next.next()).toMatchObject({ type: 'welcome' });
  });

  it('records an installed build the phone reports', async () => {
    const phone = await connect();
    phone.send(helloFrame('5.9.5.0614'));
    await phone.next();
    phone.send({ v: 1, type: 'update.result', version: '5.9.5.0614', previous: '5.8.0.13337', outcome: 'installed' });
    phone.send({ v: 1, type: 'update.check', firmware: '5.9.5.0614' });
    await phone.next();
    expect(server.devices()).toMatchObject([{ firmware: '5.9.5.0614', installed: ['5.9.5.0614'] }]);
  });
});
