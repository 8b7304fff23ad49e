import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClockControl } from '../../src/core/clock-control.js';
import { methodLabel } from '../../src/core/identity/identity-screen.js';
import { translate } from '../../src/core/messages/index.js';
import { admin } from '../helpers/admin.js';
import { startRig, type Rig } from '../helpers/rig.js';
import { oneUserTenant, serversClosedAfterEach } from '../helpers/servers.js';
import { completeWebSignIn } from '../../src/pc/browser-sign-in.js';

/**
 * GET /admin/clock and POST /admin/clock/advance on a real server: the embedded server of
 * `phone-emu start` runs on its phone's virtual clock, whose one owner (core/clock-control.ts)
 * the admin API jumps as the TUI's keys do; `phone-emu server` runs on real time and refuses.
 */
const startServer = serversClosedAfterEach();
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const epochMs = Date.UTC(2026, 10, 22, 9, 0, 0);
const hour = 60 * 60_000;

/** A phone and its server on one virtual clock, owned by a ClockControl as phone-emu start does. */
async function embeddedServer(firmware: string, options: { adminToken?: string } = {}) {
  const clock = new ClockControl(epochMs);
  rig = await startRig({ firmware, tenant: oneUserTenant, server: { clockControl: clock, ...options } });
  clock.attach(rig.clock, rig.advance);
  return { rig, clock };
}

describe('the virtual clock through the admin API', () => {
  it('jumps a day: the postponed update prompt comes back, and the clock reads a day later', async () => {
    const { rig } = await embeddedServer('5.8.0.13337');
    await rig.advance(10_000);
    expect(rig.text()).toMatch(/5\.9\.5\.0614 is available/);
    await rig.softkey('Postpone');
    expect(rig.text()).not.toMatch(/available/);

    const before = await admin(rig.server, 'GET', 'clock');
    expect(before).toMatchObject({ status: 200, body: { virtual: true, nowMs: epochMs + 10_000, speed: 0, running: true } });
    expect(before.body.jumps).toEqual([
      { ms: 60_000, label: '+1 min' },
      { ms: 15 * 60_000, label: '+15 min' },
      { ms: hour, label: '+1 h' },
      { ms: 24 * hour, label: '+24 h' },
    ]);
    const jumped = await admin(rig.server, 'POST', 'clock/advance', { ms: 24 * hour });
    expect(jumped).toMatchObject({ status: 200, body: { virtual: true, nowMs: epochMs + 10_000 + 24 * hour } });
    // The daily check fired on the way: the offer is back on the phone's screen.
    expect(rig.text()).toMatch(/5\.9\.5\.0614 is available/);
    expect((await admin(rig.server, 'GET', 'clock')).body.nowMs).toBe(epochMs + 10_000 + 24 * hour);
  }, 60_000);

  it('expires a web sign-in code after a jump of 15 minutes, on the phone and on the server', async () => {
    const { rig } = await embeddedServer('5.9.5.0614');
    await rig.advance(10_000);
    const { context } = rig.actor.getSnapshot();
    const t = (key: Parameters<typeof translate>[1]) => translate(context.locale, key);
    await rig.softkey(t('softkey.signIn'));
    await rig.choose(methodLabel(context, 'web', translate.bind(null, context.locale)));
    await vi.waitFor(() => expect(rig.context().account.webCode).not.toBeNull());
    const { url, code } = rig.context().account.webCode!;
    expect(rig.text()).not.toContain(t('web.expired'));

    expect((await admin(rig.server, 'POST', 'clock/advance', { ms: 15 * 60_000 })).status).toBe(200);
    expect(rig.text()).toContain(t('web.expired'));
    // The server reads the same clock: the code typed in the browser now is refused there too.
    const late = await completeWebSignIn({ url, code, user: 'amosm@contoso.com', password: 'Pa55w.rd' });
    expect(late).toMatchObject({ done: false });
    expect(late.reason).toMatch(/expired/i);
  }, 60_000);

  it('tells each open console with a clock event when the phone is picked and at each jump', async () => {
    const clock = new ClockControl(epochMs);
    rig = await startRig({ firmware: '5.9.5.0614', server: { clockControl: clock } });
    const controller = new AbortController();
    const response = await fetch(new URL('admin/events', rig.server.httpUrl), { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the event stream ended before ${String(pattern)}:\n${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil(/event: clock\ndata: .*"nowMs":1795338000000,"speed":0,"running":false/);
    clock.attach(rig.clock, rig.advance);
    await readUntil(/event: clock\ndata: .*"nowMs":1795338000000,"speed":0,"running":true/);
    await admin(rig.server, 'POST', 'clock/advance', { ms: hour });
    await readUntil(/event: clock\ndata: .*"nowMs":1795341600000/);
    controller.abort();
  }, 60_000);

  it('refuses a bad body with 400 naming the field, and keeps the time', async () => {
    const { rig } = await embeddedServer('5.9.5.0614');
    for (const body of [{}, { ms: 0 }, { ms: -5 }, { ms: 1.5 }, { ms: '60000' }, { ms: 8 * 24 * hour }]) {
      const refused = await admin(rig.server, 'POST', 'clock/advance', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error).toMatch(/^ms: /);
    }
    const extra = await admin(rig.server, 'POST', 'clock/advance', { ms: 60_000, speed: 2 });
    expect(extra).toMatchObject({ status: 400, body: { error: expect.stringMatching(/speed/) } });
    expect((await admin(rig.server, 'GET', 'clock')).body.nowMs).toBe(epochMs);
  });

  it('is behind the admin token as every admin route is', async () => {
    const { rig } = await embeddedServer('5.9.5.0614', { adminToken: 'clock-s3cret' });
    expect((await admin(rig.server, 'POST', 'clock/advance', { ms: 60_000 })).status).toBe(401);
    expect((await admin(rig.server, 'GET', 'clock')).status).toBe(401);
    expect((await admin(rig.server, 'GET', 'clock', undefined, 'clock-s3cret')).body.nowMs).toBe(epochMs);
    expect((await admin(rig.server, 'POST', 'clock/advance', { ms: 60_000 }, 'clock-s3cret')).body.nowMs).toBe(epochMs + 60_000);
  });

  it('refuses to jump before a phone runs on the clock (the device picker), with 409', async () => {
    const server = await startServer({ clockControl: new ClockControl(epochMs) });
    expect((await admin(server, 'GET', 'clock')).body).toMatchObject({ virtual: true, running: false });
    const refused = await admin(server, 'POST', 'clock/advance', { ms: 60_000 });
    expect(refused).toMatchObject({ status: 409, body: { error: expect.stringMatching(/no phone runs on this clock yet/) } });
  });
});

describe('a server on real time (phone-emu server)', () => {
  it('answers virtual: false with the time, and refuses a jump with 409', async () => {
    const server = await startServer();
    const before = Date.now();
    const clock = await admin(server, 'GET', 'clock');
    expect(clock.body).toEqual({ virtual: false, nowMs: expect.any(Number) });
    expect(clock.body.nowMs).toBeGreaterThanOrEqual(before);
    const refused = await admin(server, 'POST', 'clock/advance', { ms: 60_000 });
    expect(refused).toMatchObject({ status: 409, body: { error: expect.stringMatching(/runs on real time .*cannot jump/) } });
  });
});
