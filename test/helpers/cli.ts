import { spawn, spawnSync, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/profiles/paths.js';

/** The built CLI (npm test builds first) as `npm start` and the `phone-emu` bin run it: the bundle (scripts/bundle-cli.mjs). */
export const cli = join(packageRoot(), 'dist', 'bundle', 'main.js');

/** Runs the CLI to its end; a command that should have refused to start but did not is killed after 30 s. */
export const runCli = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });

/** Starts `phone-emu server ARGS` and resolves once it prints the ws:// URL it listens on. */
export async function startServerProcess(...args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; stdout: () => string }> {
  const child = spawn(process.execPath, [cli, 'server', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  // Kept from the first byte: a line printed in the same chunk as the URL is not lost to a later listener.
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (ws:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, url, stdout: () => output };
}

/** Kills a child with SIGKILL, as a crash or a power cut would, and resolves once it is gone. */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Runs a compiled test fixture (test/fixtures/NAME.ts, built into dist/) in a process of its own. */
export function spawnFixture(name: string, ...args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [join(packageRoot(), 'dist', 'test', 'fixtures', `${name}.js`), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Resolves with the first line of the child's output that matches, and every line so far. */
export function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<{ line: string; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let pending = '';
    let errors = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete) {
        lines.push(line);
        if (pattern.test(line)) {
          child.stdout.off('data', onData);
          child.off('exit', onExit);
          return resolve({ line, lines });
        }
      }
    };
    const onExit = (code: number | null) => reject(new Error(`exited with ${code} before printing ${pattern}:\n${lines.join('\n')}\n${errors}`));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}
