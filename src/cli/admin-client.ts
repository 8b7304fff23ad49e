import { UsageError } from './fail.js';

export interface AdminTarget {
  /** The update server: ws:// or http://, e.g. http://127.0.0.1:8080. */
  readonly server: string;
  readonly adminToken?: string | undefined;
}

export const defaultServerUrl = 'http://127.0.0.1:8080';
export const adminTokenVariable = 'PHONE_EMU_ADMIN_TOKEN';

/** The admin API's base URL for a server address a user typed (ws:// works: it is the same port). */
export function adminBase(server: string): URL {
  let url: URL;
  try {
    url = new URL(server.replace(/^ws(s?):/, 'http$1:'));
  } catch {
    throw new UsageError(`--server: "${server}" is not a URL such as ${defaultServerUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--server: "${server}" is not an http:// or ws:// URL`);
  return new URL('/admin/', url);
}

/** Calls the running server's admin API (docs/admin-api.md); a refusal becomes the server's own message. */
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
    throw new UsageError(`no update server answers at ${url.origin}; start one with phone-emu server, or pass --server URL`, 1);
  }
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${url.origin} did not answer like a phone-emu update server (HTTP ${response.status})`, 1);
  }
  if (!response.ok) throw new UsageError((value as { error?: string }).error ?? `HTTP ${response.status}`, 1);
  return value as T;
}
