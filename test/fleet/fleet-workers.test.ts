import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { latestTargets, runFleet, type FleetOptions, type FleetSummary } from '../../src/fleet/fleet.js';
import { mergeSummaries } from '../../src/fleet/fleet-merge.js';
import { shardRange } from '../../src/fleet/fleet-slices.js';
import { runFleetWorkers } from '../../src/fleet/fleet-workers.js';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { projectData } from '../helpers/data.js';

let server: UpdateServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const dir = mkdtempSync(join(tmpdir(), 'phone-emu-fleet-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mix = [
  { profileId: 'polycom-vvx-601', percent: 60 },
  { profileId: 'yealink-t48g', percent: 40 },
];
const starting: Record<string, string> = { 'polycom-vvx-601': '5.8.0.13337', 'yealink-t48g': '35.8.0.10' };

function rollout(serverUrl: string, count: number, options: Partial<FleetOptions> = {}): FleetOptions {
  return {
    data: projectData(),
    serverUrl,
    count,
    mix,
    targets: latestTargets(projectData(), mix),
    startingFirmware: (profile) => starting[profile.id]!,
    teardown: true,
    ...options,
  };
}

const counts = ({ phones, connected, converged, failed, firmware, failures }: FleetSummary) => ({ phones, connected, converged, failed, firmware, failures });

describe('a fleet cut into slices', { timeout: 120_000 }, () => {
  it('shards 1/2 and 2/2 run against one server and merge into the whole fleet: the same counts, the same MACs', async () => {
    server = await startUpdateServer({ data: projectData() });
    const whole = await runFleet(rollout(server.url, 9));
    const wholeMacs = server.devices().map((device) => device.mac).sort();
    await server.close();
    server = await startUpdateServer({ data: projectData() });
    const shards = await Promise.all([1, 2].map((index) => runFleet(rollout(server!.url, 9, { range: shardRange(9, { index, of: 2 }) }))));
    expect(shards.map((shard) => shard.phones)).toEqual([4, 5]);
    expect(whole).toMatchObject({ phones: 9, converged: 9, failed: 0 });
    expect(counts(mergeSummaries(projectData(), shards))).toEqual(counts(whole));
    expect(server.devices().map((device) => device.mac).sort()).toEqual(wholeMacs);
  });

  it.each([
    ['exits', "console.error('worker ran out of memory (a stand-in)'); process.exit(3);", /it exited with code 3: worker ran out of memory \(a stand-in\)$/],
    ['is killed', "process.kill(process.pid, 'SIGKILL');", /it was killed \(SIGKILL\)$/],
  ])('reports a worker that %s before its summary, with its phones counted failed, and does not wait for it', async (_how, dies, why) => {
    server = await startUpdateServer({ data: projectData() });
    const child = join(dir, `dying-${dies.length}.mjs`);
    writeFileSync(child, `process.on('message', () => { ${dies} });\n`);
    const summary = await runFleetWorkers({ ...rollout(server.url, 6), workers: 2, childModule: child });
    // This process ran phones 1-3 to the end; the worker had phones 4-6.
    expect(summary).toMatchObject({ phones: 6, converged: 3, failed: 3 });
    const [reason, phones] = Object.entries(summary.failures)[0]!;
    expect(phones).toBe(3);
    expect(reason).toMatch(/^fleet worker 2 \(phones 4-6\) ended before its summary: /);
    expect(reason).toMatch(why);
  });
});
