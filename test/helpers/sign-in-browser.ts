import type { Page } from 'playwright-core';
import { launchChromium, phoneScreen, type LaunchedChromium } from './chromium.js';

/**
 * Web sign-in in Chromium as both its browser test (test/e2e/browser-sign-in.test.ts) and its
 * screenshots (test/fixtures/sign-in-screenshots.ts) walk it: the browser at a phone's size, the
 * user, and the steps from the user-name page to "You are signed in".
 */

/** The licensed user who signs in. */
export const walkUser = { upn: 'amosm@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem', 'CallingPlan'] };

/** Chromium at a phone's 375x667, where people often open the address the phone shows. */
export const launchPhoneBrowser = (): Promise<LaunchedChromium> => launchChromium(phoneScreen);

/** The pages of web sign-in, in order. */
export const walkSteps = ['user', 'code', 'certified-phone', 'account', 'password', 'done'] as const;
export type WalkStep = (typeof walkSteps)[number];

/**
 * Walks web sign-in from `url` to "You are signed in" as a person would: the user name, the code
 * the phone shows, Continue on the certified-phone page, the account, the password. `at(step)`
 * runs on each page once it has loaded, with the user name or code typed in and the password
 * not yet (a secret stays out of the pictures), before the page is submitted.
 */
export async function walkWebSignIn(
  page: Page,
  walk: { readonly url: string; readonly code: string; readonly user?: { readonly upn: string; readonly password: string } },
  at: (step: WalkStep) => Promise<void> = async () => {},
): Promise<void> {
  const { upn, password } = walk.user ?? walkUser;
  const arrived = async (step: WalkStep) => {
    // A click starts the next page loading: wait for it (and its stylesheet) to finish.
    await page.waitForLoadState('load');
    await at(step);
  };
  await page.goto(walk.url);
  await page.fill('#user', upn);
  await arrived('user');
  await page.click('button[type=submit]');
  await page.fill('#code', walk.code);
  await arrived('code');
  await page.click('button[type=submit]');
  await arrived('certified-phone');
  await page.click('button[type=submit]');
  await arrived('account');
  await page.click('button[value=pick]');
  await arrived('password');
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('#done');
  await arrived('done');
}
