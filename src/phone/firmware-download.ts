import { Agent, get } from 'node:http';

/** Downloads at most this many images at once per process: a fleet queues the rest. */
const maxConcurrentDownloads = 16;

const agent = new Agent({ keepAlive: true, maxSockets: maxConcurrentDownloads });
let running = 0;
const queue: (() => void)[] = [];

/**
 * Fetches a firmware image over HTTP. Thousands of phones may ask at the same virtual
 * moment; they share a few kept-alive connections instead of opening one each.
 */
export async function downloadImage(url: string): Promise<Uint8Array> {
  if (!url.startsWith('http://')) throw new Error(`cannot download ${url}: only http:// URLs are supported`);
  if (running >= maxConcurrentDownloads) await new Promise<void>((resolve) => queue.push(resolve));
  running += 1;
  try {
    return await fetchOnce(url);
  } finally {
    running -= 1;
    queue.shift()?.();
  }
}

function fetchOnce(url: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`the server answered HTTP ${response.statusCode}`));
        return;
      }
      const expected = Number(response.headers['content-length'] ?? NaN);
      const chunks: Buffer[] = [];
      let received = 0;
      const interrupted = () => new Error(`the download was interrupted after ${received} of ${expected} bytes`);
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
      });
      response.on('end', () => {
        if (Number.isFinite(expected) && received < expected) reject(interrupted());
        else resolve(Buffer.concat(chunks));
      });
      // The connection closed mid-body: what arrived only says how far it got.
      response.on('error', () => reject(interrupted()));
      response.on('close', () => {
        if (!response.complete) reject(interrupted());
      });
    });
    request.on('error', (error) => reject(new Error(`cannot reach the firmware server: ${error.message}`)));
  });
}
