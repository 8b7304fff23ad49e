import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cli, killHard, runCli as run, startServerProcess } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'phone-emu-first-hour-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const children: Parameters<typeof killHard>[0][] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map(killHard));
});

/** One `phone-emu:` line (or a few), an exit code, and never a Node stack trace. */
function expectMessage(result: { status: number | null; stderr: string }, status: number, message: RegExp) {
  expect(result.status, result.stderr).toBe(status);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(/^phone-emu: /);
  expect(result.stderr).not.toMatch(/\n\s+at |node:internal|Unhandled 'error'/);
}

/** Runs the CLI without blocking this process: the server it talks to may live in it. */
function runAsync(args: string[], onStderrLine?: (line: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    const before = stderr.split('\n').length;
    stderr += chunk.toString();
    const lines = stderr.split('\n');
    for (const line of lines.slice(before - 1, -1)) onStderrLine?.(line, child);
  });
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (status) => resolve({ status, stdout, stderr })),
  );
}

// Each case spawns the CLI a few times: generous bounds on a loaded machine.
describe('every input ends in one phone-emu: line and an exit code, never a stack trace', { timeout: 120_000 }, () => {
  it('refuses a mistyped command with the nearest one, instead of running start', () => {
    expectMessage(run('sever', '--port', '1'), 2, /^phone-emu: unknown command 'sever'; did you mean server\?/);
    expectMessage(run('fleeet'), 2, /did you mean fleet\?/);
    expectMessage(run('xyzzy'), 2, /unknown command 'xyzzy'; the commands are start, server, phone/);
  });

  it("gives commander's own messages the phone-emu: prefix and where the usage is", () => {
    expectMessage(run('server', '--bogus'), 2, /^phone-emu: unknown option '--bogus' \(see phone-emu server --help\)\n$/);
    expectMessage(run('server', '--port'), 2, /^phone-emu: option '--port <n>' argument missing \(see phone-emu server --help\)\n$/);
    expectMessage(run('fault', 'download', 'slow'), 2, /^phone-emu: .*Allowed choices are cut, corrupt, unbootable, none/);
    expectMessage(run('policy', 'set', 'EnableDeviceUpdate'), 2, /^phone-emu: missing required argument 'value' \(see phone-emu policy set --help\)/);
  });

  it('says a port is in use and how to get a free one; and an address this machine does not have', async () => {
    const server = await startServerProcess('--port', '0');
    children.push(server.child);
    const port = new URL(server.url).port;
    expectMessage(run('server', '--port', port), 1, new RegExp(`^phone-emu: --port: port ${port} is in use on 127\\.0\\.0\\.1; .*--port 0 to pick a free one`));
    expectMessage(run('server', '--port', '0', '--host', '10.255.255.1'), 1, /^phone-emu: --host: 10\.255\.255\.1 is not an address of this machine/);
  });

  it.each([
    ['phone', '--device', 'polycom-vvx-601', '--server', 'ws://127.0.0.1:99999'],
    ['phone', '--device', 'polycom-vvx-601', '--server', 'ws://127.0.0.1:notaport'],
    ['phone', '--device', 'polycom-vvx-601', '--server', 'http:/x'],
    ['phone', '--device', 'polycom-vvx-601', '--server', 'http://127.0.0.1:8080'],
    ['pc', '--server', 'ws://127.0.0.1:99999', '--phone', '00:04:F2:00:00:01'],
    ['pc', '--server', 'BAD', '--phone', '00:04:F2:00:00:01'],
    ['fleet', '--count', '1', '--server', 'ws://127.0.0.1:99999'],
    ['run', 'scenarios', '--server', 'ws//127.0.0.1:1'],
    ['devices', '--server', 'notaurl'],
    ['policy', 'get', '--server', 'ftp://127.0.0.1:8080'],
    ['firmware', 'list', '--server', 'http://127.0.0.1:0'],
  ])('checks the URL when the command line is read: %j', (...args) => {
    // The phone would have booted and died 8 s later; the PC blamed --phone.
    expectMessage(run(...args), 2, /^phone-emu: --server: ".*" (is not a URL|has no valid port \(.*\)|uses \w+:\/\/); give a .*URL such as /);
  });

  it('says when the server a PC should reach does not answer, naming --server', () => {
    expectMessage(run('pc', '--server', 'ws://127.0.0.1:1', '--phone', '00:04:F2:00:00:01'), 1, /^phone-emu: --server: cannot reach ws:\/\/127\.0\.0\.1:1/);
  });

  it('takes a scenario file that cannot be one as an invalid file: exit 2, the file named, the reason', () => {
    const bomb = join(dir, 'bomb.yaml');
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [index, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const previous = String.fromCharCode('a'.charCodeAt(0) + index);
      lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(', ')}]`);
    }
    writeFileSync(bomb, `${lines.join('\n')}\n`);
    expectMessage(run('run', bomb), 2, /bomb\.yaml.*not valid YAML: .*aliases/);
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, '\n');
    expectMessage(run('run', empty), 2, /empty\.yaml: the file is empty/);
    const binary = join(dir, 'binary.yaml');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff, 0xfe, 0x00, 0x10]));
    expectMessage(run('run', binary), 2, /binary\.yaml: not a text file/);
    // The same three as a tenant file: data (exit 1), the file named.
    expectMessage(run('server', '--port', '0', '--tenant', bomb), 1, /nothing was started:\n {2}.*bomb\.yaml: .*aliases/);
    expectMessage(run('server', '--port', '0', '--tenant', empty), 1, /empty\.yaml: the file is empty/);
    expectMessage(run('server', '--port', '0', '--tenant', binary), 1, /binary\.yaml: not a text file/);
  });

  it('lists the firmware of one family, as the README documents, and names an unknown one', async () => {
    const server = await startServerProcess('--port', '0');
    children.push(server.child);
    const listed = await runAsync(['firmware', 'list', '--family', 'polycom-ucs', '--server', server.url]);
    expect(listed.status, listed.stderr).toBe(0);
    const rows = listed.stdout.trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row).toMatch(/^polycom-ucs /);
    const byDevice = await runAsync(['firmware', 'list', '--device', 'yealink-t48g', '--server', server.url]);
    expect(byDevice.stdout.trim().split('\n').slice(1).every((row) => row.startsWith('yealink-t48g '))).toBe(true);
    expectMessage(await runAsync(['firmware', 'list', '--family', 'cisco', '--server', server.url]), 2, /--family: "cisco" is not a firmware family of this server; known: audiocodes-uc, /);
  });
});

describe('durations read the same everywhere', { timeout: 120_000 }, () => {
  it('takes 1h30m-style durations and milliseconds on the command line, and refuses others', async () => {
    const server = await startServerProcess('--port', '0', '--check-interval', '1h30m', '--inactivity', '90000', '--check-jitter', '30s');
    children.push(server.child);
    const settings = await fetch(new URL('/admin/server', server.url.replace('ws:', 'http:'))).then((response) => response.json());
    expect(settings).toMatchObject({ settings: { checkIntervalMs: 5_400_000, updateInactivityMs: 90_000 }, checkJitterMs: 30_000 });
    expectMessage(run('server', '--check-interval', '1x'), 2, /^phone-emu: --check-interval: "1x" is not a duration above 0: use milliseconds \(90000\) or .*1h30m/);
    expectMessage(run('fleet', '--signin-every', '0s'), 2, /--signin-every: "0s" is not a duration above 0/);
  });
});

describe('the fleet tells the truth', { timeout: 120_000 }, () => {
  it('fails, saying so, when nothing listens at --server', () => {
    expectMessage(run('fleet', '--count', '1', '--server', 'ws://127.0.0.1:1'), 1, /^phone-emu: no update server answers at http:\/\/127\.0\.0\.1:1/);
  });

  it('shows the phones booting from the first line of progress', () => {
    const result = run('fleet', '--count', '3', '--devices', 'yealink-t48g');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.split('\n')[0]).toMatch(/^\[-+\] booting 0\/3 · 0 connected · virtual 0m$/);
  });

  it('takes "latest" as the newest build the server offers: phones on a build published since converge', async () => {
    const server = await startServerProcess('--port', '0');
    children.push(server.child);
    const published = await runAsync(['firmware', 'publish', '6.1.0.6189', '--family', 'polycom-ucs', '--server', server.url]);
    expect(published.status, published.stderr).toBe(0);
    const fleet = await runAsync(['fleet', '--count', '2', '--devices', 'polycom-vvx-601', '--server', server.url, '--rollout', 'latest', '--json']);
    expect(fleet.status, fleet.stdout + fleet.stderr).toBe(0);
    const summary = JSON.parse(fleet.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ phones: 2, converged: 2, failed: 0, firmware: { '6.1.0.6189': 2 } });
  });

  it('prints the summary so far on Ctrl+C and exits 130', async () => {
    // Updates are off, so the rollout would run for 7 virtual days.
    const args = ['fleet', '--count', '2', '--devices', 'polycom-vvx-601', '--rollout', 'latest', '--policy', 'EnableDeviceUpdate=False'];
    let sent = false;
    const result = await runAsync(args, (_line, child) => {
      if (!sent) child.kill('SIGINT');
      sent = true;
    });
    expect(result.status, result.stderr).toBe(130);
    expect(result.stdout).toMatch(/^phones: 2, connected: \d, converged: 0, failed: \d/);
    expect(result.stderr).toMatch(/phone-emu: interrupted \(Ctrl\+C\) after \S+ of virtual time/);
  });
});
