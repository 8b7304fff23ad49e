import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openFilesLimit } from '../../src/fleet/fleet-workers.js';
import { cli, killHard, runCli as run, startServerProcess } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-fleet-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const children: Parameters<typeof killHard>[0][] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map(killHard));
});

/** Runs the CLI without blocking this process, to its end. */
function runAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
/** What must not depend on how the fleet was split: wall time and memory do. */
const counts = ({ phones, connected, converged, failed, firmware, failures }: Record<string, unknown>) => ({ phones, connected, converged, failed, firmware, failures });
const fleetArgs = (url: string, ...more: string[]) => ['fleet', '--count', '7', '--devices', 'polycom-vvx-601,yealink-t48g', '--rollout', 'latest', '--server', url, '--json', ...more];

/** The MACs a server has seen, as its admin API lists them. */
async function macsSeen(url: string): Promise<string[]> {
  const devices = (await (await fetch(new URL('admin/devices', url.replace(/^ws/, 'http')))).json()) as { mac: string }[];
  return devices.map((device) => device.mac).sort();
}

async function fleetOn(...more: string[]) {
  const server = await startServerProcess('--port', '0');
  children.push(server.child);
  const result = await runAsync(fleetArgs(server.url, ...more));
  expect(result.status, result.stderr).toBe(0);
  return { summary: lastJson(result.stdout), macs: await macsSeen(server.url), stderr: result.stderr };
}

describe('fleet --workers and --shard against a server process', { timeout: 180_000 }, () => {
  it('--workers 2 converges to the same summary as --workers 1, with the same MAC for each phone', async () => {
    const one = await fleetOn('--workers', '1');
    const two = await fleetOn('--workers', '2');
    expect(one.summary).toMatchObject({ phones: 7, connected: 7, converged: 7, failed: 0 });
    expect(counts(two.summary)).toEqual(counts(one.summary));
    expect(two.macs).toEqual(one.macs);
    expect(new Set(two.macs).size).toBe(7);
  });

  it('shards 1/2 and 2/2, merged, are the whole fleet; each shard says which it is', async () => {
    const server = await startServerProcess('--port', '0');
    children.push(server.child);
    const whole = await fleetOn('--workers', '1');
    const files: string[] = [];
    for (const shard of ['2/2', '1/2']) {
      const result = await runAsync(fleetArgs(server.url, '--shard', shard));
      expect(result.status, result.stderr).toBe(0);
      expect(lastJson(result.stdout)).toMatchObject({ shard: { index: Number(shard[0]), of: 2, fleetPhones: 7 }, rollout: true });
      const file = join(dir, `shard-${shard[0]}.json`);
      writeFileSync(file, result.stdout);
      files.push(file);
    }
    expect(await macsSeen(server.url)).toEqual(whole.macs);
    const merged = run('fleet', 'merge', ...files, '--json');
    expect(merged.status, merged.stderr).toBe(0);
    expect(counts(lastJson(merged.stdout))).toEqual(counts(whole.summary));
    const human = run('fleet', 'merge', ...files);
    expect(human.stdout).toMatch(/^phones: 7, connected: 7, converged: 7, failed: 0\n/);
    expect(human.stdout).toMatch(/peak memory: \d+ MiB over 2 shards/);
  });

  // As many phones as one process may open files: never room for them and their server's ends.
  const limit = openFilesLimit();
  it.skipIf(limit === undefined)('refuses, before starting anything, more phones than its own server can hold in one process (they hung connecting at about 9,000)', () => {
    const refused = run('fleet', '--count', String(limit));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^phone-emu: --count \d+: without --server the fleet's own server holds the other end of each phone's socket in this process, and one process may open \d+ files here: at most \d+ phones\. Run a server of its own \(phone-emu server --workers \d+\) and pass --server ws:\/\/127\.0\.0\.1:8080\n$/);
    expect(refused.stdout).toBe('');
  });

  it('refuses to merge a file that is not every shard of one fleet once, naming the file', async () => {
    const shard = (index: number, of: number, phones: number, fleetPhones: number) =>
      JSON.stringify({ phones, connected: phones, converged: phones, failed: 0, firmware: { '5.9.5.0614': phones }, failures: {}, virtualMs: 1, wallMs: 1, peakRssBytes: 1, rollout: true, shard: { index, of, fleetPhones } });
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const good = write('good-1.json', shard(1, 2, 3, 7));
    const cases: [string[], RegExp][] = [
      [[write('progress.json', '[####] booting\n'), good], /fleet merge: .*progress\.json: its last line is not JSON/],
      [[good, write('whole.json', JSON.stringify({ phones: 4, connected: 4, converged: 4, failed: 0, firmware: {}, failures: {}, virtualMs: 1, wallMs: 1, peakRssBytes: 1 }))], /whole\.json: rollout: .*--shard I\/N --json/],
      [[good, write('again.json', shard(1, 2, 3, 7))], /again\.json: shard 1\/2 is given twice \(also .*good-1\.json\)/],
      [[good], /good-1\.json: the fleet has 2 shards; missing: 2\/2/],
      [[good, write('other.json', shard(2, 3, 2, 7))], /other\.json: shard 2\/3 of 7 phones is not of the same fleet/],
      [[good, write('short.json', shard(2, 2, 3, 7))], /short\.json: shard 2\/2 of 7 phones has 4 phones, but the summary counts 3/],
      [[good, write('negative.json', shard(2, 2, 4, 7).replace('"failed":0', '"failed":-1'))], /negative\.json: failed: /],
      [[good, join(dir, 'absent.json')], /absent\.json: cannot be read \(ENOENT\)/],
    ];
    for (const [files, message] of cases) {
      const result = run('fleet', 'merge', ...files);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/^phone-emu: fleet merge: /);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(run('fleet', 'merge').status).toBe(2);
  });

  it.each(['0/2', '3/2', '1', 'a/b'])('refuses --shard %s with a usage error', (shard) => {
    const result = run('fleet', '--count', '2', '--shard', shard);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^phone-emu: --shard: ".*" is not I\/N with 1 <= I <= N/);
  });
});
