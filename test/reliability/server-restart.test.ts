import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderScreen, screenText } from '../../src/core/screen.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';
import { latestTargets, runFleet } from '../../src/fleet/fleet.js';
import { createPhone } from '../../src/phone/create-phone.js';
import { linkPhone } from '../../src/phone/phone-link.js';
import { killHard, startServerProcess } from '../helpers/cli.js';
import { projectData, profile } from '../helpers/data.js';
import { reportFigure } from '../helpers/report.js';

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

async function serverProcess(port = '0') {
  const server = await startServerProcess('--port', port);
  children.push(server.child);
  return { ...server, port: new URL(server.url).port };
}

const kill = killHard;

/**
 * `npm run reliability` rolls out 1,000 phones for the figure; `npm test` 200, enough to catch a
 * regression. Neither races a wall clock: the fleet waits on the server's answers, and the
 * bound below is for a hung run only, however loaded the machine is.
 */
const fleetSize = process.env['PHONE_EMU_RELIABILITY_REPORT'] ? 1_000 : 200;
const hungAfterMs = 10 * 60_000;

describe('phones when the server process dies and comes back', () => {
  it('reconnects with backoff after a kill, and finishes the update on the new build', async () => {
    const first = await serverProcess();
    const clock = new VirtualClock();
    const actor = createPhone({ profile: profile('polycom-vvx-601'), firmware: '5.8.0.13337', clock });
    const link = linkPhone(actor, { url: first.url, clock });
    const advance = (ms: number) => clock.advance(ms, () => link.whenSettled());
    const connected = () => actor.getSnapshot().matches({ running: { connection: 'online' } });
    actor.start();
    await advance(10_000);
    expect(screenText(renderScreen(actor.getSnapshot()))).toMatch(/Software version 5\.9\.5\.0614/);

    await kill(first.child); // mid-offer: the phone is waiting for its user
    await vi.waitFor(() => expect(connected()).toBe(false));
    await advance(10 * 60_000); // retries against a dead port, backing off
    const second = await serverProcess(first.port);
    await advance(2 * 60_000); // the next retry finds the new process
    expect(connected()).toBe(true);

    await advance(2 * 60 * 60_000); // idle: the offer installs by itself
    expect(actor.getSnapshot().context.firmware).toBe('5.9.5.0614');
    expect(connected()).toBe(true);
    link.close();
    actor.stop();
    await kill(second.child);
  }, hungAfterMs);

  it(`ends a rollout of ${fleetSize.toLocaleString('en-US')} phones on the new build after a server kill and restart`, async () => {
    const first = await serverProcess();
    const mix = [{ profileId: 'polycom-vvx-601', percent: 100 }];
    let restarted: Promise<unknown> | undefined;
    const summary = await runFleet({
      data: projectData(),
      serverUrl: first.url,
      count: fleetSize,
      mix,
      targets: latestTargets(projectData(), mix),
      startingFirmware: () => '5.8.0.13337',
      onProgress: (progress) => {
        // Half an hour into the offers' idle wait: kill the server, bring it back on its port.
        if (!restarted && progress.virtualMs > 30 * 60_000) restarted = kill(first.child).then(() => serverProcess(first.port));
      },
    });
    await restarted;
    expect(restarted).toBeDefined();
    expect(summary).toMatchObject({ phones: fleetSize, converged: fleetSize, failed: 0, firmware: { '5.9.5.0614': fleetSize } });
    reportFigure(`fleet of ${summary.phones} through a server SIGKILL and restart: ${summary.converged} converged, ${summary.failed} failed`);
  }, hungAfterMs);
});
