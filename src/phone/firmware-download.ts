import { createHash } from 'node:crypto';
import { Agent, get } from 'node:http';

/** Downloads at most this many images at once per process: a fleet queues the rest. */
const maxConcurrentDownloads = 16;

const agent = new Agent({ keepAlive: true, maxSockets: maxConcurrentDownloads });
let running = 0;
const queue: (() => void)[] = [];

/** What a phone keeps of a download: the hash to check, and the head that names the build. */
export interface DownloadedImage {
  readonly sha256: string;
  /** The first bytes, where the image header is. */
  readonly head: Buffer;
  /** How many bytes the image has. */
  readonly sizeBytes: number;
}

const headBytes = 256;
const stallTimeoutMs = 30_000;

/**
 * The transfer itself failed (the server unreachable, the connection cut or stalled), not
 * the image: trying again later may work.
 */
export class TransferError extends Error {}

/** A reused kept-alive connection was closed under the request: `cause` is the failure to report if retrying does not help. */
class StaleConnection extends Error {
  constructor(readonly failure: TransferError) {
    super(failure.message);
  }
}

/** How a connection the server has closed fails a request written on it. */
const staleCodes = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Fetches a firmware image over HTTP, hashing it as it streams in: a phone keeps no
 * copy of the image. Thousands of phones may ask at the same virtual moment; they
 * share a few kept-alive connections instead of opening one each.
 */
export async function downloadImage(url: string): Promise<DownloadedImage> {
  if (!url.startsWith('http://')) throw new Error(`cannot download ${url}: only http:// URLs are supported`);
  if (running >= maxConcurrentDownloads) await new Promise<void>((resolve) => queue.push(resolve));
  running += 1;
  try {
    // A kept-alive connection the server has just closed (its idle timeout ran out while
    // this busy process did not notice) fails at once: that says nothing of the server, so
    // the transfer is tried again at once. Each such failure discards that connection,
    // so after as many tries as there are connections a new one is opened.
    for (let tries = 1; ; tries += 1) {
      try {
        return await fetchOnce(url);
      } catch (error) {
        if (!(error instanceof StaleConnection)) throw error;
        if (tries > maxConcurrentDownloads) throw error.failure;
      }
    }
  } finally {
    running -= 1;
    queue.shift()?.();
  }
}

function fetchOnce(url: string): Promise<DownloadedImage> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = get(url, { agent }, (response) => {
      answered = true;
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`the server answered HTTP ${response.statusCode}`));
        return;
      }
      const expected = Number(response.headers['content-length'] ?? NaN);
      const hash = createHash('sha256');
      let head = Buffer.alloc(0);
      let received = 0;
      const interrupted = () => new TransferError(`the download was interrupted after ${received} of ${expected} bytes`);
      response.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        if (head.length < headBytes) head = Buffer.concat([head, chunk.subarray(0, headBytes - head.length)]);
        received += chunk.length;
      });
      response.on('end', () => {
        if (Number.isFinite(expected) && received < expected) reject(interrupted());
        else resolve({ sha256: hash.digest('hex'), head, sizeBytes: received });
      });
      // The connection closed mid-body: what arrived only says how far it got.
      response.on('error', () => reject(interrupted()));
      response.on('close', () => {
        if (!response.complete) reject(interrupted());
      });
    });
    request.on('error', (error) => {
      const failure = new TransferError(`cannot reach the firmware server: ${error.message}`);
      // No answer yet on a reused connection: the server closed it as the request went out.
      const stale = request.reusedSocket && !answered && staleCodes.has((error as NodeJS.ErrnoException).code ?? '');
      reject(stale ? new StaleConnection(failure) : failure);
    });
    // A transfer that stalls is abandoned (wall time); the phone reports it and retries at its next check.
    request.setTimeout(stallTimeoutMs, () => request.destroy(new Error(`no data for ${stallTimeoutMs / 1000} s`)));
  });
}
