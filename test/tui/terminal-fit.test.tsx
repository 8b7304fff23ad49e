import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { locales } from '../../src/core/messages/index.js';
import type { Screen } from '../../src/core/screen.js';
import { softkeyLabelLines, softkeyLabelWidth } from '../../src/core/softkey-labels.js';
import { startPhoneSession, type PhoneSession } from '../../src/phone/phone-session.js';
import { validateProfile } from '../../src/profiles/cross-checks.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { HelpOverlay } from '../../src/tui/HelpOverlay.js';
import { PhoneApp } from '../../src/tui/PhoneApp.js';
import { faceLayoutOf, faceSize, PhoneFace } from '../../src/tui/PhoneFace.js';
import { screenLayout } from '../../src/tui/screen-layout.js';
import { projectData, profile } from '../helpers/data.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
/** The machine is shared and loaded: wait on what the user would see, generously. */
const patience = { timeout: 15_000, interval: 20 };
/** Columns as a terminal counts them (one per character here: the face draws no wide ones). */
const widthOf = (line: string) => [...line].length;
const lines = (frame: string | undefined) => (frame ?? '').split('\n');

const screen = (softkeys: Screen['softkeys'], status: Partial<Screen['status']['identityLabels']> = {}, warnings = ''): Screen => ({
  title: 'Software Update',
  lines: ['Update 5.9.5.0614?'],
  highlighted: null,
  softkeys,
  progress: null,
  status: {
    phase: 'running',
    online: true,
    firmware: '5.8.0.13337',
    warnings: [],
    labels: { connection: 'Online', firmware: 'Firmware 5.8.0.13337', warnings },
    user: null,
    locked: false,
    paired: false,
    identityLabels: { user: 'Signed out', lock: '', pc: '', ...status },
  },
});

describe('the face in an 80x24 terminal', () => {
  it('fits every model, with the face drawn exactly the size it claims', () => {
    for (const model of projectData().profiles.values()) {
      const layout = faceLayoutOf(model);
      const size = faceSize(layout);
      expect(screenLayout({ columns: 80, rows: 24 }, size).kind, model.id).toBe('phone');
      const frame = render(<PhoneFace screen={screen([{ id: 'update', label: 'Mettre à jour' }])} layout={layout} />).lastFrame();
      expect(lines(frame), model.id).toHaveLength(size.height);
      expect(Math.max(...lines(frame).map(widthOf)), model.id).toBe(size.width);
    }
  });

  it('keeps its width whatever the status bar says, so nothing beside it jumps', () => {
    const layout = faceLayoutOf(profile('polycom-vvx-601'));
    const quiet = render(<PhoneFace screen={screen([])} layout={layout} />).lastFrame();
    const busy = render(
      <PhoneFace
        screen={screen([], { user: 'Signed in: amosm@contoso.com', lock: 'Phone Locked', pc: 'PC paired (Windows)' }, '3 warning(s)')}
        layout={layout}
      />,
    ).lastFrame();
    expect(lines(busy).map(widthOf)).toEqual(lines(quiet).map(widthOf));
  });

  it('never cuts a softkey label: a long one wraps onto a second line above its key', () => {
    const vvx601 = render(
      <PhoneFace screen={screen([{ id: 'update', label: 'Mettre à jour' }, { id: 'postpone', label: 'Reporter' }])} layout={faceLayoutOf(profile('polycom-vvx-601'))} />,
    ).lastFrame()!;
    const labelRow = lines(vvx601).findIndex((line) => line.includes('Mettre à'));
    expect(lines(vvx601)[labelRow]).toMatch(/│ Mettre à +Reporter/);
    expect(lines(vvx601)[labelRow + 1]).toMatch(/│ jour +│/);
    const vvx401 = render(
      <PhoneFace screen={screen([{ id: 'update', label: 'Update' }, { id: 'postpone', label: 'Postpone' }])} layout={faceLayoutOf(profile('polycom-vvx-401'))} />,
    ).lastFrame()!;
    expect(vvx401).toMatch(/Update +Postpone/);
  });

  it('fits every softkey label of every locale in its model\'s lines, and refuses a profile whose labels would not fit', () => {
    for (const model of projectData().profiles.values()) {
      for (const locale of locales) expect(validateProfile(model, projectData().families), `${model.id} ${locale}`).toEqual([]);
    }
    const narrow = { ...profile('polycom-vvx-201'), softkeyLabelLines: 1 };
    expect(validateProfile(narrow, projectData().families)).toContainEqual({
      field: 'softkeyLabelLines',
      problem: expect.stringMatching(/the fr-FR label "Déverrouiller" needs more than 1 line\(s\) of 11 characters/),
    });
    expect(softkeyLabelLines('Déverrouiller', softkeyLabelWidth({ columns: 22 }, 4), 2)).toEqual(['Déverrouil-', 'ler']);
  });

  it('wraps the key help inside its box', () => {
    const frame = render(<HelpOverlay width={40} />).lastFrame()!;
    expect(Math.max(...lines(frame).map(widthOf))).toBe(40);
    expect(lines(frame).every((line) => /^[║╔╚]/.test(line) && /[║╗╝]$/.test(line))).toBe(true);
  });
});

describe('the phone app in a terminal of a given size', () => {
  let server: UpdateServer | undefined;
  let session: PhoneSession | undefined;
  afterEach(async () => {
    session?.close();
    await server?.close();
  });

  async function app(device: string, firmware: string, columns: number, rows: number) {
    server = await startUpdateServer({ data: projectData() });
    session = startPhoneSession({ profile: profile(device), firmware, serverUrl: server.url });
    const rendered = render(<PhoneApp session={session} epochMs={Date.UTC(2026, 10, 22, 9, 0, 0)} realTime={false} />);
    Object.defineProperty(rendered.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(rendered.stdout, 'rows', { value: rows, configurable: true });
    rendered.stdout.emit('resize');
    await tick();
    rendered.stdin.write('['); // boot and connect
    await vi.waitFor(() => expect(rendered.lastFrame()).toContain('● Online'), patience);
    return rendered;
  }

  const fitsIn = (frame: string | undefined, columns: number, rows: number) => {
    expect(lines(frame).length).toBeLessThanOrEqual(rows);
    expect(Math.max(...lines(frame).map(widthOf))).toBeLessThanOrEqual(columns);
  };

  it('hides the event pane of a wide model at 80x24, and v brings it back in place of the face', async () => {
    const { lastFrame, stdin } = await app('yealink-t58a', '58.9.0.40', 80, 24);
    fitsIn(lastFrame(), 80, 24);
    expect(lastFrame()).not.toContain('Events');
    expect(lastFrame()).toContain('q Status · w Menu');
    stdin.write('v');
    await vi.waitFor(() => expect(lastFrame()).toContain('Events'), patience);
    expect(lastFrame()).toContain('v back to the phone');
    fitsIn(lastFrame(), 80, 24);
    stdin.write('v');
    await vi.waitFor(() => expect(lastFrame()).toContain('Yealink SIP-T58A  ● Online'), patience);
  });

  it('narrows the event pane beside a small model, and keeps the key hints apart from the keypad', async () => {
    const { lastFrame } = await app('polycom-vvx-201', '5.9.5.0614', 80, 24);
    fitsIn(lastFrame(), 80, 24);
    expect(lastFrame()).toContain('Events');
    expect(lastFrame()).toMatch(/1 2 3 +h Home/);
    expect(lastFrame()).not.toMatch(/\dh Home/);
  });

  it('says how big a terminal the face needs instead of drawing it broken', async () => {
    server = await startUpdateServer({ data: projectData() });
    session = startPhoneSession({ profile: profile('yealink-t58a'), firmware: '58.9.0.40', serverUrl: server.url });
    const { lastFrame, stdout } = render(<PhoneApp session={session} epochMs={0} realTime={false} />);
    Object.defineProperty(stdout, 'columns', { value: 70, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: 20, configurable: true });
    stdout.emit('resize');
    await vi.waitFor(() => expect(lastFrame()).toMatch(/^terminal too small: needs 72x24 \(now 70x20\)/), patience);
    expect(lines(lastFrame())).toHaveLength(1);
  });
});
