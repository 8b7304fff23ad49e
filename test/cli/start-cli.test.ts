import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminRequest } from '../../src/server/admin-client.js';
import { cli, killHard, runCli as run, startServerProcess } from '../helpers/cli.js';

/** util-linux `script` gives `start` the terminal it needs (raw mode), as a user's would. */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => killHard(child)));
});

function startInTerminal(...args: string[]): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const command = [process.execPath, cli, 'start', ...args].map((part) => `'${part}'`).join(' ');
  // Without CI in its environment: Ink draws only the last frame when CI is set, and CI runs this file with CI=true.
  const { CI: _ci, ...environment } = process.env;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...environment, COLUMNS: '100', LINES: '40' } });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('phone-emu start --port / --server', () => {
  it('refuses a --server that is not a WebSocket URL, and --port with --server, before drawing anything', () => {
    const bad = run('start', '--server', 'http:/x');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^phone-emu: --server: "http:\/x" is not a URL; give a ws:\/\/ URL such as ws:\/\/127\.0\.0\.1:8080/);
    const both = run('start', '--port', '8080', '--server', 'ws://127.0.0.1:8080');
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--port.*cannot be used with.*--server/);
  });

  it.skipIf(!hasScript)('runs the embedded server on --port', async () => {
    const port = await freePort();
    const { output } = startInTerminal('--port', String(port));
    await vi.waitFor(() => expect(output()).toContain(`update server: ws://127.0.0.1:${port}/`), { timeout: 30_000, interval: 100 });
  }, 60_000);

  it.skipIf(!hasScript)('runs the picked phone against the running server at --server', async () => {
    const server = await startServerProcess('--port', '0');
    children.push(server.child);
    const { child, output } = startInTerminal('--server', server.url);
    await vi.waitFor(() => expect(output()).toContain(`update server: ${server.url}`), { timeout: 30_000, interval: 100 });
    child.stdin.write('1\r'); // the first model of the picker (1 alone waits for a second digit: 10-19)
    child.stdin.write('['); // a minute of virtual time: boot and connect
    await vi.waitFor(
      async () => expect(await adminRequest<unknown[]>({ server: server.url }, 'GET', 'devices')).toHaveLength(1),
      { timeout: 30_000, interval: 200 },
    );
  }, 90_000);
});
