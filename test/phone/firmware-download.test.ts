import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadImage, TransferError } from '../../src/phone/firmware-download.js';

const image = Buffer.from('an image of a few bytes, hashed as it streams in');
const sha256 = createHash('sha256').update(image).digest('hex');

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/**
 * A firmware server whose idle timeout "runs out" exactly as a kept-alive connection is
 * reused: it answers the first `answered` requests of each connection and closes the
 * connection under the next one, the race a busy fleet process loses against a server
 * that closes idle connections after a few seconds.
 */
async function closingServer(answered: number): Promise<{ url: string; closedUnder: () => number; connections: () => number }> {
  const served = new WeakMap<Socket, number>();
  let closedUnder = 0;
  let connections = 0;
  server = createServer((request, response) => {
    const count = served.get(request.socket) ?? 0;
    if (count >= answered) {
      closedUnder += 1;
      request.socket.destroy();
      return;
    }
    served.set(request.socket, count + 1);
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': image.length });
    response.end(image);
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/firmware/polycom-ucs/5.9.5.0614.bin`, closedUnder: () => closedUnder, connections: () => connections };
}

/** Lets the finished response hand its connection back to the keep-alive pool. */
const connectionFreed = () => new Promise((resolve) => setImmediate(resolve));

describe('firmware downloads over kept-alive connections', () => {
  it('tries again at once when the server closed the reused connection under the request, instead of failing with "socket hang up"', async () => {
    const firmware = await closingServer(1);
    await expect(downloadImage(firmware.url)).resolves.toMatchObject({ sha256 });
    await connectionFreed();
    // The second download reuses the kept-alive connection, which the server closes under it.
    await expect(downloadImage(firmware.url)).resolves.toMatchObject({ sha256 });
    expect(firmware.closedUnder()).toBe(1);
    expect(firmware.connections()).toBe(2);
  });

  it('gives up on a new connection the server closes: the phone reports it and tries at its next check', async () => {
    const firmware = await closingServer(0);
    const failure = await downloadImage(firmware.url).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransferError);
    expect((failure as Error).message).toMatch(/^cannot reach the firmware server: socket hang up$/);
    expect(firmware.closedUnder()).toBe(1);
  });
});
