import type { Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { translate, type Locale } from '../../src/core/messages/index.js';
import { startRig, type Rig } from '../helpers/rig.js';
import type { LaunchedChromium } from '../helpers/chromium.js';
import { launchPhoneBrowser, walkSteps, walkUser, walkWebSignIn, type WalkStep } from '../helpers/sign-in-browser.js';

/**
 * The browser side of web sign-in in a real browser: Debian's Chromium, headless, driven by
 * playwright-core, against the real server. scripts/ensure-chromium.sh (run before npm test)
 * installs it. One launch for the file; the page is reused, at a phone's 375x667, where
 * people often open the address the phone shows.
 */

let browser: LaunchedChromium;
let page: Page;
let rig: Rig | undefined;
/** Every page (document) and stylesheet the browser loaded in the test. */
let loaded: Response[] = [];

beforeAll(async () => {
  browser = await launchPhoneBrowser();
  page = browser.page;
  page.on('response', (response) => {
    if (['document', 'stylesheet'].includes(response.request().resourceType())) loaded.push(response);
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  loaded = [];
  await page.setExtraHTTPHeaders({ 'accept-language': 'en-US,en;q=0.9' });
});

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const longUpn = 'christopher.alexander.montgomery-wellington@contoso-international.example.com';
const tenant = {
  users: [
    walkUser,
    { upn: 'lidiah@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'] },
    { upn: longUpn, password: 'Pa55w.rd', licenses: ['PhoneSystem'] },
  ],
};

/** Boots a VVX 601 in this language and opens Web Sign-in on it: the code and address it shows. */
async function phoneShowingCode(locale: Locale = 'en-US') {
  rig = await startRig({ firmware: '5.9.5.0614', tenant, locale });
  await rig.advance(60_000);
  await rig.softkey(translate(locale, 'softkey.signIn'));
  await rig.choose(translate(locale, 'signIn.method.web'));
  return rig.context().account.webCode!;
}

/**
 * What a person sees on every step: the page within the 375 px screen (no sideways scroll),
 * the console's look applied from the stylesheet, the heading, and large tap targets.
 */
async function step(heading: RegExp) {
  await page.waitForLoadState('load');
  expect(await page.textContent('h1')).toMatch(heading);
  // Strings run in the page: this project's TypeScript has no DOM types.
  const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
  expect(scrollWidth, `the page scrolls sideways on "${String(heading)}"`).toBeLessThanOrEqual(375);
  expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(244, 246, 249)');
  for (const target of await page.$$('button, input:not([type=hidden])')) expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
}

async function submit(label: string) {
  await page.click(`button:has-text("${label}")`);
}

/** Every page came with its protection, and the stylesheet as CSS. */
function expectHeaders() {
  const documents = loaded.filter((response) => response.request().resourceType() === 'document');
  expect(documents.length).toBeGreaterThan(1);
  for (const response of documents) {
    expect(response.headers()).toMatchObject({
      'content-security-policy': expect.stringMatching(/default-src 'none'; style-src 'self'.*frame-ancestors 'none'/),
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
    });
  }
  expect(loaded.some((response) => response.request().resourceType() === 'stylesheet' && response.headers()['content-type'] === 'text/css; charset=utf-8')).toBe(true);
}

describe('web sign-in in Chromium, at 375x667', () => {
  it('walks user name, code, the certified-phone page, the account, the password, and signs the phone in (en-US)', async () => {
    const code = await phoneShowingCode();
    const checks: Record<WalkStep, () => Promise<void>> = {
      user: async () => {
        await step(/^Sign in$/);
        expect(await page.getAttribute('html', 'lang')).toBe('en-US');
      },
      code: async () => {
        await step(/^Enter code$/);
        expect(await page.textContent('#signing-in-as')).toBe('Signing in as amosm@contoso.com');
      },
      'certified-phone': async () => {
        await step(/^Are you trying to sign in\?$/);
        expect(await page.textContent('#product')).toBe('Polycom Skype for Business Certified Phone');
        expect(await page.textContent('button[type=submit]')).toBe('Continue');
      },
      account: async () => {
        await step(/^Pick an account$/);
        expect(await page.textContent('button[value=pick]')).toBe('amosm@contoso.com');
      },
      password: () => step(/^Enter password$/),
      done: async () => {
        await step(/^You are signed in$/);
        expect(await page.textContent('#done')).toMatch(/close this browser window/);
      },
    };
    const seen: WalkStep[] = [];
    await walkWebSignIn(page, code, async (at) => {
      seen.push(at);
      await checks[at]();
    });
    expect(seen).toEqual(walkSteps);
    await vi.waitFor(() => expect(rig!.context().account.user).toMatchObject({ upn: 'amosm@contoso.com', method: 'web' }));
    expect(rig!.text()).toMatch(/Create a PIN/);
    expectHeaders();
  });

  it('walks every step in French for a fr-FR phone and browser, a long user name inside the screen', async () => {
    await page.setExtraHTTPHeaders({ 'accept-language': 'fr-FR,fr;q=0.9' });
    const code = await phoneShowingCode('fr-FR');
    await page.goto(code.url);
    await step(/^Connexion$/);
    expect(await page.getAttribute('html', 'lang')).toBe('fr-FR');
    expect(await page.textContent('label[for=user]')).toBe("Nom d'utilisateur Skype for Business");
    await page.fill('#user', longUpn);
    await submit('Suivant');
    await step(/^Entrer le code$/);
    expect(await page.textContent('#signing-in-as')).toBe(`Connexion en tant que ${longUpn}`);
    await page.fill('#code', code.code);
    await submit('Suivant');
    await step(/^Essayez-vous de vous connecter \?$/);
    expect(await page.textContent('#product')).toBe('Polycom Skype for Business Certified Phone');
    await submit('Continuer');
    await step(/^Choisir un compte$/);
    expect(await page.textContent('button[value=another]')).toBe('Utiliser un autre compte');
    await submit(longUpn);
    await step(/^Entrer le mot de passe$/);
    await page.fill('#password', 'faux');
    await submit('Se connecter');
    expect(await page.textContent('[role=alert]')).toBe('Votre compte ou votre mot de passe est incorrect.');
    await step(/^Entrer le mot de passe$/);
    await page.fill('#password', 'Pa55w.rd');
    await submit('Se connecter');
    await step(/^Vous êtes connecté$/);
    expect(await page.textContent('#done')).toBe('Vous pouvez maintenant fermer cette fenêtre du navigateur.');
    await vi.waitFor(() => expect(rig!.context().account.user).toMatchObject({ upn: longUpn, method: 'web' }));
    expectHeaders();
  });

  it('speaks the language of the phone that showed the code once the code is in, whatever the browser asks for', async () => {
    const code = await phoneShowingCode('fr-FR');
    await page.goto(code.url);
    await step(/^Sign in$/);
    await page.fill('#user', 'amosm@contoso.com');
    await submit('Next');
    await page.fill('#code', code.code);
    await submit('Next');
    await step(/^Essayez-vous de vous connecter \?$/);
    expect(await page.getAttribute('html', 'lang')).toBe('fr-FR');
  });

  it('refuses an unknown user name on the user-name step, in each language, and lets it be corrected', async () => {
    const code = await phoneShowingCode();
    await page.goto(code.url);
    await page.fill('#user', 'nobody@contoso.com');
    await submit('Next');
    await step(/^Sign in$/);
    expect(await page.textContent('[role=alert]')).toBe('We couldn\'t find an account with the user name "nobody@contoso.com". Check it and try again.');
    expect(await page.inputValue('#user')).toBe('nobody@contoso.com');
    await page.setExtraHTTPHeaders({ 'accept-language': 'fr-CA,fr;q=0.9' });
    await submit('Next');
    expect(await page.textContent('[role=alert]')).toBe("Aucun compte ne porte le nom d'utilisateur « nobody@contoso.com ». Vérifiez-le et réessayez.");
    await page.fill('#user', 'amosm@contoso.com');
    await submit('Suivant');
    await step(/^Entrer le code$/);
  });

  it('refuses an expired code on the code step, saying codes last 15 minutes', async () => {
    const code = await phoneShowingCode();
    await page.goto(code.url);
    await page.fill('#user', 'amosm@contoso.com');
    await submit('Next');
    await rig!.advance(15 * 60_000);
    await page.fill('#code', code.code);
    await submit('Next');
    await step(/^Enter code$/);
    expect(await page.textContent('[role=alert]')).toBe('That code has expired: a code lasts 15 minutes. Get a new code on your phone, then enter it here.');
    expect(await page.getAttribute('#code', 'aria-invalid')).toBe('true');
  });

  it('refuses a wrong code on the page, then signs in another account after a wrong password', async () => {
    const code = await phoneShowingCode();
    await page.goto(code.url);
    await page.fill('#user', 'amosm@contoso.com');
    await submit('Next');
    await page.fill('#code', 'WRONG2345');
    await submit('Next');
    await step(/^Enter code$/);
    expect(await page.textContent('[role=alert]')).toMatch(/That code didn't work/);
    await page.fill('#code', code.code.toLowerCase());
    await submit('Next');
    await submit('Continue');
    await submit('Use another account');
    await step(/^Enter password$/);
    await page.fill('#user', 'nobody@contoso.com');
    await page.fill('#password', 'Pa55w.rd');
    await submit('Sign in');
    expect(await page.textContent('[role=alert]')).toMatch(/couldn't find an account with the user name "nobody@contoso.com"/);
    await page.fill('#user', 'lidiah@contoso.com');
    await page.fill('#password', 'wrong');
    await submit('Sign in');
    expect(await page.textContent('[role=alert]')).toMatch(/account or password is incorrect/);
    expect(rig!.context().account.user).toBeNull();
    await page.fill('#user', 'lidiah@contoso.com');
    await page.fill('#password', 'Pa55w.rd');
    await submit('Sign in');
    await page.waitForSelector('#done');
    await vi.waitFor(() => expect(rig!.context().account.user).toMatchObject({ upn: 'lidiah@contoso.com' }));
  });

  it('answers a bad % escape in the address with a 400 page in the same look', async () => {
    const code = await phoneShowingCode();
    const response = await page.goto(new URL('signin/%ZZ', code.url).href.replace('%25ZZ', '%ZZ'));
    expect(response?.status()).toBe(400);
    await step(/^Bad request$/);
    expect(await page.textContent('main')).toMatch(/two hexadecimal digits/);
  });
});
