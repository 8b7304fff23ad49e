import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';

/** A folder served over HTTP on 127.0.0.1, as a provisioning server would serve it. */
export interface ServedFolder {
  /** The folder's URL, ending in a slash. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `provisioning: { files: DIR }`: the scenario's vendor files served read-only on 127.0.0.1 (port 0)
 * for the run. GET only, nothing outside the folder, no listing: what a phone fetches is a file name.
 */
export async function serveFolder(folder: string): Promise<ServedFolder> {
  const root = resolve(folder);
  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const file = join(root, path);
    const inside = relative(root, file);
    if (inside === '' || inside.startsWith('..') || inside.startsWith(sep) || path.includes('\0')) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(request.method === 'HEAD' ? undefined : body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
