import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conflict, InvalidInput, NotFound } from '../../src/server/domain-errors.js';
import { statusOf } from '../../src/server/http-replies.js';
import { errorFrameFor } from '../../src/server/phone-connection.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData } from '../helpers/data.js';

let server: UpdateServer;
beforeEach(async () => {
  server = await startUpdateServer({ data: projectData() });
});
afterEach(async () => {
  await server.close();
});

async function get(path: string, method = 'GET') {
  const response = await fetch(new URL(path, server.httpUrl), { method });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('the HTTP routes, each answering as before the router was a table', () => {
  it('serves the front page, the provisioning stand-in, firmware and sign-in, and 404s the rest', async () => {
    expect(await get('/')).toEqual({ status: 200, type: 'text/plain; charset=utf-8', text: 'phone-emu update server: phones connect over WebSocket on this address\n' });
    expect(await get('/provisioning/')).toEqual({ status: 200, type: 'application/json', text: '{}\n' });
    expect(await get('/nothing/here')).toEqual({ status: 404, type: 'text/plain; charset=utf-8', text: 'not found: /nothing/here\n' });
    // Downloads are GET only: another method is a path the server does not serve.
    expect(await get('/firmware/polycom/5.9.5.0614.bin', 'POST')).toMatchObject({ status: 404, text: 'not found: /firmware/polycom/5.9.5.0614.bin\n' });
    expect(await get('/firmware/polycom/%E0%A4%A.bin')).toMatchObject({ status: 400, text: 'bad request: the firmware address has a malformed %-escape\n' });
    expect(await get('/firmware/polycom-ucs/0.0.0.0.bin')).toMatchObject({ status: 404, text: 'no firmware 0.0.0.0 in family polycom-ucs\n' });
    expect(await get('/firmware/polycom-ucs/5.9.5.0614.bin')).toMatchObject({ status: 200, type: 'application/octet-stream' });
    expect(await get('/signin')).toMatchObject({ status: 200 });
    expect(await get('/signin/user', 'PUT')).toMatchObject({ status: 405 });
    // "/signinx" is not a sign-in page.
    expect(await get('/signinx')).toMatchObject({ status: 404, text: 'not found: /signinx\n' });
  });
});

describe('domain errors at the edges', () => {
  it('maps each to one HTTP status, and to a bad-frame error naming the frame on a WebSocket', () => {
    expect([new NotFound('x'), new Conflict('x'), new InvalidInput('x')].map(statusOf)).toEqual([404, 409, 400]);
    expect(errorFrameFor('update.check', new Conflict('no room'))).toEqual({ code: 'bad-frame', message: 'update.check: no room' });
  });

  it('answers a store refusal through the admin API with its status and message', async () => {
    const response = await fetch(new URL('admin/firmware/approve', server.httpUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: 'approve changes on-premises update rules; this server runs Online (start it with --deployment onprem)' });
  });
});
