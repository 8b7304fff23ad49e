import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadProjectData, type ProjectData } from '../profiles/load-data.js';
import { loadScenarioFile, type LoadResult } from './load-scenario.js';
import { runScenario, type ScenarioResult } from './run-scenario.js';
import { runOnThreads, threadsAvailable } from './scenario-threads.js';
import { matchesText, type TextMatch } from './text-match.js';

/** A scenario file: where it is, and its path as the user sees it (relative to the working folder). */
export interface ScenarioFile {
  readonly path: string;
  readonly file: string;
}

const isScenarioFile = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');

/** FILE... | DIR: files as given, folders searched recursively for *.yaml and *.yml in name order. */
export function findScenarioFiles(inputs: readonly string[], cwd: string = process.cwd()): { files: ScenarioFile[]; missing: string[] } {
  const files: ScenarioFile[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push({ path, file: relative(cwd, path).split(sep).join('/') || basename(path) });
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && isScenarioFile(entry.name)) add(path);
    }
  };
  for (const input of inputs) {
    const path = resolve(cwd, input);
    if (!existsSync(path)) missing.push(input);
    else if (statSync(path).isDirectory()) walk(path);
    else add(path);
  }
  return { files, missing };
}

export interface RunOptions {
  /** devices/ and firmware-catalog/; loaded from the package when not given. */
  readonly data?: ProjectData;
  /** A server for every phone instead of one in-process server per scenario. */
  readonly serverUrl?: string | undefined;
  readonly adminToken?: string | undefined;
  readonly trace?: boolean | undefined;
  /** Runs only scenarios whose name or file matches. */
  readonly grep?: TextMatch | undefined;
  /** Runs only the files this accepts (--last-failed). */
  readonly only?: ((file: string) => boolean) | undefined;
  /** Scenarios run at once; the number of cores by default. */
  readonly jobs?: number | undefined;
  /** With jobs > 1, worker threads beside this one (the default, in built code); false: all on this thread. */
  readonly threads?: boolean | undefined;
  readonly stepTimeoutMs?: number | undefined;
  /** Called with each result in file order, as soon as it and all before it are done. */
  readonly onResult?: ((result: ScenarioResult) => void) | undefined;
}

export interface RunReport {
  readonly results: readonly ScenarioResult[];
  /** 0 all passed, 1 any failed, 2 any file invalid (then nothing ran). */
  readonly exitCode: 0 | 1 | 2;
  readonly wallMs: number;
  readonly jobs: number;
}

/**
 * Validates every file first: one invalid file stops the run before any phone starts
 * (exit 2). Then runs the selected scenarios, up to `jobs` at once, each with its own
 * clock and server, and reports them in file order.
 */
export async function runScenarios(files: readonly ScenarioFile[], options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const data = options.data ?? loadProjectData();
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const loaded = files.map((file) => loadScenarioFile(file.path, file.file, data));
  const invalid = loaded.filter((result): result is Extract<LoadResult, { ok: false }> => !result.ok);
  if (invalid.length > 0) {
    const results = invalid.map(invalidResult);
    results.forEach((result) => options.onResult?.(result));
    return { results, exitCode: 2, wallMs: performance.now() - started, jobs };
  }
  const pathOf = new Map(files.map((file) => [file.file, file.path]));
  const scenarios = loaded
    .flatMap((result) => (result.ok ? [result.scenario] : []))
    .filter((scenario) => !options.grep || matchesText(options.grep, scenario.name) || matchesText(options.grep, scenario.file))
    .filter((scenario) => !options.only || options.only(scenario.file));
  const settings = { serverUrl: options.serverUrl, adminToken: options.adminToken, trace: options.trace, stepTimeoutMs: options.stepTimeoutMs };
  // Each in-process server sees one phone, the first of its model (a MAC a scenario can name); a shared --server sees them all.
  const phoneNumber = (index: number) => (options.serverUrl === undefined ? 1 : index + 1);
  const done = (result: ScenarioResult) => options.onResult?.(result);
  const results =
    jobs > 1 && scenarios.length > 1 && options.threads !== false && threadsAvailable()
      ? await runOnThreads(
          scenarios.map((scenario, index) => ({ scenario, path: pathOf.get(scenario.file)!, phoneNumber: phoneNumber(index) })),
          jobs,
          (item) => runScenario(item.scenario, { data, ...settings, phoneNumber: item.phoneNumber }),
          done,
          { data, settings },
        )
      : await inOrderPool(scenarios, jobs, (scenario, index) => runScenario(scenario, { data, ...settings, phoneNumber: phoneNumber(index) }), done);
  const exitCode = results.some((result) => result.status !== 'passed') ? 1 : 0;
  return { results, exitCode, wallMs: performance.now() - started, jobs };
}

function invalidResult(result: Extract<LoadResult, { ok: false }>): ScenarioResult {
  return {
    file: result.file,
    name: result.name ?? result.file,
    device: undefined,
    columns: undefined,
    status: 'invalid',
    wallMs: 0,
    virtualMs: 0,
    steps: 0,
    problems: result.problems,
    trace: [],
  };
}

/** Runs `work` on up to `limit` items at once; `done` hears results in item order. */
async function inOrderPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  done: (result: R) => void,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  const finished: boolean[] = new Array<boolean>(items.length).fill(false);
  let next = 0;
  let reported = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
      finished[index] = true;
      while (reported < items.length && finished[reported]) done(results[reported++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
