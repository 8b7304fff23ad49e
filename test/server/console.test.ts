import { describe, expect, it, vi } from 'vitest';
import { consoleBatchesPerSecond } from '../../src/server/console/console-hub.js';
import type { UpdateServer } from '../../src/server/update-server.js';
import { admin } from '../helpers/admin.js';
import { rawPhonesClosedAfterEach, serversClosedAfterEach } from '../helpers/servers.js';

/**
 * The web console's side of the server: its static page with strict headers, the event stream
 * of GET /admin/events (batched, under the admin API's protection), screen watches and keys.
 */
const startServer = serversClosedAfterEach();
const rawPhone = rawPhonesClosedAfterEach('00:04:F2:0C:00');
/** Used by one test only, so its first phone is 00:04:F2:0D:00:01. */
const watchedPhone = rawPhonesClosedAfterEach('00:04:F2:0D:00');

/** An open GET /admin/events: the events read so far, by name. */
async function openEvents(server: UpdateServer, query = '', token?: string) {
  const controller = new AbortController();
  const response = await fetch(new URL(`admin/events${query}`, server.httpUrl), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: controller.signal,
  });
  const events: { name: string; data: unknown }[] = [];
  if (response.ok) {
    void (async () => {
      let buffer = '';
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body!) {
          buffer += decoder.decode(chunk as Uint8Array, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (name && data) events.push({ name, data: JSON.parse(data) });
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return { response, events, close: () => controller.abort(), named: (name: string) => events.filter((event) => event.name === name) };
}

describe('the console page', () => {
  it('is served at /console and, to a browser, at /, with a CSP that runs only its own scripts', async () => {
    const server = await startServer();
    const page = await fetch(new URL('console', server.httpUrl));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).toMatch(/<script type="module" src="\/console\/app.js"><\/script>/);
    // No inline script, nothing from elsewhere.
    expect(html).not.toMatch(/<script>|<script type="module">|https?:\/\//);

    const front = await fetch(server.httpUrl, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(await front.text()).toBe(html);
    expect(await (await fetch(server.httpUrl)).text()).toMatch(/phones connect over WebSocket/);
    const script = await fetch(new URL('console/app.js', server.httpUrl));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(new URL('console/nothing.js', server.httpUrl))).status).toBe(404);
    expect((await fetch(new URL('console/..%2Fpackage.json', server.httpUrl))).status).toBe(404);
  });

  it('refuses a Host that is not its own (DNS rebinding), as the admin API does', async () => {
    const server = await startServer();
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(new URL('console', server.httpUrl), { headers: { host: 'evil.example:80' } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });
});

describe('GET /admin/events', () => {
  it('lists every device at once, then the ones that change, batched', async () => {
    const server = await startServer();
    await rawPhone(server.url);
    const stream = await openEvents(server);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await vi.waitFor(() => expect(stream.named('devices')).toHaveLength(1));
    expect(stream.named('devices')[0]!.data).toMatchObject([{ mac: '00:04:F2:0C:00:01', state: 'idle', connected: true, testDevice: false }]);

    // Twenty phones and a status each within a moment: a few batches, not forty events.
    const startedAt = performance.now();
    const phones = await Promise.all(Array.from({ length: 20 }, () => rawPhone(server.url)));
    for (const phone of phones) phone.send({ v: 1, type: 'status', update: 'downloading', warnings: [], progress: 0.3, lock: 'unlocked', call: 'ringing', paired: true });
    await vi.waitFor(() => {
      const seen = stream.named('devices').slice(1).flatMap((event) => event.data as { mac: string; progress?: number }[]);
      expect(seen.filter((device) => device.progress === 0.3)).toHaveLength(20);
    });
    const seconds = (performance.now() - startedAt) / 1000;
    expect(stream.named('devices').length - 1).toBeLessThanOrEqual(Math.ceil(seconds * consoleBatchesPerSecond) + 1);
    expect(server.devices().find((device) => device.mac === '00:04:F2:0C:00:02')).toMatchObject({ progress: 0.3, lock: 'unlocked', call: 'ringing', paired: true });
    stream.close();
  });

  it('needs the admin token when the server has one, compared as the admin API does', async () => {
    const server = await startServer({ adminToken: 's3cret' });
    const refused = await openEvents(server);
    expect(refused.response.status).toBe(401);
    expect(await refused.response.json()).toEqual({ error: 'the admin API needs Authorization: Bearer <token> (--admin-token)' });
    expect((await openEvents(server, '', 'wrong')).response.status).toBe(401);
    const stream = await openEvents(server, '', 's3cret');
    expect(stream.response.status).toBe(200);
    await vi.waitFor(() => expect(stream.named('devices')).toEqual([{ name: 'devices', data: [] }]));
    stream.close();
  });

  it("asks a phone for its screen while a console watches it, and passes it on; keys reach the phone", async () => {
    const server = await startServer();
    const phone = await watchedPhone(server.url);
    const mac = '00:04:F2:0D:00:01';
    expect((await openEvents(server, '?watch=00-04-F2-0D-00-99')).response.status).toBe(404);

    const stream = await openEvents(server, `?watch=${encodeURIComponent(mac.toLowerCase())}`);
    expect(stream.response.status).toBe(200);
    await vi.waitFor(() => expect(phone.received.at(-1)).toEqual({ v: 1, type: 'screen.watch', watch: true }));
    const screen = { title: 'Polycom VVX 601', lines: ['Not signed in'], highlighted: null, softkeys: [{ id: 'update', label: 'Update' }], progress: null, textEntry: false, columns: 34, rows: 8, lineKeys: 16, lineKeySides: 'both', menuKeys: ['Home'], locale: 'en-US' };
    phone.send({ v: 1, type: 'screen', screen });
    await vi.waitFor(() => expect(stream.named('screen')).toEqual([{ name: 'screen', data: { mac, screen } }]));

    expect(await admin(server, 'POST', `devices/${mac}/keys`, { keys: [{ softkey: 0 }, { key: '5' }, { text: 'amosm' }] })).toMatchObject({ status: 200 });
    await vi.waitFor(() => expect(phone.received.at(-1)).toEqual({ v: 1, type: 'keys', keys: [{ softkey: 0 }, { key: '5' }, { text: 'amosm' }] }));
    expect(await admin(server, 'POST', `devices/${mac}/keys`, { keys: [{ key: 'Reboot' }] })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^keys\.0: a press is \{"key": one of 0 1 .* Hook\}, \{"softkey": 0 to 7\} or \{"text"/) } });
    expect(await admin(server, 'POST', 'devices/00:04:F2:0D:00:99/keys', { keys: [{ key: '5' }] })).toMatchObject({ status: 404 });

    stream.close();
    await vi.waitFor(() => expect(phone.received.at(-1)).toEqual({ v: 1, type: 'screen.watch', watch: false }));
    // A screen nobody watches is not kept.
    phone.close();
    await vi.waitFor(() => expect(server.devices()[0]!.connected).toBe(false));
    expect(await admin(server, 'POST', `devices/${mac}/keys`, { keys: [{ key: '5' }] })).toMatchObject({ status: 409, body: { error: `the phone ${mac} is not connected` } });
  });

  it('keeps reading state files written before the console (no progress, lock, call or paired)', async () => {
    const { deviceRecordSchema } = await import('../../src/server/records.js');
    const old = { model: 'polycom-vvx-601', mac: '00:04:F2:00:00:01', serial: '0004F2000001', firmware: '5.9.5.0614', connected: false, user: null, update: 'idle', warnings: [], installed: [], lastResult: null };
    expect(deviceRecordSchema.safeParse(old).success).toBe(true);
    expect(deviceRecordSchema.safeParse({ ...old, lock: 'sideways' }).success).toBe(false);
  });
});
