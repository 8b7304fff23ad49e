import { execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { startUpdateServer, type UpdateServer } from '../../src/server/update-server.js';
import { killHard, runCli, startServerProcess } from '../helpers/cli.js';
import { projectData } from '../helpers/data.js';
import { rawClient } from '../helpers/ws-client.js';

/**
 * `phone-emu server --workers N` (issue 19): the phones' sockets on worker processes (built
 * dist: run `npm run build` first), one store in the primary.
 */
const dir = mkdtempSync(join(tmpdir(), 'phone-emu-server-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const servers: UpdateServer[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
const clients: { close(): void }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
  for (const child of children.splice(0)) await killHard(child);
});

const hello = (n: number) => ({
  v: 1,
  type: 'hello',
  device: { model: 'polycom-vvx-601', mac: `00:04:F2:00:10:${String(n).padStart(2, '0')}`, serial: `0004F20010${n}`, firmware: '5.8.0.13337' },
});

async function phones(url: string, count: number) {
  const connected = [];
  for (let n = 1; n <= count; n += 1) {
    const phone = await rawClient(url);
    clients.push(phone);
    const welcome = phone.next();
    phone.send(hello(n));
    expect(await welcome).toMatchObject({ type: 'welcome' });
    connected.push(phone);
  }
  return connected;
}

/** The next frame of this type a phone receives, passing over others. */
async function nextOfType(phone: Awaited<ReturnType<typeof rawClient>>, type: string) {
  const seen = phone.received.find((frame) => frame['type'] === type);
  if (seen) return seen;
  for (;;) {
    const frame = await phone.next();
    if (frame['type'] === type) return frame;
  }
}

describe('phone-emu server --workers 2', { timeout: 120_000 }, () => {
  it('spreads phones over both workers, reaches every one with a policy change, lists them all, and keeps its state file', async () => {
    const stateFile = join(dir, 'workers.json');
    const server = await startUpdateServer({ data: projectData(), workers: 2, workersAfter: 1, stateFile });
    servers.push(server);
    const connected = await phones(server.url, 5);
    // The first phone is served by the primary itself (no relay); the workers take the others in turn.
    expect(server.socketWorkers!.connectionsPerWorker()).toEqual([2, 2]);

    const changed = await fetch(`${server.httpUrl}admin/policies/EnableDeviceUpdate`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: false }) });
    expect(changed.status).toBe(200);
    for (const phone of connected) expect(await nextOfType(phone, 'policy.changed')).toMatchObject({ policy: { EnableDeviceUpdate: false } });

    const listed = (await (await fetch(`${server.httpUrl}admin/devices`)).json()) as { mac: string; connected: boolean }[];
    expect(listed.map((device) => device.mac).sort()).toEqual([1, 2, 3, 4, 5].map((n) => hello(n).device.mac));
    expect(listed.every((device) => device.connected)).toBe(true);

    const first = connected[0]!;
    first.send({ v: 1, type: 'update.check', firmware: '5.8.0.13337' });
    expect(await nextOfType(first, 'update.none')).toMatchObject({ reason: expect.stringMatching(/EnableDeviceUpdate is False/) });
    first.send('{not json');
    expect(await nextOfType(first, 'error')).toMatchObject({ code: 'bad-frame', message: expect.stringMatching(/not JSON/) });
    expect(server.deliver(hello(4).device.mac, { type: 'pairing.end' })).toBe(true);
    expect(await nextOfType(connected[3]!, 'pairing.end')).toMatchObject({ type: 'pairing.end' });

    for (const client of clients.splice(0)) client.close();
    await vi.waitFor(() => expect(server.devices().filter((device) => device.connected)).toEqual([]), { timeout: 30_000 });
    await servers.pop()!.close();
    const again = await startUpdateServer({ data: projectData(), workers: 2, stateFile });
    servers.push(again);
    expect(again.store.policy().EnableDeviceUpdate).toBe(false);
    expect(again.devices()).toHaveLength(5);
  });

  it('reports a killed worker and replaces it; its phones come back on the new one', async () => {
    const started = await startServerProcess('--port', '0', '--workers', '2', '--workers-after', '0');
    children.push(started.child);
    let stderr = '';
    started.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await vi.waitFor(() => expect(started.stdout()).toMatch(/2 socket workers hold the phones' sockets \(pids \d+, \d+\)/), { timeout: 30_000 });
    const pids = /pids (\d+), (\d+)/.exec(started.stdout())!.slice(1).map(Number);
    const [phone] = await phones(started.url, 1);
    const closed = phone!.closed();
    process.kill(pids[0]!, 'SIGKILL');
    await closed;
    await vi.waitFor(() => expect(stderr).toMatch(/^phone-emu: socket worker 1 \(pid \d+\) was killed \(SIGKILL\); its phones were disconnected and reconnect; started another$/m), { timeout: 30_000 });
    await vi.waitFor(() => expect(started.stdout()).toMatch(/00:04:F2:00:10:01 on 5\.8\.0\.13337: disconnected/), { timeout: 30_000 });
    // Both workers serve again: two phones land one on each.
    const back = await phones(started.url, 2);
    expect(back).toHaveLength(2);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with a clear message and exit code 1 when workers keep dying', async () => {
    const started = await startServerProcess('--port', '0', '--workers', '2');
    children.push(started.child);
    let stderr = '';
    started.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
    const workerPids = () => execFileSync('ps', ['-o', 'pid=', '--ppid', String(started.child.pid)], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean).map(Number);
    for (let kill = 1; kill <= 3; kill += 1) {
      await vi.waitFor(() => expect(workerPids()).toHaveLength(2), { timeout: 30_000 });
      process.kill(workerPids()[0]!, 'SIGKILL');
      if (kill < 3) await vi.waitFor(() => expect(stderr.match(/started another/g)).toHaveLength(kill), { timeout: 30_000 });
    }
    expect(await exited).toBe(1);
    // The third kill may find the replacement still starting: either way the server says why it stops.
    expect(stderr).toMatch(/^phone-emu: (socket worker \d \(pid \d+\) was killed \(SIGKILL\); 3 workers died within a minute, so the server stops|could not replace socket worker \d: .+)$/m);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects, as one process does, a port already in use (the socket workers left the HTTP error unheard)', async () => {
    const first = await startUpdateServer({ data: projectData() });
    servers.push(first);
    await expect(startUpdateServer({ data: projectData(), workers: 2, port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('refuses a --workers that is not a count', () => {
    for (const value of ['0', 'two', '65']) {
      const refused = runCli('server', '--port', '0', '--workers', value);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/^phone-emu: --workers: /m);
    }
    for (const value of ['-1', 'many', '']) {
      const refused = runCli('server', '--port', '0', '--workers', '2', '--workers-after', value);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toBe(`phone-emu: --workers-after: "${value}" is not a whole number (0 or more)\n`);
    }
  });
});
