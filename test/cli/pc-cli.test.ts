import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pcPortsVariable, publishPcPort } from '../../src/phone/pc-port.js';
import { cli, runCli } from '../helpers/cli.js';
import { startRig, type Rig } from '../helpers/rig.js';

// The phone's process and the PC's share this folder, as two terminals of one user do.
process.env[pcPortsVariable] = mkdtempSync(join(tmpdir(), 'phone-emu-pc-ports-'));

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Runs `phone-emu pc ARGS` with these stdin lines, and resolves with its output once it exits. */
function runPc(args: string[], stdin: string | null): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, 'pc', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // null: stdin stays open, as a terminal's does.
  if (stdin !== null) child.stdin.end(stdin);
  else child.once('exit', () => child.stdin.destroy());
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('phone-emu pc', () => {
  it('documents its commands', () => {
    const help = runCli('pc', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--server <url>[\s\S]*--phone <mac>[\s\S]*--os <os>[\s\S]*pair[\s\S]*sign-in <UPN> <PASSWORD>/);
  });

  it('pairs with a phone of a running server, and signs in from the PC', async () => {
    rig = await startRig({ firmware: '5.9.5.0614', tenant: { users: [{ upn: 'amosm@contoso.com', password: 'Pa55w.rd', licenses: ['PhoneSystem'] }] } });
    await rig.advance(60_000);
    // What phone-emu phone does at start (phone-session.ts): the PC in the other process finds the key.
    const cable = publishPcPort(rig.identity.mac, rig.link.pcPort);
    const result = await runPc(['--server', rig.server.url, '--phone', rig.identity.mac, 'pair'], 'sign-in amosm@contoso.com Pa55w.rd\nquit\n');
    cable.close();
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`pc: windows PC on polycom-vvx-601 ${rig.identity.mac} (BToE)`);
    expect(result.stdout).toMatch(/pc: paired/);
    expect(result.stdout).toMatch(/pc: sign-in signedIn/);
    expect(result.code).toBe(0);
    expect(rig.context().account.user).toMatchObject({ upn: 'amosm@contoso.com', method: 'pc' });
  });

  it('takes quit as an argument, as pc --help lists it: runs the commands before it and ends without reading stdin', async () => {
    rig = await startRig({ firmware: '5.9.5.0614' });
    await rig.advance(60_000);
    const cable = publishPcPort(rig.identity.mac, rig.link.pcPort);
    const result = await runPc(['--server', rig.server.url, '--phone', rig.identity.mac, 'pair', 'quit'], null);
    cable.close();
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/pc: paired/);
    expect(result.code).toBe(0);
  });

  it('says so when no phone has that MAC, exit 1, no stack trace', async () => {
    rig = await startRig({ firmware: '5.9.5.0614' });
    const result = await runPc(['--server', rig.server.url, '--phone', '00:00:00:00:00:00'], '');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^phone-emu: --phone: pc.hello: phone: no phone with MAC 00:00:00:00:00:00 is connected/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("is refused, exit 1, when no phone process on this machine granted that phone's PC port", async () => {
    rig = await startRig({ firmware: '5.9.5.0614' });
    await rig.advance(60_000);
    const result = await runPc(['--server', rig.server.url, '--phone', rig.identity.mac, 'pair'], '');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^phone-emu: --phone: pc.hello: pcPort: no pcPort key given: .*no phone process on this machine published a PC port/);
    expect(rig.context().pairing.paired).toBe(false);
  });
});
