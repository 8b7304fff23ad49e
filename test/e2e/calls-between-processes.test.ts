import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { killHard, spawnFixture, startServerProcess } from '../helpers/cli.js';

/**
 * Issue 16: two phones in processes of their own, against one `phone-emu server` process,
 * call each other (built dist: run `npm run build` first). The call is routed by the server,
 * so nothing but sockets joins the three processes.
 */
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await killHard(child);
});

/** Resolves with the process's output once a line starts with `prefix`; rejects if it exits first. */
function untilLine(child: ChildProcessWithoutNullStreams, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith(prefix));
      if (line === undefined) return;
      child.stdout.off('data', onData);
      resolve(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited with ${code} before "${prefix}": ${output}${errors}`)));
  });
}

describe('calls between phones in separate processes', { timeout: 120_000 }, () => {
  it('rings the callee with the caller shown, connects both on Answer, and ends both when the caller hangs up', async () => {
    const { child: server, url } = await startServerProcess('--port', '0');
    children.push(server);
    const callee = spawnFixture('call-party', url, 'lidiah@contoso.com', '2', 'callee');
    children.push(callee);
    await untilLine(callee, 'signed in');
    const ringing = untilLine(callee, 'ringing');
    const calleeConnected = untilLine(callee, 'connected');
    const calleeEnded = untilLine(callee, 'ended');

    // Lidia's extension in tenants/contoso.yaml.
    const caller = spawnFixture('call-party', url, 'amosm@contoso.com', '1', 'caller', '4322');
    children.push(caller);
    const callerConnected = untilLine(caller, 'connected');
    const callerEnded = untilLine(caller, 'ended');

    expect(await ringing).toContain('Amos Marble');
    await Promise.all([calleeConnected, callerConnected]);
    await Promise.all([calleeEnded, callerEnded]);
  });
});
