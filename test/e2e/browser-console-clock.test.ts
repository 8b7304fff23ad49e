import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClockControl } from '../../src/core/clock-control.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { launchChromium, type LaunchedChromium } from '../helpers/chromium.js';
import { projectData } from '../helpers/data.js';
import { startRig, type Rig } from '../helpers/rig.js';

/**
 * The web console's virtual clock in a real browser (Debian's Chromium, headless): on the
 * embedded server of `phone-emu start` the page shows the phone's time and the TUI's jumps as
 * buttons, and a click fires the phone's timers as the TUI's key does; on `phone-emu server`
 * (real time) there is no clock to jump and the page shows none.
 */

let chromium: LaunchedChromium;
let rig: Rig | undefined;
let server: UpdateServer | undefined;

beforeAll(async () => {
  chromium = await launchChromium({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
}, 60_000);

afterAll(async () => {
  await chromium?.close();
});

afterEach(async () => {
  await chromium.page.goto('about:blank');
  await rig?.close();
  await server?.close();
  rig = undefined;
  server = undefined;
});

const epochMs = Date.UTC(2026, 10, 22, 9, 0, 0);

describe("the console's virtual clock in Chromium", () => {
  it('jumps a day from a button: the clock reads a day later and the postponed update is back on the face', async () => {
    const clock = new ClockControl(epochMs);
    rig = await startRig({ firmware: '5.8.0.13337', server: { clockControl: clock } });
    clock.attach(rig.clock, rig.advance);
    await rig.advance(10_000);
    await rig.softkey('Postpone');
    const { page } = chromium;
    await page.goto(`${rig.server.httpUrl}console`);
    const shown = page.locator('#clock .clock-time');
    await expect.poll(() => shown.textContent()).toBe('2026-11-22 09:00:10 UTC');
    expect(await page.locator('#clock button').allTextContents()).toEqual(['+1 min', '+15 min', '+1 h', '+24 h']);
    expect(await page.locator('#clock button[data-jump-ms="86400000"]').getAttribute('aria-label')).toBe('Jump the virtual clock +24 h, as the terminal’s jump keys do');

    await page.locator(`#devices tr[data-mac="${rig.identity.mac}"]`).click();
    await expect.poll(() => page.locator('#face .screen').textContent()).not.toMatch(/available/);
    await page.locator('#clock button[data-jump-ms="86400000"]').click();
    await expect.poll(() => shown.textContent()).toBe('2026-11-23 09:00:10 UTC');
    expect(await page.locator('#clock').getAttribute('data-now-ms')).toBe(String(epochMs + 10_000 + 24 * 60 * 60_000));
    // The daily check fired on the way, on the phone: its face in the page shows the offer again.
    expect(rig.text()).toMatch(/5\.9\.5\.0614 is available/);
    await expect.poll(() => page.locator('#face .screen').textContent()).toMatch(/available/);

    // A jump made elsewhere (the TUI's key) reaches the page through the event stream.
    await clock.jump(60 * 60_000, 'terminal');
    await expect.poll(() => shown.textContent()).toBe('2026-11-23 10:00:10 UTC');
  }, 60_000);

  it('shows no clock and no jump buttons on a server on real time', async () => {
    server = await startUpdateServer({ data: projectData() });
    const { page } = chromium;
    const asked = page.waitForResponse((response) => response.url().endsWith('/admin/clock'));
    await page.goto(`${server.httpUrl}console`);
    expect(await (await asked).json()).toMatchObject({ virtual: false });
    await expect.poll(() => page.locator('#link').textContent()).toBe('live');
    await vi.waitFor(async () => expect(await page.evaluate<boolean>("document.getElementById('clock').hidden")).toBe(true));
    expect(await page.locator('#clock button').count()).toBe(0);
    expect(await page.locator('#clock').isVisible()).toBe(false);
  }, 60_000);
});
