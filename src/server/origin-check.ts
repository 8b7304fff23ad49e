import type { IncomingMessage } from 'node:http';

/**
 * A web page the developer happens to visit can send requests to 127.0.0.1: a form post
 * (text/plain, no preflight), a WebSocket (no same-origin rule), or a DNS-rebound name that
 * resolves to this machine. The admin API and the WebSocket therefore refuse:
 * - an `Origin` that is not this server's own address (browsers always send it; the CLI,
 *   phones and PCs of phone-emu never do);
 * - on a loopback bind, a `Host` that is not a loopback address of this port (DNS rebinding);
 * - on the admin API, a body-carrying method without `Content-Type: application/json`
 *   (a cross-site form cannot send that type without a CORS preflight, which is never granted).
 */
export interface OwnAddress {
  /** The address the server is bound to, as `server.address()` gives it. */
  readonly host: string;
  readonly port: number;
}

export interface Refusal {
  readonly status: 403 | 415;
  readonly message: string;
}

const loopbackNames = ['localhost', '127.0.0.1', '[::1]'];

const isLoopback = (host: string) => host === '::1' || host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);
const bracketed = (host: string) => (host.includes(':') ? `[${host}]` : host);

/** host[:port] as a URL would write it, or undefined when it does not parse. */
function hostOf(text: string): { readonly hostname: string; readonly port: number } | undefined {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'ws:' && url.protocol !== 'wss:') return undefined;
    const port = url.port === '' ? (url.protocol === 'https:' || url.protocol === 'wss:' ? 443 : 80) : Number(url.port);
    return { hostname: url.hostname.toLowerCase(), port };
  } catch {
    return undefined;
  }
}

/** The names this server answers to: on a loopback bind, its loopback names; else the bound address, or anything on a wildcard bind. */
function isOwnHost(text: string, own: OwnAddress): boolean {
  const parsed = hostOf(text);
  if (!parsed || parsed.port !== own.port) return false;
  if (isLoopback(own.host)) return loopbackNames.includes(parsed.hostname) || /^127\.\d+\.\d+\.\d+$/.test(parsed.hostname);
  if (own.host === '0.0.0.0' || own.host === '::') return true;
  return parsed.hostname === bracketed(own.host).toLowerCase() || loopbackNames.includes(parsed.hostname);
}

/** Why this request comes from somewhere the server does not trust, or undefined when it may proceed. */
export function foreignRequest(request: IncomingMessage, own: OwnAddress, options: { readonly needsJson?: boolean } = {}): Refusal | undefined {
  const here = `http://${bracketed(isLoopback(own.host) || own.host === '0.0.0.0' || own.host === '::' ? '127.0.0.1' : own.host)}:${own.port}`;
  const host = request.headers.host;
  if (isLoopback(own.host) && (host === undefined || !isOwnHost(host, own))) {
    return { status: 403, message: `Host "${host ?? ''}" is not this server's address: use ${here}` };
  }
  const origin = request.headers.origin;
  // On a wildcard bind a page served by this server may come from any of its names: same host as asked.
  const sameSite = origin !== undefined && (isOwnHost(origin, own) && (isLoopback(own.host) || hostOf(origin)?.hostname === hostOf(host ?? '')?.hostname));
  if (origin !== undefined && !sameSite) {
    return { status: 403, message: `requests from another site's page are refused: Origin ${origin} is not this server (${here})` };
  }
  if (options.needsJson && request.method !== 'GET' && request.method !== 'HEAD') {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return { status: 415, message: `the admin API takes Content-Type: application/json${type ? ` (this request sent ${type})` : ''}` };
    }
  }
  return undefined;
}
