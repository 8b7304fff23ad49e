import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRig, type Rig } from '../helpers/rig.js';
import { chromiumFlags, chromiumPath } from '../helpers/chromium.js';

/**
 * The browser side of web sign-in in a real browser: Debian's Chromium, headless, driven by
 * playwright-core, against the real server. scripts/ensure-chromium.sh (run before npm test)
 * installs it. One launch for the file; the page is reused.
 */

let profileDir: string;
let browser: BrowserContext;
let page: Page;
let rig: Rig | undefined;

beforeAll(async () => {
  profileDir = mkdtempSync(join(tmpdir(), 'phone-emu-chromium-'));
  browser = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath, headless: true, args: chromiumFlags });
  page = browser.pages()[0] ?? (await browser.newPage());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(profileDir, { recursive: true, force: true });
});

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const tenant = {
  users: [
    { upn: 'amosm@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem', 'CallingPlan'] },
    { upn: 'lidiah@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'] },
  ],
};

/** Boots a VVX 601 and opens Web Sign-in on it: the code and address it shows. */
async function phoneShowingCode() {
  rig = await startRig({ firmware: '5.9.5.0614', tenant });
  await rig.advance(60_000);
  await rig.softkey('Sign In');
  await rig.choose('Web Sign-in');
  return rig.context().account.webCode!;
}

async function enterUserAndCode(url: string, user: string, code: string) {
  await page.goto(url);
  await page.fill('#user', user);
  await page.click('button:has-text("Next")');
  await page.fill('#code', code);
  await page.click('button:has-text("Next")');
}

describe('web sign-in in Chromium', () => {
  it('walks user name, code, the certified-phone page, the account, the password, and signs the phone in', async () => {
    const code = await phoneShowingCode();
    await enterUserAndCode(code.url, 'amosm@contoso.com', code.code);
    expect(await page.textContent('#product')).toBe('Polycom Skype for Business Certified Phone');
    await page.click('button:has-text("Continue")');
    await page.click('button:has-text("amosm@contoso.com")');
    await page.fill('#password', 'Pa55w.rd');
    await page.click('button:has-text("Sign in")');
    expect(await page.textContent('#done')).toMatch(/close this browser window/);
    await vi.waitFor(() => expect(rig!.context().account.user).toMatchObject({ upn: 'amosm@contoso.com', method: 'web' }));
    expect(rig!.text()).toMatch(/Create a PIN/);
  });

  it('refuses a wrong code on the page, then signs in another account after a wrong password', async () => {
    const code = await phoneShowingCode();
    await enterUserAndCode(code.url, 'amosm@contoso.com', 'WRONG2345');
    expect(await page.textContent('[role=alert]')).toMatch(/That code didn't work/);
    await page.fill('#code', code.code.toLowerCase());
    await page.click('button:has-text("Next")');
    await page.click('button:has-text("Continue")');
    await page.click('button:has-text("Use another account")');
    await page.fill('#user', 'lidiah@contoso.com');
    await page.fill('#password', 'wrong');
    await page.click('button:has-text("Sign in")');
    expect(await page.textContent('[role=alert]')).toMatch(/account or password is incorrect/);
    expect(rig!.context().account.user).toBeNull();
    await page.fill('#user', 'lidiah@contoso.com');
    await page.fill('#password', 'Pa55w.rd');
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('#done');
    await vi.waitFor(() => expect(rig!.context().account.user).toMatchObject({ upn: 'lidiah@contoso.com' }));
  });
});
