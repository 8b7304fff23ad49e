import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { adminRequest } from '../../src/server/admin-client.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData } from '../helpers/data.js';

/**
 * Issue 13 item 5: a page of another site the developer visits must not administer the server on
 * 127.0.0.1 (form posts, DNS rebinding) nor open a phone's or a PC's WebSocket. Over real HTTP.
 */
let server: UpdateServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A raw request, headers exactly as given (fetch would not let a test set Host or Origin). */
function send(url: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, url), { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const policyValue = async (server: UpdateServer) =>
  (await adminRequest<{ value: string }>({ server: server.httpUrl }, 'GET', 'policies/PhoneLockTimeout')).value;

describe('requests from another site', () => {
  it('refuses a cross-site form post to the admin API (403), and a body that is not JSON (415): nothing changes', async () => {
    server = await startUpdateServer({ data: projectData() });
    const before = await policyValue(server);
    const evil = await send(server.httpUrl, 'PUT', '/admin/policies/PhoneLockTimeout', { 'content-type': 'text/plain', origin: 'http://evil.example' }, '{"value":"00:00:05"}');
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.text)).toEqual({ error: expect.stringMatching(/Origin http:\/\/evil\.example is not this server/) });
    const plain = await send(server.httpUrl, 'PUT', '/admin/policies/PhoneLockTimeout', { 'content-type': 'text/plain' }, '{"value":"00:00:05"}');
    expect(plain.status).toBe(415);
    const user = JSON.stringify({ upn: 'mallory@contoso.com', password: 'x', licenses: ['PhoneSystem'] });
    const added = await send(server.httpUrl, 'POST', '/admin/users', { 'content-type': 'application/json', origin: 'null' }, user);
    expect(added.status).toBe(403);
    expect(await policyValue(server)).toBe(before);
    // The same change from the CLI's client (JSON, no Origin) goes through, and the user was not there yet.
    expect(await adminRequest({ server: server.httpUrl }, 'POST', 'users', JSON.parse(user))).toMatchObject({ message: 'added mallory@contoso.com' });
  });

  it('refuses a DNS-rebound name (a Host that is not this server), and takes its own addresses', async () => {
    server = await startUpdateServer({ data: projectData() });
    const rebound = await send(server.httpUrl, 'GET', '/admin/server', { host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect((JSON.parse(rebound.text) as { error: string }).error).toMatch(/^Host "evil\.example:\d+" is not this server's address: use http:\/\/127\.0\.0\.1:/);
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      expect((await send(server.httpUrl, 'GET', '/admin/server', { host, origin: `http://${host}` })).status).toBe(200);
    }
  });

  it('refuses a foreign-origin WebSocket (phones and PCs), and opens one with no Origin or its own', async () => {
    server = await startUpdateServer({ data: projectData() });
    const open = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(server!.url, { headers });
        socket.on('error', () => undefined);
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_request, response) => {
          socket.terminate();
          resolve(response.statusCode ?? 0);
        });
      });
    expect(await open({ origin: 'http://evil.example' })).toBe(403);
    expect(await open({ origin: 'https://127.0.0.1.evil.example' })).toBe(403);
    expect(await open({})).toBe(101);
    expect(await open({ origin: server.httpUrl.slice(0, -1) })).toBe(101);
  });
});
