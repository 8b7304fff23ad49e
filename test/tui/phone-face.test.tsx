import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Screen } from '../../src/core/screen.js';
import { startPhoneSession, type PhoneSession } from '../../src/phone/phone-session.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { actionsFor } from '../../src/tui/keymap.js';
import { PhoneApp } from '../../src/tui/PhoneApp.js';
import { PhoneFace, type FaceLayout } from '../../src/tui/PhoneFace.js';
import { projectData, profile } from '../helpers/data.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
const down = '\u001B[B';
const enter = '\r';

const layout: FaceLayout = { name: 'Polycom VVX 601', columns: 40, rows: 9, lineKeys: 16, lineKeySides: 'both', softkeys: 4, touch: true };
const offerScreen: Screen = {
  title: 'Software Update',
  lines: ['Software version 5.9.5.0614 is', 'available.', 'Update now?'],
  highlighted: null,
  softkeys: [
    { id: 'update', label: 'Update' },
    { id: 'postpone', label: 'Postpone' },
  ],
  progress: null,
  status: {
    phase: 'running',
    online: true,
    firmware: '5.8.0.13337',
    warnings: [],
    labels: { connection: 'Online', firmware: 'Firmware 5.8.0.13337', warnings: '' },
    user: null,
    locked: false,
    paired: false,
    identityLabels: { user: 'Signed out', lock: '', pc: '' },
  },
};

describe('the phone face', () => {
  it('counts the warnings the emulator raised in its status bar', () => {
    const status = { ...offerScreen.status, warnings: ['Update loop: ...'], labels: { ...offerScreen.status.labels, warnings: '1 warning(s)' } };
    const { lastFrame } = render(<PhoneFace screen={{ ...offerScreen, status }} layout={layout} />);
    expect(lastFrame()).toContain('Firmware 5.8.0.13337  ⚠ 1 warning(s)');
  });

  it('draws the screen, softkeys with their keyboard keys, and the status bar', () => {
    const { lastFrame } = render(<PhoneFace screen={offerScreen} layout={layout} />);
    const frame = lastFrame()!;
    expect(frame).toContain('Polycom VVX 601  ● Online  Signed out');
    expect(frame).toContain('│ Firmware 5.8.0.13337');
    expect(frame).toContain('Software version 5.9.5.0614 is');
    expect(frame).toMatch(/Update +Postpone/);
    expect(frame).toMatch(/\[q\] +\[w\] +\[e\] +\[r\]/);
    expect(frame).not.toContain('warning');
  });

  it('keeps the screen the size of the profile, whatever the content', () => {
    const { lastFrame } = render(<PhoneFace screen={{ ...offerScreen, lines: ['one'] }} layout={layout} />);
    const screenRows = lastFrame()!.split('\n').filter((line) => line.includes('│') && /│.{40}│/.test(line));
    expect(screenRows).toHaveLength(layout.rows - 1); // title and body; the softkey labels sit under the screen
  });
});

describe('the terminal key map', () => {
  it('splits keys typed in one burst into separate presses', () => {
    expect(actionsFor('121', {})).toEqual(['1', '2', '1'].map((key) => ({ kind: 'key', key })));
    expect(actionsFor('', { downArrow: true })).toEqual([{ kind: 'key', key: 'Down' }]);
    expect(actionsFor('w', {})).toEqual([{ kind: 'softkey', index: 1 }]);
    expect(actionsFor(']', {})).toMatchObject([{ kind: 'jump', ms: 15 * 60_000 }]);
  });
});

describe('the interactive phone against a real server', () => {
  let server: UpdateServer | undefined;
  let session: PhoneSession | undefined;
  afterEach(async () => {
    session?.close();
    await server?.close();
  });

  async function boot(firmware: string) {
    server = await startUpdateServer({ data: projectData() });
    session = startPhoneSession({ profile: profile('polycom-vvx-601'), firmware, serverUrl: server.url });
    const app = render(<PhoneApp session={session} epochMs={Date.UTC(2026, 10, 22, 9, 0, 0)} realTime={false} />);
    await tick();
    return app;
  }

  it('shows the emulated time and moves it with the jump keys', async () => {
    const { lastFrame, stdin } = await boot('5.9.5.0614');
    expect(lastFrame()).toContain('2026-11-22 09:00:00 UTC');
    stdin.write('{');
    await vi.waitFor(() => expect(lastFrame()).toContain('2026-11-22 10:00:00 UTC'), { timeout: 15_000 }); // the machine is shared
  });

  it('walks Home > Settings > Status > Platform > Application > Main to the running version', async () => {
    const { lastFrame, stdin } = await boot('5.9.5.0614');
    stdin.write(']'); // past boot and the first check
    await vi.waitFor(() => expect(lastFrame()).toContain('● Online'));
    for (const key of ['h', enter, down, down, enter, '1', '2', '1']) {
      stdin.write(key);
      await tick();
    }
    expect(lastFrame()).toMatch(/│Main +│/);
    expect(lastFrame()).toContain('Version: 5.9.5.0614');
  });

  it('offers the update, and shows download progress after the Update softkey', async () => {
    const { lastFrame, stdin } = await boot('5.8.0.13337');
    stdin.write('['); // one minute: boot, connect, offer
    await vi.waitFor(() => expect(lastFrame()).toContain('Software version 5.9.5.0614 is'));
    stdin.write('q'); // the first softkey: Update
    await tick();
    expect(lastFrame()).toMatch(/Downloading 5\.9\.5\.0614/);
    expect(lastFrame()).toMatch(/\[-+\] 0%/);
  });
});
