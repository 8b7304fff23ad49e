import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

type LaunchOptions = NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>;

/**
 * Debian's Chromium, as the browser tests launch it: scripts/ensure-chromium.sh (run before
 * npm test) installs it. The flags keep it off the network this machine does not have.
 */
export const chromiumPath = process.env.PHONE_EMU_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A headless Chromium with a profile of its own, and its first page; `close` removes the profile too. */
export interface LaunchedChromium {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** A phone's screen, where people often open the address a phone shows: without a viewport meta tag a page would lay out 980 px wide. */
export const phoneScreen = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true } as const;

/** Launches Debian's Chromium headless, with the flags above, in a fresh profile. */
export async function launchChromium(options: Omit<LaunchOptions, 'executablePath' | 'headless' | 'args'> = {}): Promise<LaunchedChromium> {
  const profileDir = mkdtempSync(join(tmpdir(), 'phone-emu-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath, headless: true, args: chromiumFlags, ...options });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
