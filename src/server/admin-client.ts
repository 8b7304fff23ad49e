/** A client of the update server's admin API (docs/admin-api.md): the CLI's admin commands and scenarios' `server:` steps. */

export interface AdminTarget {
  /** The update server: ws:// or http://, e.g. http://127.0.0.1:8080. */
  readonly server: string;
  readonly adminToken?: string | undefined;
}

export const adminTokenVariable = 'PHONE_EMU_ADMIN_TOKEN';

/** Why a request did not succeed: a bad address, no server there, or the server's refusal (its own message). */
export class AdminRequestError extends Error {
  constructor(
    message: string,
    readonly reason: 'address' | 'unreachable' | 'refused',
  ) {
    super(message);
    this.name = 'AdminRequestError';
  }
}

/** The admin API's base URL for a server address a user typed (ws:// works: it is the same port). */
export function adminBase(server: string): URL {
  let url: URL;
  try {
    url = new URL(server.replace(/^ws(s?):/, 'http$1:'));
  } catch {
    throw new AdminRequestError(`"${server}" is not a URL such as http://127.0.0.1:8080`, 'address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AdminRequestError(`"${server}" is not an http:// or ws:// URL`, 'address');
  return new URL('/admin/', url);
}

/** Calls the server's admin API; a refusal becomes the server's own message. */
export async function adminRequest<T>(target: AdminTarget, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<T> {
  const url = new URL(path, adminBase(target.server));
  const token = target.adminToken ?? process.env[adminTokenVariable];
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new AdminRequestError(`no update server answers at ${url.origin}; start one with phone-emu server, or pass --server URL`, 'unreachable');
  }
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AdminRequestError(`${url.origin} did not answer like a phone-emu update server (HTTP ${response.status})`, 'refused');
  }
  if (!response.ok) throw new AdminRequestError((value as { error?: string }).error ?? `HTTP ${response.status}`, 'refused');
  return value as T;
}

/** Rings the phone with this MAC with a call from `from` (POST /admin/devices/MAC/call): the TUI's ring key. */
export async function ringPhone(target: AdminTarget, mac: string, from: string): Promise<void> {
  await adminRequest(target, 'POST', `devices/${encodeURIComponent(mac)}/call`, { from });
}
