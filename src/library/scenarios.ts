import { isAbsolute, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadProjectData } from '../profiles/load-data.js';
import { jsonReportObject, type JsonReport } from '../scenario/reporters/json.js';
import { parseScenario } from '../scenario/load-scenario.js';
import { runScenario as runLoadedScenario } from '../scenario/run-scenario.js';
import { findScenarioFiles, runScenarios as runScenarioFiles, type RunOptions, type RunReport } from '../scenario/run-scenarios.js';
import { parseTextMatch } from '../scenario/text-match.js';

export type { JsonReport };

/** The options of `phone-emu run`, for code. */
export interface ScenarioOptions {
  /** Runs every phone against this server (ws://...) instead of one in-process server per scenario. */
  readonly server?: string;
  readonly adminToken?: string;
  /** Runs only the scenarios whose name or file contains this text (or matches `/REGEX/`). */
  readonly grep?: string;
  readonly trace?: boolean;
  /** Scenarios at once; the number of cores by default. */
  readonly jobs?: number;
  /** Where relative paths start, and how files are named in the report; the working folder by default. */
  readonly cwd?: string;
  /** Real ms each step gets before the run gives up on it (30 s). */
  readonly stepTimeoutMs?: number;
}

function runOptions(options: ScenarioOptions): RunOptions {
  const grep = options.grep === undefined ? undefined : parseTextMatch(options.grep);
  if (typeof grep === 'string') throw new Error(`phone-emu: grep: ${grep}`);
  return {
    data: loadProjectData(),
    serverUrl: options.server,
    adminToken: options.adminToken,
    trace: options.trace,
    grep,
    jobs: options.jobs,
    stepTimeoutMs: options.stepTimeoutMs,
  };
}

/**
 * Runs scenario files and folders (searched for *.yaml), as `phone-emu run` does, and returns
 * the whole report; the CLI formats this one. Extra `run` options (onResult, only) pass through.
 */
export async function runScenarioReport(paths: string | readonly string[], options: ScenarioOptions & Pick<RunOptions, 'onResult' | 'only'> = {}): Promise<RunReport> {
  const cwd = options.cwd ?? process.cwd();
  const { files, missing } = findScenarioFiles(typeof paths === 'string' ? [paths] : paths, cwd);
  if (missing.length > 0) throw new Error(`phone-emu: no such file or folder: ${missing.join(', ')}`);
  return runScenarioFiles(files, { ...runOptions(options), onResult: options.onResult, only: options.only });
}

/** Runs scenario files and folders; resolves to what `phone-emu run --reporter json` prints. */
export async function runScenarios(paths: string | readonly string[], options: ScenarioOptions = {}): Promise<JsonReport> {
  return jsonReportObject(await runScenarioReport(paths, options));
}

/**
 * Runs one scenario: a file, or a scenario as its YAML would read (`{ name, device, steps: [...] }`).
 * Resolves to the JSON report of a run of one; an invalid scenario is reported, not thrown.
 */
export async function runScenario(fileOrScenario: string | Readonly<Record<string, unknown>>, options: ScenarioOptions = {}): Promise<JsonReport> {
  if (typeof fileOrScenario === 'string') {
    const cwd = options.cwd ?? process.cwd();
    return runScenarios(isAbsolute(fileOrScenario) ? fileOrScenario : resolve(cwd, fileOrScenario), options);
  }
  const run = runOptions(options);
  const file = typeof fileOrScenario.name === 'string' ? `${fileOrScenario.name}.yaml` : 'scenario.yaml';
  const started = performance.now();
  const loaded = parseScenario(stringify(fileOrScenario), file, run.data!);
  if (!loaded.ok) {
    const invalid = { file, name: loaded.name ?? file, device: undefined, columns: undefined, status: 'invalid' as const, wallMs: 0, virtualMs: 0, steps: 0, problems: loaded.problems, trace: [] };
    return jsonReportObject({ results: [invalid], exitCode: 2, wallMs: performance.now() - started, jobs: 1 });
  }
  const result = await runLoadedScenario(loaded.scenario, { data: run.data!, serverUrl: run.serverUrl, adminToken: run.adminToken, trace: run.trace, stepTimeoutMs: run.stepTimeoutMs });
  return jsonReportObject({ results: [result], exitCode: result.status === 'passed' ? 0 : 1, wallMs: performance.now() - started, jobs: 1 });
}
