import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/profiles/paths.js';
import { coldStart, fleetConvergence, keypressToFrame, scenarioRuns, serverThroughput, virtualTimeSpeed } from './benchmarks.js';

/**
 * `npm run bench [name...]`: speed and memory figures, written to bench/results.json
 * and printed as a table. Not part of `npm test`: figures depend on the machine.
 * Names: fleet, virtual-time, keypress, cold-start, server, scenarios (default: all).
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
  for (const count of [1_000, 10_000]) {
    const fleet = await fleetConvergence(count);
    results[`fleet${count}`] = fleet;
    row(
      `fleet rollout, ${count.toLocaleString('en-US')} phones`,
      `${fleet.converged}/${fleet.phones} converged in ${(fleet.wallMs / 1000).toFixed(1)} s wall, ${fleet.kibPerPhone.toFixed(1)} KiB/phone peak RSS` +
        (fleet.serverPeakRssBytes === null ? '' : `; server ${(fleet.serverPeakRssBytes / 1048576).toFixed(0)} MiB peak`),
      count === 10_000 ? '< 60 s, < 25 KiB/phone' : '',
    );
  }
}
if (wanted('virtual-time')) {
  const speed = await virtualTimeSpeed();
  results['virtualTime'] = speed;
  row('virtual time, 1 phone over 7 days', `${Math.round(speed.virtualSecondsPerWallSecond).toLocaleString('en-US')} virtual s per wall s`);
}
if (wanted('keypress')) {
  const keys = await keypressToFrame();
  results['keypress'] = keys;
  row('Ink keypress to frame', `median ${keys.medianMs.toFixed(2)} ms, p95 ${keys.p95Ms.toFixed(2)} ms`);
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
