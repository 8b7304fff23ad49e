import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import WebSocket from 'ws';
import { startPhoneSession } from '../src/phone/phone-session.js';
import { loadProjectData } from '../src/profiles/load-data.js';
import { packageRoot } from '../src/profiles/paths.js';
import { findScenarioFiles, runScenarios } from '../src/scenario/run-scenarios.js';
import { startUpdateServer } from '../src/server/update-server.js';
import { PhoneApp } from '../src/tui/PhoneApp.js';
import { cli, median, percentile, startListening, timeCommand } from './measure.js';
import { processCpuMs } from './process-cpu.js';

export interface FleetFigures {
  readonly phones: number;
  readonly converged: number;
  readonly wallMs: number;
  readonly virtualMs: number;
  readonly peakRssBytes: number;
  readonly kibPerPhone: number;
  /** The server process's peak resident memory, holding every phone's socket. */
  readonly serverPeakRssBytes: number | null;
}

/** A rollout of `count` phones, fleet and server each in a process of its own. */
export async function fleetConvergence(count: number): Promise<FleetFigures> {
  const server = await startListening([cli, 'server', '--port', '0']);
  try {
    const result = spawnSync(
      process.execPath,
      [cli, 'fleet', '--count', String(count), '--devices', 'polycom-vvx-601', '--rollout', 'latest', '--server', server.url, '--json'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const last = result.stdout.trim().split('\n').at(-1) ?? '';
    const summary = JSON.parse(last) as Omit<FleetFigures, 'kibPerPhone' | 'serverPeakRssBytes'>;
    return { ...summary, kibPerPhone: summary.peakRssBytes / 1024 / summary.phones, serverPeakRssBytes: server.peakRssBytes() };
  } finally {
    await server.stop();
  }
}

/** Virtual seconds per wall second for one phone over 7 days, against an in-process server. */
export async function virtualTimeSpeed(): Promise<{ virtualSecondsPerWallSecond: number; wallMs: number }> {
  const data = loadProjectData();
  const server = await startUpdateServer({ data, settings: { checkIntervalMs: 60 * 60_000 } });
  const session = startPhoneSession({ profile: data.profiles.get('polycom-vvx-601')!, firmware: '5.9.5.0614', serverUrl: server.url });
  const days = 7;
  const start = performance.now();
  await session.jump(days * 24 * 60 * 60_000);
  const wallMs = performance.now() - start;
  session.close();
  await server.close();
  return { virtualSecondsPerWallSecond: (days * 86_400) / (wallMs / 1000), wallMs };
}

/** Time from a key written to the Ink UI's stdin to the frame that shows its effect. */
export async function keypressToFrame(presses = 200): Promise<{ medianMs: number; p95Ms: number }> {
  const data = loadProjectData();
  const server = await startUpdateServer({ data });
  const session = startPhoneSession({ profile: data.profiles.get('polycom-vvx-601')!, firmware: '5.9.5.0614', serverUrl: server.url });
  await session.jump(60_000);
  const app = render(createElement(PhoneApp, { session, epochMs: 0, realTime: false }));
  await new Promise((resolve) => setTimeout(resolve, 50));
  app.stdin.write('h');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const samples: number[] = [];
  for (let i = 0; i < presses; i += 1) {
    const before = app.frames.length;
    const start = performance.now();
    app.stdin.write(i % 2 === 0 ? '\u001B[B' : '\u001B[A');
    while (app.frames.length === before) await new Promise((resolve) => setImmediate(resolve));
    samples.push(performance.now() - start);
  }
  app.unmount();
  session.close();
  await server.close();
  return { medianMs: median(samples), p95Ms: percentile(samples, 95) };
}

/** `phone-emu --version` against `node -e 0`: what the CLI adds to a bare start. */
export function coldStart(): { cliMs: number; nodeMs: number; ratio: number } {
  const nodeMs = timeCommand(['-e', '0'], 15);
  const cliMs = timeCommand([cli, '--version'], 15);
  return { cliMs, nodeMs, ratio: cliMs / nodeMs };
}

/** Round trips per second through a server: our update.check against a bare echo. */
export interface ServerThroughput {
  /** Round trips per second, ours and the echo's, and ours over the echo's. */
  readonly ours: number;
  readonly echo: number;
  readonly ratio: number;
  /** Server CPU (user and system) microseconds per round trip, ours and the echo's, and ours over the echo's (the target: 1.5 or less). */
  readonly oursCpuUs: number | null;
  readonly echoCpuUs: number | null;
  readonly cpuRatio: number | null;
}

/**
 * One socket's update.check round trips against `phone-emu server` and a bare ws echo, each in a
 * process of its own, in rounds with the order alternated (ours first, then the echo first) so
 * neither gains from the machine's load or warm-up. Medians of the rounds.
 */
export async function serverThroughput(frames = 20_000, rounds = 4): Promise<ServerThroughput> {
  const ours = await startListening([cli, 'server', '--port', '0']);
  const echo = await startListening([join(packageRoot(), 'dist', 'bench', 'echo-server.js')]);
  try {
    const hello = JSON.stringify({ v: 1, type: 'hello', device: { model: 'polycom-vvx-601', mac: '00:04:F2:00:00:01', serial: '0004F2000001', firmware: '5.9.5.0614' } });
    const check = JSON.stringify({ v: 1, type: 'update.check', firmware: '5.9.5.0614' });
    const samples = { ours: [] as Sample[], echo: [] as Sample[] };
    const measure = async (name: 'ours' | 'echo') => {
      const server = name === 'ours' ? ours : echo;
      const cpuBefore = processCpuMs(server.pid);
      const rate = await roundTrips(server.url, hello, check, frames);
      const cpuAfter = processCpuMs(server.pid);
      samples[name].push({ rate, cpuUs: cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / frames });
    };
    for (let round = 0; round < rounds; round += 1) {
      for (const name of round % 2 === 0 ? (['ours', 'echo'] as const) : (['echo', 'ours'] as const)) await measure(name);
    }
    const rate = (name: 'ours' | 'echo') => median(samples[name].map((sample) => sample.rate));
    const cpu = (name: 'ours' | 'echo') => (samples[name].some((sample) => sample.cpuUs === null) ? null : median(samples[name].map((sample) => sample.cpuUs!)));
    const [oursCpuUs, echoCpuUs] = [cpu('ours'), cpu('echo')];
    return {
      ours: rate('ours'),
      echo: rate('echo'),
      ratio: rate('ours') / rate('echo'),
      oursCpuUs,
      echoCpuUs,
      cpuRatio: oursCpuUs === null || echoCpuUs === null ? null : oursCpuUs / echoCpuUs,
    };
  } finally {
    await ours.stop();
    await echo.stop();
  }
}

interface Sample {
  readonly rate: number;
  readonly cpuUs: number | null;
}

/** Sends `frames` frames with up to 100 in flight and counts replies per second. */
async function roundTrips(url: string, hello: string, frame: string, frames: number): Promise<number> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(hello);
  await new Promise((resolve) => socket.once('message', resolve));
  const window = 100;
  let sent = 0;
  let received = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    socket.on('message', () => {
      received += 1;
      if (received === frames) resolve();
      else if (sent < frames) {
        socket.send(frame);
        sent += 1;
      }
    });
    for (; sent < Math.min(window, frames); sent += 1) socket.send(frame);
  });
  const seconds = (performance.now() - start) / 1000;
  socket.close();
  return frames / seconds;
}

/**
 * Scenarios: one of a day of virtual time (the target: milliseconds), and every file of
 * scenarios/ one at a time against as many at once as there are cores.
 */
export async function scenarioRuns(): Promise<{ dayMedianMs: number; files: number; serialMs: number; parallelMs: number; jobs: number }> {
  const data = loadProjectData();
  const root = packageRoot();
  const day = findScenarioFiles([join('scenarios', 'polycom', 'vvx-601-update-postpone.yaml')], root).files;
  const samples: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const start = performance.now();
    await runScenarios(day, { data, jobs: 1 });
    samples.push(performance.now() - start);
  }
  const all = findScenarioFiles(['scenarios'], root).files;
  const timed = async (jobs?: number) => {
    const report = await runScenarios(all, { data, jobs });
    if (report.exitCode !== 0) throw new Error('a scenario failed: run phone-emu run scenarios/');
    return report;
  };
  const serial = await timed(1);
  const parallel = await timed();
  return { dayMedianMs: median(samples), files: all.length, serialMs: serial.wallMs, parallelMs: parallel.wallMs, jobs: parallel.jobs };
}
