import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * An ordinary HTTP server process that is not phone-emu's code, serving a folder on 127.0.0.1:
 * `python3 -m http.server 0` as an administrator would run it, or the small script beside this
 * file when the test needs TLS or Basic auth (Python's http.server has neither flag). Each is
 * killed, by its own pid, after each test.
 */
export function staticServersKilledAfterEach(): (directory: string, options?: { tls?: { cert: string; key: string }; auth?: string }) => Promise<string> {
  const children: ChildProcess[] = [];
  afterEach(async () => {
    await Promise.all(
      children.splice(0).map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  });
  return async (directory, options = {}) => {
    const plain = options.tls === undefined && options.auth === undefined;
    const args = plain
      ? ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', directory]
      : ['-u', join(import.meta.dirname, 'static-server.py'), directory, ...(options.tls ? ['--tls', options.tls.cert, options.tls.key] : []), ...(options.auth ? ['--auth', options.auth] : [])];
    const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const port = await new Promise<number>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`python3 printed no port within 30 s: ${seen}`)), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const found = /port (\d+)/.exec(seen);
        if (found) {
          clearTimeout(timer);
          resolve(Number(found[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`python3 exited (${code}) before serving: ${seen}`)));
    });
    return `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/`;
  };
}
