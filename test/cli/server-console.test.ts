import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { startUpdateServer } from '../../src/server/update-server.js';
import { killHard, runCli, startServerProcess } from '../helpers/cli.js';
import { projectData } from '../helpers/data.js';
import { helloFrame, rawClient } from '../helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-server-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await killHard(child);
});

async function serverProcess(...args: string[]) {
  const started = await startServerProcess('--port', '0', ...args);
  children.push(started.child);
  let stdout = '';
  let stderr = '';
  started.child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  started.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { ...started, stdout: () => stdout, stderr: () => stderr };
}

/** A state file the old server could write and not read back (issue 13.2): a warning over 500 characters. */
async function stateWithBadRecords(name: string, badTestDevice: boolean): Promise<string> {
  const file = join(dir, name);
  const server = await startUpdateServer({ data: projectData(), stateFile: file });
  const phone = await rawClient(server.url);
  phone.send(helloFrame());
  await phone.next();
  phone.close();
  await server.close();
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { devices: Record<string, unknown>[]; testDevices: unknown[] };
  saved.devices[0]!['warnings'] = ['w'.repeat(600)];
  if (badTestDevice) saved.testDevices.push({ name: 'n'.repeat(80), type: 'SerialNumber', identifier: 'LAB' });
  writeFileSync(file, JSON.stringify(saved));
  return file;
}

describe('phone-emu server facing what clients wrote', { timeout: 120_000 }, () => {
  it('prints a MAC, model or warning with ESC and newlines escaped, never raw', async () => {
    const server = await serverProcess();
    const phone = await rawClient(server.url);
    phone.send({ ...helloFrame(), device: { ...helloFrame().device, mac: '00:04\u001b[2J\nforged line', model: 'x\u001b]0;t\u0007' } });
    await phone.next();
    phone.send({ ...helloFrame(), device: { ...helloFrame().device, mac: '00:04\u001b[2J\nforged line' } });
    await phone.next();
    await vi.waitFor(() => expect(server.stdout()).toMatch(/device polycom-vvx-601 00:04\\x1b\[2J\\nforged line on 5\.8\.0\.13337: idle/));
    expect(server.stdout()).toMatch(/"x\\x1b\]0;t\\x07" is not a known device id/);
    expect(server.stdout()).not.toMatch(/\u001b|\u0007/);
    expect(server.stdout()).not.toMatch(/^forged line/m);
    phone.close();
  });

  it('starts from a state file with a record it cannot read back, dropping it and saying so', async () => {
    const file = await stateWithBadRecords('bad-device.json', false);
    const server = await serverProcess('--state', file);
    await vi.waitFor(() => expect(server.stderr()).toMatch(/^phone-emu: .*bad-device\.json: dropped a record it could not read back: devices\[0\]\.warnings\.0: Too big/m));
  });

  it('refuses a bad test device naming --drop-bad-records, and starts with it', async () => {
    const file = await stateWithBadRecords('bad-test-device.json', true);
    const refused = runCli('server', '--port', '0', '--state', file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/bad-test-device\.json: testDevices\[0\]: name: Too big.*start with --drop-bad-records/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const server = await serverProcess('--state', file, '--drop-bad-records');
    await vi.waitFor(() => expect(server.stderr()).toMatch(/dropped a record it could not read back: testDevices\[0\]\.name: Too big/));
    expect(server.stderr()).toMatch(/dropped a record it could not read back: devices\[0\]\.warnings\.0/);
  });
});
