import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRig, type Rig } from '../helpers/rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("a phone's status frames during a rollout", () => {
  it('reports each tenth of the download once, one frame per change, and the welcome and its check as one status', async () => {
    rig = await startRig({ firmware: '5.8.0.13337' });
    const statuses: { update: string; progress?: number }[] = [];
    rig.server.events.on('frame', (direction, _connection, frame) => {
      if (direction === 'in' && frame.includes('"type":"status"')) statuses.push(JSON.parse(frame) as { update: string; progress?: number });
    });
    for (let minutes = 0; minutes < 180 && rig.context().firmware !== '5.9.5.0614'; minutes += 1) await rig.advance(60_000);
    await rig.advance(60_000);
    expect(rig.context().firmware).toBe('5.9.5.0614');
    const progress = statuses.filter((status) => status.update === 'downloading').map((status) => status.progress);
    expect(progress).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    // Each connection's first status is its check: the idle of the moment between welcome and check is not sent.
    // The last status (idle, once the server says there is nothing newer) arrives after its reply.
    await vi.waitFor(() => expect(statuses.map((status) => status.update).filter((update) => update !== 'downloading')).toEqual(['checking', 'offered', 'checking', 'idle']));
    expect(rig.record()).toMatchObject({ firmware: '5.9.5.0614', update: 'idle' });
  });
});
