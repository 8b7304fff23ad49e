import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/profiles/paths.js';
import { coldStart, scenarioRuns, serverThroughput } from './benchmarks.js';
import { describeRollout, fleetRollout, fleetTargets } from './fleet-bench.js';
import { keypressInChildProcess } from './keypress-bench.js';
import { jobsSpeedup, runStartup, smallScenario, virtualTimeColdWarm } from './startup-bench.js';

/**
 * `npm run bench [name...]`: speed and memory figures, written to bench/results.json
 * and printed as a table. Not part of `npm test`: figures depend on the machine.
 * Names: fleet, virtual-time, keypress, cold-start, startup, jobs, server, scenarios (default: all).
 */
const rows: [string, string, string][] = [];
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
};
const row = (name: string, figure: string, target = '') => {
  rows.push([name, figure, target]);
  console.error(`  ${name}: ${figure}`);
};

const only = new Set(process.argv.slice(2));
const wanted = (name: string) => only.size === 0 || only.has(name);

if (wanted('fleet')) {
  for (const count of [1_000, 10_000, 20_000]) {
    const fleet = await fleetRollout(count);
    results[`fleet${count}`] = fleet;
    row(`fleet rollout, ${count.toLocaleString('en-US')} phones`, describeRollout(fleet), fleetTargets[count] ?? '');
  }
}
if (wanted('virtual-time')) {
  const speed = virtualTimeColdWarm();
  results['virtualTime'] = speed;
  const perSecond = (ms: number) => Math.round((7 * 86_400) / (ms / 1000)).toLocaleString('en-US');
  row(
    'virtual time, 1 phone over 7 days (cold: first run in a process; warm: later runs)',
    `cold ${speed.coldMs.toFixed(0)} ms (${perSecond(speed.coldMs)} virtual s per wall s), warm ${speed.warmMs.toFixed(0)} ms (${perSecond(speed.warmMs)})`,
  );
}
if (wanted('keypress')) {
  // Through Ink with the CLI's render options and a fake TTY; before: React's development build at Ink's 30 fps.
  const after = keypressInChildProcess();
  const before = keypressInChildProcess(200, true);
  results['keypress'] = { after, before };
  const figure = (keys: typeof after) =>
    `spaced median ${keys.spaced.medianMs.toFixed(1)} ms, p95 ${keys.spaced.p95Ms.toFixed(1)} ms; back to back median ${keys.backToBack.medianMs.toFixed(1)} ms, p95 ${keys.backToBack.p95Ms.toFixed(1)} ms`;
  row('keypress to changed frame (CLI Ink settings, fake TTY)', figure(after), 'p95 < 16 ms');
  row('keypress to changed frame, before (dev React, 30 fps)', figure(before));
}
if (wanted('startup')) {
  const start = await runStartup();
  results['startup'] = start;
  row(
    `phone-emu run ${smallScenario} vs node -e 0 (10 each, alternated)`,
    `${start.run.bMs.toFixed(0)} ms vs ${start.run.aMs.toFixed(0)} ms: ${start.run.ratio.toFixed(2)}x; first run after a data edit ${start.afterDataEdit.bMs.toFixed(0)} ms: ${start.afterDataEdit.ratio.toFixed(2)}x; after an install (both caches empty) ${start.firstRun.bMs.toFixed(0)} ms: ${start.firstRun.ratio.toFixed(2)}x`,
    '< 3x',
  );
}
if (wanted('jobs')) {
  const jobs = await jobsSpeedup();
  results['jobs'] = jobs;
  row(
    `phone-emu run scenarios/ (${jobs.files} files) --jobs 1 vs --jobs 2 (processes, alternated)`,
    `${jobs.aMs.toFixed(0)} ms vs ${jobs.bMs.toFixed(0)} ms: ${(1 / jobs.ratio).toFixed(2)}x`,
    '>= 1.7x on 2 cores',
  );
}
if (wanted('cold-start')) {
  const start = coldStart();
  results['coldStart'] = start;
  row('CLI cold start (--version vs node -e 0)', `${start.cliMs.toFixed(0)} ms vs ${start.nodeMs.toFixed(0)} ms: ${start.ratio.toFixed(2)}x`);
}
if (wanted('server')) {
  const throughput = await serverThroughput();
  results['serverThroughput'] = throughput;
  row(
    'server round trips (update.check vs bare ws echo)',
    `${Math.round(throughput.ours).toLocaleString('en-US')}/s vs ${Math.round(throughput.echo).toLocaleString('en-US')}/s: ${throughput.ratio.toFixed(2)}x` +
      (throughput.cpuRatio === null ? '' : `; server CPU ${throughput.oursCpuUs!.toFixed(1)} vs ${throughput.echoCpuUs!.toFixed(1)} µs a round trip: ${throughput.cpuRatio.toFixed(2)}x (target 1.5x)`),
  );
}
function perSecond(count: number, ms: number): string {
  return (count / (ms / 1000)).toFixed(1);
}

if (wanted('scenarios')) {
  const runs = await scenarioRuns();
  results['scenarios'] = runs;
  row('scenario with a day of virtual time', `median ${runs.dayMedianMs.toFixed(1)} ms`, 'milliseconds');
  row(
    `scenarios/ (${runs.files} files), 1 at a time vs ${runs.jobs} at once`,
    `${perSecond(runs.files, runs.serialMs)} vs ${perSecond(runs.files, runs.parallelMs)} scenarios/s (${runs.serialMs.toFixed(0)} ms vs ${runs.parallelMs.toFixed(0)} ms): ${(runs.serialMs / runs.parallelMs).toFixed(2)}x`,
  );
}

writeFileSync(join(packageRoot(), 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const header: [string, string, string] = ['benchmark', 'figure', 'target'];
const widths = [0, 1, 2].map((column) => Math.max(...[header, ...rows].map((r) => r[column]!.length)));
for (const [index, line] of [header, ...rows].entries()) {
  console.log(`| ${line.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`);
  if (index === 0) console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
}
console.log(`\nwritten to bench/results.json (${results['cores']} cores, ${results['cpu']})`);
process.exit(0);
