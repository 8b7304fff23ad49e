import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDurationOption, parseMac, parseServerUrl } from '../../src/cli/options.js';
import { phoneToRun } from '../../src/cli/phone-state-file.js';
import { runningRegionState } from '../../src/core/running-region.js';
import { firmwareCounts } from '../../src/fleet/fleet.js';
import { startPhoneSession } from '../../src/phone/phone-session.js';
import { formatDuration } from '../../src/scenario/duration.js';
import { startUpdateServer } from '../../src/server/update-server.js';
import { projectData } from '../helpers/data.js';

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two phones are two phones', { timeout: 60_000 }, () => {
  it('gives each phone run by hand its own MAC under the vendor prefix, and its digits as serial', () => {
    const data = projectData();
    const macs = new Set<string>();
    for (let n = 0; n < 20; n += 1) {
      const { identity } = phoneToRun(data, { device: 'polycom-vvx-601' });
      expect(identity.mac).toMatch(/^00:04:F2(:[0-9A-F]{2}){3}$/);
      expect(identity.serial).toBe(identity.mac.replaceAll(':', ''));
      // Clear of the fleet's range (…:00:00:01 upwards) and of each other.
      expect(identity.mac).not.toBe('00:04:F2:00:00:01');
      macs.add(identity.mac);
    }
    expect(macs.size).toBe(20);
    expect(phoneToRun(data, { device: 'yealink-t48g' }).identity.mac.startsWith(data.profiles.get('yealink-t48g')!.macPrefix)).toBe(true);
    expect(phoneToRun(data, { device: 'polycom-vvx-601', mac: '00:04:F2:AB:CD:EF', serial: 'VVX-1' }).identity).toEqual({ mac: '00:04:F2:AB:CD:EF', serial: 'VVX-1' });
  });

  it('keeps its MAC and serial in --state, so a restart is the same phone; another --mac is refused', async () => {
    const data = projectData();
    const server = await startUpdateServer({ data });
    const file = join(dir, 'vvx.json');
    const first = phoneToRun(data, { device: 'polycom-vvx-601', state: file });
    const session = startPhoneSession({ ...first, serverUrl: server.url });
    expect(session.actor.getSnapshot().context.identity).toEqual(first.identity);
    await session.jump(60_000);
    expect(server.store.devices().map((device) => device.mac)).toContain(first.identity.mac);
    session.close();
    await server.close();

    const again = phoneToRun(data, { state: file });
    expect(again.identity).toEqual(first.identity);
    expect(phoneToRun(data, { state: file, mac: first.identity.mac }).identity).toEqual(first.identity);
    expect(() => phoneToRun(data, { state: file, mac: '00:04:F2:00:00:02' })).toThrow(/--mac: the phone in .*vvx\.json is 00:04:F2:.*drop --mac/);
  });

  it('reads --mac in any of the usual spellings, and refuses what is not one', () => {
    expect(parseMac('00-04-f2-ab-cd-ef')).toBe('00:04:F2:AB:CD:EF');
    expect(parseMac('0004F2ABCDEF')).toBe('00:04:F2:AB:CD:EF');
    for (const bad of ['zz', '00:04:F2:AB:CD', '00:04-F2:AB:CD:EF', '']) expect(() => parseMac(bad)).toThrow(/--mac: ".*" is not a MAC address/);
  });
});

describe('a valid server address nobody answers at', () => {
  it('keeps the phone up and retrying, with the connection state to show', async () => {
    const data = projectData();
    const session = startPhoneSession({ ...phoneToRun(data, { device: 'polycom-vvx-601' }), serverUrl: 'ws://127.0.0.1:1/' });
    await session.jump(10 * 60_000);
    expect(session.actor.getSnapshot().status).toBe('active');
    expect(runningRegionState(session.actor.getSnapshot().value, 'connection')).not.toBe('online');
    const problems = session.log.entries().filter((entry) => entry.kind === 'problem');
    expect(problems.length).toBeGreaterThan(1);
    expect(problems[0]!.text).toMatch(/update server ws:\/\/127\.0\.0\.1:1\/: .*ECONNREFUSED/);
    session.close();
  });
});

describe('command-line values', () => {
  it('reads a duration as milliseconds or as 1h30m, the same number either way', () => {
    const parse = parseDurationOption('--check-interval');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 9 }), (seconds) => {
        expect(parse(String(seconds * 1000))).toBe(seconds * 1000);
        expect(parse(formatDuration(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        // Anything else is refused with the option's name, never thrown as something else.
        try {
          expect(parse(text)).toBeGreaterThan(0);
        } catch (error) {
          expect((error as Error).message).toMatch(/^--check-interval: ".*" is not a duration above 0/s);
        }
      }),
    );
  });

  it('accepts a ws:// URL new URL() reads, and refuses any text with the option named', () => {
    const parse = parseServerUrl('--server', ['ws']);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65_535 }), fc.constantFrom('127.0.0.1', 'localhost', '[::1]', 'phones.example'), (port, host) => {
        expect(parse(`ws://${host}:${port}/`)).toBe(`ws://${host}:${port}/`);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        let accepted: string | undefined;
        try {
          accepted = parse(text);
        } catch (error) {
          expect((error as Error).message).toMatch(/^--server: /);
        }
        // What is accepted is what the phone's WebSocket will be able to open.
        if (accepted !== undefined) expect(['ws:', 'wss:']).toContain(new URL(accepted).protocol);
      }),
    );
    for (const bad of ['ws://127.0.0.1:99999', 'ws://127.0.0.1:notaport', 'http:/x', 'ws:/x', 'BAD']) expect(() => parse(bad)).toThrow(/^--server: /);
  });
});

describe('fleet firmware counts', () => {
  it("order each family's builds by its vendor's scheme, not as strings", () => {
    const counts = firmwareCounts(projectData(), [
      ['yealink-t48g', '35.9.0.70'],
      ['polycom-vvx-601', '5.10.0.100'],
      ['polycom-vvx-601', '5.9.5.0614'],
      ['polycom-vvx-601', '5.9.5.0614'],
      ['yealink-t48g', '35.10.0.1'],
    ]);
    expect(Object.entries(counts)).toEqual([
      ['5.9.5.0614', 2],
      ['5.10.0.100', 1],
      ['35.9.0.70', 1],
      ['35.10.0.1', 1],
    ]);
  });
});
