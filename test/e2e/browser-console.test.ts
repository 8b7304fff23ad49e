import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { chromiumFlags, chromiumPath } from '../helpers/chromium.js';
import { projectData } from '../helpers/data.js';
import { startRig, type Rig } from '../helpers/rig.js';

/**
 * The web console in a real browser (Debian's Chromium, headless, driven by playwright-core)
 * against the real server and phones linked over real sockets: the live list, a policy set on
 * the page, a Polycom driven from its face, a rollout's progress, a refusal's range, and a
 * thousand phones.
 */

let profileDir: string;
let browser: BrowserContext;
let page: Page;
let rig: Rig | undefined;
let server: UpdateServer | undefined;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  profileDir = mkdtempSync(join(tmpdir(), 'phone-emu-chromium-'));
  browser = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath, headless: true, args: chromiumFlags, locale: 'en-US', viewport: { width: 1280, height: 800 } });
  page = browser.pages()[0] ?? (await browser.newPage());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(profileDir, { recursive: true, force: true });
});

afterEach(async () => {
  await page.goto('about:blank');
  for (const socket of sockets.splice(0)) socket.terminate();
  await rig?.close();
  await server?.close();
  rig = undefined;
  server = undefined;
});

/** What the page notes about itself on <html data-...>: batches taken in, and what the last one cost. */
const pageFigures = () => page.evaluate('({ ...document.documentElement.dataset })') as Promise<Record<string, string>>;
const row = (mac: string) => page.locator(`#devices tr[data-mac="${mac}"]`);
const cell = (mac: string, column: string) => row(mac).locator(`td[data-col="${column}"]`);

describe('the web console in Chromium', () => {
  it('lists phones as they connect, without a reload, and serves itself with a strict CSP', async () => {
    rig = await startRig({ firmware: '5.9.5.0614' });
    await rig.advance(60_000);
    const response = await page.goto(`${rig.server.httpUrl}console`);
    expect(response!.headers()).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' });
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await expect.poll(() => cell(rig!.identity.mac, 'firmware').textContent()).toBe('5.9.5.0614');
    expect(await cell(rig.identity.mac, 'model').textContent()).toBe('polycom-vvx-601');

    const second = rig.addPhone({ device: 'yealink-t58a', firmware: '66.15.0.10' });
    await rig.advance(60_000);
    await expect.poll(() => cell(second.identity.mac, 'update').textContent()).toBe('idle');
    expect(await page.locator('[data-count=connected] b').textContent()).toBe('2');
  }, 60_000);

  it('sets a policy that reaches the connected phone, and shows a refused value with its range', async () => {
    rig = await startRig({ firmware: '5.9.5.0614' });
    await rig.advance(60_000);
    await page.goto(`${rig.server.httpUrl}console`);
    const lock = page.locator('tr[data-policy=PhoneLockTimeout]');
    await lock.locator('input').fill('00:20:00');
    await lock.locator('button').click();
    await expect.poll(() => lock.locator('.field-ok').textContent()).toMatch(/00:20:00/);
    await vi.waitFor(() => expect(rig!.context().policy.PhoneLockTimeout).toBe(20 * 60_000));

    const pin = page.locator('tr[data-policy=MinPhonePinLength]');
    await pin.locator('input').fill('3');
    await pin.locator('button').click();
    await expect.poll(() => pin.locator('.field-error').textContent()).toMatch(/"3" is not allowed; use a whole number from 4 to 15/);
    expect(rig.context().policy.MinPhonePinLength).toBe(6);
  }, 60_000);

  it("postpones an update from a Polycom's face, and drives its keypad", async () => {
    rig = await startRig({ firmware: '5.8.0.13337' });
    await rig.advance(10_000);
    await page.goto(`${rig.server.httpUrl}console`);
    await row(rig.identity.mac).click();
    const postpone = page.locator('#face button[data-softkey=postpone]');
    await postpone.click();
    await vi.waitFor(() => expect(rig!.screen()).not.toMatch(/available/));
    await expect.poll(() => page.locator('#face .screen').textContent()).not.toMatch(/available/);

    // The keyboard, as the TUI maps it: a digit picks the numbered row, Esc goes back.
    const signedOut = rig.screen();
    expect(signedOut).toMatch(/1\. User/);
    await page.locator('#face .screen').focus();
    await page.keyboard.press('1');
    await vi.waitFor(() => expect(rig!.screen()).not.toBe(signedOut));
    await page.keyboard.press('Escape');
    await vi.waitFor(() => expect(rig!.screen()).toBe(signedOut));
    await expect.poll(() => page.locator('#face .screen').textContent()).toMatch(/1\. User/);
  }, 60_000);

  it("shows a rollout's download progress, then the new firmware", async () => {
    rig = await startRig({ firmware: '5.8.0.13337' });
    await rig.advance(10_000);
    await page.goto(`${rig.server.httpUrl}console`);
    await expect.poll(() => cell(rig!.identity.mac, 'update').textContent()).toBe('offered');
    await rig.softkey('Update');
    await rig.advance(8_000);
    await expect.poll(() => cell(rig!.identity.mac, 'update').textContent()).toMatch(/^downloading\s+\d+ %$/);
    const early = Number(/(\d+) %/.exec((await cell(rig.identity.mac, 'update').textContent())!)![1]);
    await rig.advance(8_000);
    await expect.poll(async () => Number(/(\d+) %/.exec((await cell(rig!.identity.mac, 'update').textContent()) ?? '')?.[1] ?? 100)).toBeGreaterThan(early);
    await rig.advance(10 * 60_000);
    await expect.poll(() => cell(rig!.identity.mac, 'firmware').textContent()).toBe('5.9.5.0614');
    expect(await page.locator('#chart .legend').textContent()).toMatch(/5\.9\.5\.0614: 1/);
  }, 60_000);

  it('shows what phones send as text: markup and control characters do nothing', async () => {
    server = await startUpdateServer({ data: projectData() });
    const [phone] = await connectRawPhones(server.url, 1);
    const hostile = '<img src=x onerror="document.title=1">\u0007\u001b[31m';
    phone!.send(JSON.stringify({ v: 1, type: 'status', update: 'idle', warnings: [{ id: 'x', message: { key: 'warning.phoneUnprotected', params: { version: hostile } } }] }));
    await page.goto(`${server.httpUrl}console`);
    const warnings = cell('00:04:F2:01:00:00', 'warnings');
    await expect.poll(() => warnings.textContent()).toBe('Phone unprotected: the Device-Lock PIN was not kept by the upgrade to <img src=x onerror="document.title=1">\u2407\u241b[31m.');
    expect(await warnings.locator('img').count()).toBe(0);
    expect(await page.title()).toBe('phone-emu console');
  });

  it('asks for the admin token when the server has one, or takes it from #token=', async () => {
    server = await startUpdateServer({ data: projectData(), adminToken: 'console-s3cret' });
    await connectRawPhones(server.url, 1);
    await page.goto(`${server.httpUrl}console`);
    await page.locator('#token').fill('console-s3cret');
    await page.locator('#token-form button').click();
    await expect.poll(() => cell('00:04:F2:01:00:00', 'model').textContent()).toBe('polycom-vvx-601');

    const other = await browser.newPage();
    await other.goto(`${server.httpUrl}console#token=console-s3cret`);
    await expect.poll(() => other.locator('#devices tr[data-mac="00:04:F2:01:00:00"]').count()).toBe(1);
    // The token leaves the address bar at once.
    expect(other.url()).toBe(`${server.httpUrl}console`);
    await other.close();
  });

  it("speaks French to a French browser", async () => {
    server = await startUpdateServer({ data: projectData() });
    const french = await browser.browser()!.newContext({ locale: 'fr-FR' }).catch(() => undefined);
    const frenchPage = french ? await french.newPage() : page;
    await frenchPage.goto(`${server.httpUrl}console`);
    expect(await frenchPage.locator('#devices-title').textContent()).toBe('Téléphones');
    expect(await frenchPage.locator('#devices td').first().textContent()).toBe('Aucun téléphone connecté pour l’instant.');
    await french?.close();
  });

  it('holds up with 1,000 phones: renders them in under a second, and batches their updates', async () => {
    server = await startUpdateServer({ data: projectData() });
    const phones = await connectRawPhones(server.url, 1000);
    await vi.waitFor(() => expect(server!.devices().filter((device) => device.connected)).toHaveLength(1000), { timeout: 30_000 });
    await page.goto(`${server.httpUrl}console`);
    await page.waitForFunction("document.documentElement.dataset.lastDrawnMs !== undefined && document.querySelector('[data-count=total] b')?.textContent === '1000'", undefined, { timeout: 30_000 });
    // The page's own clock: the first batch (all 1,000) taken in, and drawn on screen.
    const { lastBatchAt, lastDrawnMs } = await pageFigures();
    console.log(`console: 1,000 phones arrived ${Math.round(Number(lastBatchAt))} ms after navigation and were drawn ${Math.round(Number(lastDrawnMs))} ms later`);
    expect(Number(lastDrawnMs)).toBeLessThan(1000);
    expect(await page.locator('#devices tr[data-mac]').count()).toBeLessThan(100);

    // Every phone reports twice in a burst: the page hears a few batches, not 2,000 messages.
    const before = Number((await pageFigures()).batches);
    const startedAt = Date.now();
    for (const phone of phones) phone.send(JSON.stringify({ v: 1, type: 'status', update: 'checking', warnings: [] }));
    for (const phone of phones) phone.send(JSON.stringify({ v: 1, type: 'status', update: 'idle', warnings: [], lock: 'locked' }));
    await expect.poll(() => page.locator('[data-count=locked] b').textContent(), { timeout: 30_000 }).toBe('1000');
    const batches = Number((await pageFigures()).batches) - before;
    const seconds = (Date.now() - startedAt) / 1000;
    console.log(`console: 2,000 status frames reached the page in ${batches} batches over ${seconds.toFixed(2)} s`);
    expect(batches).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
    // Scrolled to the end, the last phone is drawn.
    await page.evaluate("const list = document.querySelector('.devices .table-wrap'); list.scrollTo(0, list.scrollHeight)");
    await expect.poll(() => row('00:04:F2:01:03:E7').count()).toBe(1);
  }, 120_000);
});

/** Phones as the server sees them, without machines: a socket each that says hello and is welcomed. */
async function connectRawPhones(url: string, count: number): Promise<WebSocket[]> {
  const phones = await Promise.all(
    Array.from({ length: count }, async (_unused, index) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      const hex = index.toString(16).padStart(4, '0').toUpperCase();
      const mac = `00:04:F2:01:${hex.slice(0, 2)}:${hex.slice(2)}`;
      const welcomed = new Promise<void>((resolve) => socket.once('message', () => resolve()));
      socket.send(JSON.stringify({ v: 1, type: 'hello', device: { model: 'polycom-vvx-601', mac, serial: mac.replaceAll(':', ''), firmware: '5.9.5.0614' } }));
      await welcomed;
      return socket;
    }),
  );
  return phones;
}
