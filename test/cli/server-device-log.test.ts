import { afterEach, describe, expect, it } from 'vitest';
import { DeviceLog } from '../../src/cli/commands/server-device-log.js';
import type { DeviceRecord } from '../../src/server/store.js';

const phone = (n: number, change: Partial<DeviceRecord> = {}): DeviceRecord => ({
  model: 'polycom-vvx-601',
  mac: `00:04:F2:00:00:${String(n).padStart(2, '0')}`,
  serial: `0004F20000${n}`,
  firmware: '5.9.5.0614',
  connected: true,
  user: null,
  update: 'idle',
  warnings: [],
  installed: [],
  lastResult: null,
  ...change,
});

const logs: DeviceLog[] = [];
afterEach(() => {
  for (const log of logs.splice(0)) log.close();
});

function deviceLog(perSecond: number) {
  const lines: string[] = [];
  const log = new DeviceLog((line) => lines.push(line), perSecond);
  logs.push(log);
  return { log, lines };
}

describe('the server console device lines', () => {
  it('prints each change of a few phones in full, and a repeated report not at all', () => {
    const { log, lines } = deviceLog(20);
    log.add(phone(1));
    log.add(phone(1));
    log.add(phone(1, { update: 'downloading' }));
    log.add(phone(1, { connected: false }));
    log.flush();
    expect(lines).toEqual([
      'device polycom-vvx-601 00:04:F2:00:00:01 on 5.9.5.0614: idle',
      'device polycom-vvx-601 00:04:F2:00:00:01 on 5.9.5.0614: downloading',
      'device polycom-vvx-601 00:04:F2:00:00:01 on 5.9.5.0614: disconnected',
    ]);
  });

  it('sums up a fleet: past the lines a second allows, one line says how many changed to what', () => {
    const { log, lines } = deviceLog(3);
    for (let n = 1; n <= 10; n += 1) log.add(phone(n));
    for (let n = 1; n <= 4; n += 1) log.add(phone(n, { update: 'downloading' }));
    log.flush();
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toBe('... and 11 more device change(s): 7 idle, 4 downloading; 10 phone(s) connected (phone-emu devices lists them)');
    log.flush();
    expect(lines).toHaveLength(4);
  });
});
