import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tenantSchema } from '../../src/core/tenant.js';
import { startPhoneSession, type PhoneSession } from '../../src/phone/phone-session.js';
import { ringPhone } from '../../src/server/admin-client.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { textActionsFor } from '../../src/tui/keymap.js';
import { PhoneApp } from '../../src/tui/PhoneApp.js';
import { projectData, profile } from '../helpers/data.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
const enter = '\r';
const tab = '\t';

describe('text entry in the terminal', () => {
  it('types letters into the field, keeps Enter, Backspace and Tab as keys', () => {
    expect(textActionsFor('amosm@contoso.com', {})).toEqual([{ kind: 'text', text: 'amosm@contoso.com' }]);
    expect(textActionsFor('q', {})).toEqual([{ kind: 'text', text: 'q' }]);
    expect(textActionsFor('', { return: true })).toEqual([{ kind: 'key', key: 'Select' }]);
    expect(textActionsFor('', { backspace: true })).toEqual([{ kind: 'key', key: 'Back' }]);
    expect(textActionsFor('', { tab: true })).toEqual([{ kind: 'typing' }]);
  });
});

describe('signing in, locking and pairing from the terminal', () => {
  let server: UpdateServer | undefined;
  let session: PhoneSession | undefined;
  afterEach(async () => {
    session?.close();
    await server?.close();
  });

  async function boot(ring?: (from: string) => Promise<void>) {
    server = await startUpdateServer({
      data: projectData(),
      tenant: tenantSchema.parse({ users: [{ upn: 'amosm@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem', 'CallingPlan'] }] }),
    });
    session = startPhoneSession({ profile: profile('polycom-vvx-601'), firmware: '5.9.5.0614', serverUrl: server.url });
    const app = render(<PhoneApp session={session} epochMs={Date.UTC(2026, 10, 22, 9, 0, 0)} realTime={false} ring={ring} />);
    await tick();
    app.stdin.write('['); // boot and connect
    // The first boot of a loaded machine may take over a second of wall time to hear the welcome.
    await vi.waitFor(() => expect(app.lastFrame()).toContain('● Online'), { timeout: 10_000 });
    return app;
  }

  const write = async (stdin: { write(data: string): void }, ...chunks: string[]) => {
    for (const chunk of chunks) {
      stdin.write(chunk);
      await tick();
    }
  };

  it('types the user name and password with letters that are shortcuts elsewhere, then creates the PIN and locks', async () => {
    const { lastFrame, stdin } = await boot();
    await write(stdin, 'q', '1'); // Sign In, then 1. User ID
    await vi.waitFor(() => expect(lastFrame()).toContain('typing into the field'));
    await write(stdin, 'amosm@contoso.com', enter, 'Pa55w.rd', enter);
    await vi.waitFor(() => expect(lastFrame()).toContain('Create a PIN of 6 to 15 digits'));
    expect(lastFrame()).toContain('amosm@contoso.com');
    expect(lastFrame()).not.toContain('Pa55w.rd');
    await write(stdin, '123456', enter, '123456', enter);
    await vi.waitFor(() => expect(lastFrame()).toContain('Signed in: amosm@contoso.com'));
    await write(stdin, 'l'); // the Lock key
    await vi.waitFor(() => expect(lastFrame()).toContain('Phone Locked'));
    expect(lastFrame()).toMatch(/locked/);
  });

  it('hands letters back to the shortcuts on Tab', async () => {
    const { lastFrame, stdin } = await boot();
    await write(stdin, 'q', '1');
    await vi.waitFor(() => expect(lastFrame()).toContain('typing into the field'));
    await write(stdin, tab);
    await vi.waitFor(() => expect(lastFrame()).toContain('Home ·'));
    await write(stdin, 'w'); // the second softkey: Cancel
    await vi.waitFor(() => expect(lastFrame()).toContain('Not signed in'));
  });

  it('pairs the PC from its panel', async () => {
    const { lastFrame, stdin } = await boot();
    await write(stdin, 'p');
    expect(lastFrame()).toContain('PC (BToE) on 00:04:F2:00:00:01');
    await write(stdin, '2'); // pair as a Mac
    await vi.waitFor(() => expect(lastFrame()).toContain('refused (mac)'));
    await write(stdin, '1'); // pair as Windows
    await vi.waitFor(() => expect(lastFrame()).toContain('PC paired'));
  });

  it('rings the phone through its server\'s admin API on i, and shows a refusal in the event pane', async () => {
    const { lastFrame, stdin } = await boot((from) => ringPhone({ server: server!.httpUrl }, session!.actor.getSnapshot().context.identity.mac, from));
    await write(stdin, 'i');
    await vi.waitFor(() => expect(lastFrame()).toMatch(/← call\.incoming/));
    session!.close();
    await vi.waitFor(() => expect(server!.devices()[0]?.connected).toBe(false));
    await write(stdin, 'i');
    await vi.waitFor(() => expect(lastFrame()).toMatch(/! ring: the phone 00:04:F2:00:00:01 is n/));
  });
});
