import type { UpdateServer } from '../../src/server/update-server.js';

/** Calls a test server's admin API over real HTTP; returns the status and the JSON answer. */
export async function admin(server: UpdateServer, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown, token?: string) {
  const response = await fetch(new URL(`admin/${path}`, server.httpUrl), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: string; message?: string } };
}
