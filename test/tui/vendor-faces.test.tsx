import { render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Locale } from '../../src/core/messages/index.js';
import { startPhoneSession, type PhoneSession } from '../../src/phone/phone-session.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { PhoneApp } from '../../src/tui/PhoneApp.js';
import { faceLayoutOf, lineKeysBySide } from '../../src/tui/PhoneFace.js';
import { buildsOf } from '../helpers/booted-phone.js';
import { DevicePicker } from '../../src/tui/DevicePicker.js';
import { projectData, profile } from '../helpers/data.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

let server: UpdateServer;
let session: PhoneSession | undefined;
beforeAll(async () => {
  server = await startUpdateServer({ data: projectData() });
});
afterEach(() => session?.close());
afterAll(() => server.close());

async function boot(id: string, locale: Locale) {
  const model = profile(id);
  session = startPhoneSession({ profile: model, firmware: buildsOf(model).at(-2)!, serverUrl: server.url, locale });
  const app = render(<PhoneApp session={session} epochMs={Date.UTC(2026, 10, 22, 9, 0, 0)} realTime={false} />);
  await tick();
  app.stdin.write('['); // a minute: boot, connect, offer
  await vi.waitFor(() => expect(session!.actor.getSnapshot().matches({ running: { update: 'offered' } })).toBe(true), { timeout: 15_000 });
  await tick();
  return { app, model, running: buildsOf(model).at(-2)! };
}

async function press(app: ReturnType<typeof render>, keys: readonly string[]) {
  for (const key of keys) {
    app.stdin.write(key);
    await tick();
  }
}

// The terminal keys along each vendor's path: softkeys are q w e r t, h Home, m Menu.
const paths = [
  { id: 'polycom-vvx-401', keys: ['w', 'h', '1', '3', '1', '2', '1'], title: { 'en-US': 'Main', 'fr-FR': 'Principal' } },
  { id: 'yealink-t46g', keys: ['q'], title: { 'en-US': 'Status', 'fr-FR': 'Statut' } },
  { id: 'audiocodes-440hd', keys: ['m', '2', '2'], title: { 'en-US': 'Firmware version', 'fr-FR': 'Version du microprogramme' } },
  { id: 'lpe-cx600', keys: ['m', '2'], title: { 'en-US': 'System Information', 'fr-FR': 'Informations système' } },
] as const;

describe("each vendor's face in the terminal, walked to the firmware version", () => {
  for (const { id, keys, title } of paths) {
    for (const locale of ['en-US', 'fr-FR'] as const) {
      it(`${id} in ${locale}`, async () => {
        const { app, model, running } = await boot(id, locale);
        const screenRows = app.lastFrame()!.split('\n').filter((line) => new RegExp(`│.{${model.display.columns}}│`).test(line));
        expect(screenRows).toHaveLength(model.display.rows - 1); // title and body; the softkey labels sit under the screen
        await press(app, keys);
        expect(app.lastFrame()).toMatch(new RegExp(`│${title[locale]} *│`));
        expect(app.lastFrame()).toContain(running);
      });
    }
  }

  it('draws the line keys where the model has them, and the idle softkeys of a Yealink', async () => {
    const { app, model } = await boot('yealink-t46g', 'en-US');
    expect(app.lastFrame()).toMatch(/│ Status +Menu +Sign In +│/);
    expect(app.lastFrame()).toContain('q Status · w Menu');
    expect(app.lastFrame()!.split('▭').length - 1).toBe(10);
    expect(lineKeysBySide(faceLayoutOf(model))).toEqual({ left: 5, right: 5 });
    expect(lineKeysBySide(faceLayoutOf(profile('polycom-vvx-401')))).toEqual({ left: 8, right: 0 }); // 12 keys, 8 screen rows
    expect(lineKeysBySide(faceLayoutOf(profile('lpe-cx600')))).toEqual({ left: 0, right: 0 });
  });
});

describe('the device picker of npm start', () => {
  it('lists every model, scrolls to keep the cursor in view, and picks with Enter', async () => {
    const items = [...projectData().profiles.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((model) => ({ id: model.id, label: `${model.manufacturer} ${model.model}`, detail: model.id }));
    expect(items).toHaveLength(22);
    const picked: string[] = [];
    const app = render(<DevicePicker items={items} serverUrl="ws://127.0.0.1:1/" onPick={(id) => picked.push(id)} />);
    await tick();
    expect(app.lastFrame()).toContain('1. AudioCodes 405HD');
    expect(app.lastFrame()).toContain('↓ 10 more');
    await press(app, Array.from({ length: 21 }, () => '\u001B[B'));
    expect(app.lastFrame()).toContain('22. Yealink SIP-T58A');
    expect(app.lastFrame()).not.toContain('1. AudioCodes 405HD');
    await press(app, ['\r']);
    expect(picked).toEqual(['yealink-t58a']);
  });
});
