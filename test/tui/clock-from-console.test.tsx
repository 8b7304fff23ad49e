import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClockControl } from '../../src/core/clock-control.js';
import { startPhoneSession, type PhoneSession } from '../../src/phone/phone-session.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { PhoneApp } from '../../src/tui/PhoneApp.js';
import { admin } from '../helpers/admin.js';
import { projectData, profile } from '../helpers/data.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * `phone-emu start`'s TUI and its embedded server share one clock owner (core/clock-control.ts):
 * a jump asked for through the admin API (the web console's buttons) moves the TUI's clock bar
 * and says where it came from, and the TUI's own keys still jump the same clock.
 */
describe('the clock bar and the admin API', () => {
  let server: UpdateServer | undefined;
  let session: PhoneSession | undefined;
  afterEach(async () => {
    session?.close();
    await server?.close();
  });

  it('shows a jump made through POST /admin/clock/advance, and the next key jump adds to it', async () => {
    const clock = new ClockControl(Date.UTC(2026, 10, 22, 9, 0, 0));
    server = await startUpdateServer({ data: projectData(), clockControl: clock });
    session = startPhoneSession({ profile: profile('polycom-vvx-601'), firmware: '5.9.5.0614', serverUrl: server.url });
    clock.attach(session.clock, session.jump);
    const { lastFrame, stdin } = render(<PhoneApp session={session} epochMs={clock.epochMs} clock={clock} realTime={false} />);
    await tick();
    expect(lastFrame()).toContain('2026-11-22 09:00:00 UTC');

    const jumped = await admin(server, 'POST', 'clock/advance', { ms: 60 * 60_000 });
    expect(jumped.status).toBe(200);
    await vi.waitFor(() => expect(lastFrame()).toContain('2026-11-22 10:00:00 UTC'), { timeout: 15_000 });
    expect(lastFrame()).toContain('(console jumped +1 h)');

    stdin.write(']');
    await vi.waitFor(() => expect(lastFrame()).toContain('2026-11-22 10:15:00 UTC'), { timeout: 15_000 });
    expect(lastFrame()).toContain('(jumped +15 min)');
    expect((await admin(server, 'GET', 'clock')).body.nowMs).toBe(Date.UTC(2026, 10, 22, 10, 15, 0));
  });
});
