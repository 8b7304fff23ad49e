import { loadProjectData } from '../profiles/load-data.js';
import { runFleet, type FleetProgress } from './fleet.js';
import { preferSmallHeap } from './memory.js';
import type { ChildMessage, ParentMessage } from './fleet-worker-messages.js';

/**
 * One worker process of `phone-emu fleet --workers N`, forked by fleet-workers.ts: it runs
 * its slice of the fleet and reports over the IPC channel. It prints nothing itself.
 */
const reportEveryMs = 200;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) resolve();
    else process.send!(message, undefined, {}, () => resolve());
  });
}

const stop = new AbortController();
// Ctrl+C reaches every process of the terminal's group: a worker stops and reports, like the fleet.
process.on('SIGINT', () => stop.abort());
// The fleet process is gone: nobody is left to report to.
process.on('disconnect', () => process.exit(1));

process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop') stop.abort();
  else void run(message);
});

async function run({ options }: Extract<ParentMessage, { type: 'run' }>): Promise<void> {
  try {
    preferSmallHeap({ pinYoungGeneration: false });
    const data = loadProjectData();
    let lastReport = -Infinity;
    // The options are plain data already: only the targets and the starting builds become what runFleet takes.
    const { targets, startingFirmware, ...plain } = options;
    const summary = await runFleet({
      ...plain,
      data,
      targets: targets === null ? null : new Map(targets),
      startingFirmware: (profile) => startingFirmware[profile.id]!,
      signal: stop.signal,
      teardown: false,
      onProgress: (progress: FleetProgress) => {
        if (performance.now() - lastReport < reportEveryMs) return;
        lastReport = performance.now();
        void send({ type: 'progress', progress });
      },
    });
    await send({ type: 'summary', summary });
  } catch (error) {
    await send({ type: 'error', message: (error as Error).message });
  }
  // Phones are still connected: the OS closes their sockets faster than they would close one by one.
  process.exit(0);
}
