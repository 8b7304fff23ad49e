import fc from 'fast-check';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tenantSchema } from '../../src/core/tenant.js';
import { startPhoneSession, type PhoneSession } from '../../src/phone/phone-session.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { DevicePicker } from '../../src/tui/DevicePicker.js';
import { splitKeys } from '../../src/tui/key-chunks.js';
import { actionsFor, textActionsFor } from '../../src/tui/keymap.js';
import { PhoneApp } from '../../src/tui/PhoneApp.js';
import { projectData, profile } from '../helpers/data.js';
import { lockPhase } from '../helpers/lock-phase.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
/** The machine is shared and loaded: wait on what the user would see, generously. */
const patience = { timeout: 15_000, interval: 20 };
const enter = '\r';
const backspace = '\x7f';

describe('a chunk of keys (a paste, fast typing) is split into its keys', () => {
  it('keeps Enter, Backspace and Tab inside a chunk as keys, in order', () => {
    expect(actionsFor(`123456${enter}`, {})).toEqual([...'123456'.split('').map((key) => ({ kind: 'key', key })), { kind: 'key', key: 'Select' }]);
    expect(actionsFor(`${backspace}${backspace}\b`, {})).toEqual(Array.from({ length: 3 }, () => ({ kind: 'key', key: 'Back' })));
    expect(textActionsFor(`amosm@contoso.com${enter}Pa55w.rd${enter}`, {})).toEqual([
      { kind: 'text', text: 'amosm@contoso.com' },
      { kind: 'key', key: 'Select' },
      { kind: 'text', text: 'Pa55w.rd' },
      { kind: 'key', key: 'Select' },
    ]);
    expect(textActionsFor(`ab\tq`, {})).toEqual([{ kind: 'text', text: 'ab' }, { kind: 'typing' }, { kind: 'text', text: 'q' }]);
  });

  it('gives one key per character of any chunk, each as Ink reports a lone key', () => {
    const keyChar = fc.constantFrom(...'0123456789*#abcqwer@.', '\r', '\n', '\t', '\b', '\x7f', '\x03');
    fc.assert(
      fc.property(fc.array(keyChar, { minLength: 2, maxLength: 40 }), (characters) => {
        const keys = splitKeys(characters.join(''), {});
        expect(keys).toHaveLength(characters.length);
        keys.forEach((single, index) => {
          const character = characters[index]!;
          if (character >= ' ' && character !== '\x7f') expect(single).toEqual({ input: character, key: {} });
          else expect(single.input.length <= 1 && Object.values(single.key).some(Boolean)).toBe(true);
        });
      }),
    );
  });
});

describe('pasted keys on the phone', () => {
  let server: UpdateServer | undefined;
  let session: PhoneSession | undefined;
  afterEach(async () => {
    session?.close();
    await server?.close();
  });

  async function boot(device = 'polycom-vvx-601', firmware = '5.9.5.0614') {
    server = await startUpdateServer({
      data: projectData(),
      tenant: tenantSchema.parse({ users: [{ upn: 'amosm@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem', 'CallingPlan'] }] }),
    });
    session = startPhoneSession({ profile: profile(device), firmware, serverUrl: server.url });
    const app = render(<PhoneApp session={session} epochMs={Date.UTC(2026, 10, 22, 9, 0, 0)} realTime={false} />);
    await tick();
    app.stdin.write('['); // boot and connect
    await vi.waitFor(() => expect(app.lastFrame()).toContain('● Online'), patience);
    return app;
  }

  const paste = async (stdin: { write(data: string): void }, chunk: string) => {
    stdin.write(chunk);
    await tick();
  };

  it('signs in from one pasted chunk: user name, Enter, password, Enter, then the PIN twice with its Enters', async () => {
    const { lastFrame, stdin } = await boot();
    await paste(stdin, 'q1'); // Sign In, then 1. User ID
    await vi.waitFor(() => expect(lastFrame()).toContain('typing into the field'), patience);
    await paste(stdin, `amosm@contoso.com${enter}Pa55w.rd${enter}`);
    await vi.waitFor(() => expect(lastFrame()).toContain('Create a PIN of 6 to 15 digits'), patience);
    expect(session!.actor.getSnapshot().context.account.user?.upn).toBe('amosm@contoso.com');
    await paste(stdin, `123456${enter}123456${enter}`);
    await vi.waitFor(() => expect(lastFrame()).toContain('Signed in: amosm@contoso.com'), patience);
  });

  it('erases N characters with N pasted Backspaces, so a PIN typed over a mistake unlocks at the first try', async () => {
    const { lastFrame, stdin } = await boot();
    await paste(stdin, 'q1');
    await vi.waitFor(() => expect(lastFrame()).toContain('typing into the field'), patience);
    await paste(stdin, `amosm@contoso.com${enter}Pa55w.rd${enter}`);
    // The server checks the password off its event loop: the PIN screen comes when it has answered.
    await vi.waitFor(() => expect(lastFrame()).toContain('Create a PIN of 6 to 15 digits'), patience);
    await paste(stdin, `123456${enter}123456${enter}`);
    await vi.waitFor(() => expect(lastFrame()).toContain('Signed in: amosm@contoso.com'), patience);
    await paste(stdin, 'l');
    await vi.waitFor(() => expect(lastFrame()).toContain('Phone Locked'), patience);
    await paste(stdin, `999999999999${backspace.repeat(12)}123456${enter}`);
    await vi.waitFor(() => expect(lockPhase(session!.actor.getSnapshot())).not.toBe('locked'), patience);
    expect(lastFrame()).not.toMatch(/wrong|incorrect/i);
  });

  it('walks a menu from one chunk of arrows and Enter', async () => {
    const { lastFrame, stdin } = await boot();
    await paste(stdin, 'h');
    await vi.waitFor(() => expect(session!.actor.getSnapshot().context.menu.path).toEqual([]), patience);
    await paste(stdin, `${enter}\u001B[B\u001B[B${enter}`);
    // Enter, two Downs and Enter open Settings, then its third entry, as four separate keys would.
    await vi.waitFor(() => expect(session!.actor.getSnapshot().context.menu.path).toEqual(['settings', 'status']), patience);
    expect(lastFrame()).toContain('Platform');
  });

  it('types a pasted user name and password into the PC panel\'s prompts', async () => {
    const { lastFrame, stdin } = await boot();
    await paste(stdin, 'p1');
    await vi.waitFor(() => expect(lastFrame()).toContain('PC paired'), patience);
    await paste(stdin, `s amosm@contoso.com${enter}Pa55w.rd${enter}`.replace(' ', ''));
    await vi.waitFor(() => expect(lastFrame()).toContain('sign-in'), patience);
    expect(lastFrame()).not.toMatch(/sign-in (refused|failed)/);
    await vi.waitFor(() => expect(session!.actor.getSnapshot().context.account.user?.upn).toBe('amosm@contoso.com'), patience);
  });

  it('signs an LPE phone in from the PC panel over USB tethering, as it has no BToE', async () => {
    const { lastFrame, stdin } = await boot('lpe-cx600', '4.0.7577.4512');
    await paste(stdin, 'p');
    expect(lastFrame()).toContain('PC (USB tethering) on');
    await paste(stdin, `samosm@contoso.com${enter}Pa55w.rd${enter}`);
    await vi.waitFor(() => expect(session!.actor.getSnapshot().context.account.user?.upn).toBe('amosm@contoso.com'), patience);
    await paste(stdin, 'u'); // recabled for BToE, which an LPE phone refuses
    expect(lastFrame()).toContain('PC (BToE) on');
  });
});

describe('pasted keys in the device picker', () => {
  it('moves with each arrow of a chunk before Enter picks', async () => {
    const picked: string[] = [];
    const items = ['a', 'b', 'c'].map((id) => ({ id, label: id, detail: '' }));
    const { stdin } = render(<DevicePicker items={items} serverUrl="ws://x" onPick={(id) => picked.push(id)} />);
    await tick();
    stdin.write(`\u001B[B\u001B[B${enter}`);
    await tick();
    expect(picked).toEqual(['c']);
  });
});
