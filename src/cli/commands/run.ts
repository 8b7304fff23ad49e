import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runScenarioReport } from '../../library/scenarios.js';
import { lastRunFile, readLastFailed, recordLastRun } from '../../scenario/last-run.js';
import { formatReport, humanResult, humanSummary, type ReporterName } from '../../scenario/reporters/index.js';
import { describeScenarioProblem } from '../../scenario/load-scenario.js';
import { findScenarioFiles } from '../../scenario/run-scenarios.js';
import { parseTextMatch } from '../../scenario/text-match.js';
import { programName, UsageError } from '../fail.js';

export interface RunCommandOptions {
  readonly reporter: ReporterName;
  readonly out?: string;
  readonly grep?: string;
  readonly lastFailed?: boolean;
  readonly trace?: boolean;
  readonly server?: string;
  readonly adminToken?: string;
  readonly jobs?: number;
}

/** `phone-emu run FILE... | DIR`: runs scenarios headless; exit 0 all pass, 1 any fails, 2 a file is invalid. */
export async function runCommand(inputs: readonly string[], options: RunCommandOptions): Promise<void> {
  if (options.server !== undefined && !/^wss?:\/\/./.test(options.server)) {
    throw new UsageError(`--server: "${options.server}" is not a WebSocket URL such as ws://127.0.0.1:8080`);
  }
  const grep = options.grep === undefined ? undefined : parseTextMatch(options.grep);
  if (typeof grep === 'string') throw new UsageError(`--grep: ${grep}`);
  const { files, missing } = findScenarioFiles(inputs);
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  if (files.length === 0) throw new UsageError(`no scenario files (*.yaml) in ${inputs.join(', ')}`);

  const statePath = resolve(lastRunFile);
  let only: ((file: string) => boolean) | undefined;
  if (options.lastFailed) {
    const failed = readLastFailed(statePath);
    const rerun = files.filter((file) => failed.has(file.file));
    if (rerun.length > 0) only = (file) => failed.has(file);
    else console.error(`${programName}: --last-failed: no failure recorded for these files; running them all`);
  }

  // The human report streams one scenario at a time; the others are written whole at the end.
  const toFile = options.out !== undefined;
  const streamHuman = options.reporter === 'human' || toFile;
  // The library's run (phone-emu's exports): what code calls is what the CLI runs.
  const report = await runScenarioReport(files.map((file) => file.path), {
    ...(options.server === undefined ? {} : { server: options.server }),
    ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
    ...(options.trace === undefined ? {} : { trace: options.trace }),
    ...(options.grep === undefined ? {} : { grep: options.grep }),
    only,
    jobs: options.jobs,
    // Invalid files are listed on stderr below, with the problems.
    onResult: (result) => {
      if (streamHuman && result.status !== 'invalid') process.stdout.write(humanResult(result));
    },
  });
  if (report.results.length === 0) throw new UsageError(`no scenario matches --grep ${options.grep ?? ''}`);
  recordLastRun(statePath, report.results);
  const problems = report.results.flatMap((result) => result.problems ?? []);
  if (problems.length > 0) {
    console.error(`${programName}: ${problems.length} problem(s) in the scenario files; nothing was run:`);
    for (const problem of problems) console.error(`  ${describeScenarioProblem(problem)}`);
  }

  if (streamHuman) process.stdout.write(humanSummary(report));
  if (toFile) writeFileSync(options.out!, formatReport(options.reporter, report));
  else if (options.reporter !== 'human') process.stdout.write(formatReport(options.reporter, report));
  process.exitCode = report.exitCode;
}
