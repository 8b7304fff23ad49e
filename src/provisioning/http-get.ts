import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';

/**
 * One GET of a provisioning file with Node's own http/https, bounded: a size limit, a timeout,
 * Basic auth from the URL (`http://user:pass@host/`), a self-signed certificate only when asked.
 * Never throws: every failure is an outcome with a sentence a person can act on.
 */

export interface GetOptions {
  /** Accept an HTTPS certificate that does not verify (self-signed). */
  readonly insecure?: boolean;
  /** Wall-clock bound of the whole request, in milliseconds. */
  readonly timeoutMs: number;
  /** A larger file is refused. */
  readonly maxBytes: number;
}

export type GetOutcome =
  | { readonly kind: 'ok'; readonly body: Buffer; readonly md5: string }
  | { readonly kind: 'missing'; readonly status: number; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'unreachable'; readonly reason: string };

/** The URL as it may be shown: the password of its user info replaced by ***. */
export function shownUrl(url: URL): string {
  if (url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}

export async function getFile(url: URL, options: GetOptions): Promise<GetOutcome> {
  try {
    return await request(url, options);
  } catch (error) {
    // Node refuses some requests before sending them (a malformed escape in the user name, say).
    return { kind: 'refused', reason: `${shownUrl(url)} cannot be requested: ${(error as Error).message}` };
  }
}

function request(url: URL, options: GetOptions): Promise<GetOutcome> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve({ kind: 'refused', reason: `${url.protocol} is not read: provisioning files come over http: or https:` });
  }
  const shown = shownUrl(url);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: GetOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const auth = url.username === '' ? undefined : `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    const target = { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, path: `${url.pathname}${url.search}`, auth, agent: false as const };
    const request =
      url.protocol === 'https:'
        ? https.get({ ...target, rejectUnauthorized: options.insecure !== true }, (response) => receive(response))
        : http.get(target, (response) => receive(response));
    const timer = setTimeout(() => finish({ kind: 'unreachable', reason: `no answer from ${shown} within ${options.timeoutMs} ms` }), options.timeoutMs);

    function receive(response: http.IncomingMessage): void {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        response.resume();
        const reason = status === 401 || status === 403 ? `HTTP ${status}: the server refuses these credentials (Basic auth: http://user:password@host/)` : `HTTP ${status}`;
        finish({ kind: 'missing', status, reason });
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        finish({ kind: 'refused', reason: tooLarge(declared, options.maxBytes) });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) finish({ kind: 'refused', reason: tooLarge(size, options.maxBytes, true) });
        else chunks.push(chunk);
      });
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        finish({ kind: 'ok', body, md5: createHash('md5').update(body).digest('hex') });
      });
      response.on('error', (error) => finish({ kind: 'unreachable', reason: `${shown}: the answer broke off (${error.message})` }));
    }

    request.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'unreachable', reason: unreachable(shown, error) }));
  });
}

function tooLarge(size: number, max: number, atLeast = false): string {
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;
  return `${atLeast ? 'more than ' : ''}${mib(size)}, over the ${mib(max)} a provisioning file may have: refused`;
}

const certificateCodes = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']);

function unreachable(shown: string, error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  if (certificateCodes.has(code)) return `${shown}: the server's certificate is not trusted (${code}); accept a self-signed certificate with the insecure option`;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused: nothing listens there',
    ENOTFOUND: 'no such host',
    EAI_AGAIN: 'the host name does not resolve now',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'no route to the host',
    ETIMEDOUT: 'the connection timed out',
  };
  return `cannot reach ${shown}: ${words[code] ?? error.message}${code && words[code] ? ` (${code})` : ''}`;
}
