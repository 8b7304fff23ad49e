import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProjectData } from '../profiles/load-data.js';
import type { Scenario } from './load-scenario.js';
import type { RunScenarioOptions, ScenarioResult } from './run-scenario.js';

/** What every scenario of a run shares, sent once to each worker thread. */
export interface WorkerInit {
  readonly data: ProjectData;
  readonly settings: Omit<RunScenarioOptions, 'data' | 'phoneNumber'>;
}

/** One scenario for a worker: its file (the worker reads and parses it again) and its phone's number. */
export interface ThreadJob {
  readonly path: string;
  readonly file: string;
  readonly phoneNumber: number;
}

/** The worker's entry, built beside this module (dist/src/scenario/scenario-worker.js). */
export const scenarioWorkerUrl = new URL('./scenario-worker.js', import.meta.url);

/**
 * Worker threads run built JavaScript only: under the tests (src/*.ts) there is no
 * scenario-worker.js beside this file, and `--jobs` stays concurrency on one thread.
 */
export function threadsAvailable(url: URL = scenarioWorkerUrl): boolean {
  return url.protocol === 'file:' && existsSync(fileURLToPath(url));
}

/** A scenario with the path it was read from, as the run has validated it. */
export interface ThreadScenario {
  readonly path: string;
  readonly scenario: Scenario;
  readonly phoneNumber: number;
}

/**
 * Runs scenarios on `jobs` threads: this one (warm already: it has loaded and validated
 * every file) and `jobs - 1` worker threads, each taking the next scenario when it is free.
 * `done` hears results in item order. A worker that dies (an uncaught error, out of memory)
 * fails the scenario it was running, with the reason; a new worker takes the next one.
 */
export async function runOnThreads(
  items: readonly ThreadScenario[],
  jobs: number,
  runHere: (item: ThreadScenario) => Promise<ScenarioResult>,
  done: (result: ScenarioResult) => void,
  init: WorkerInit,
  workerUrl: URL = scenarioWorkerUrl,
): Promise<ScenarioResult[]> {
  const threads = Array.from({ length: Math.min(jobs, items.length) - 1 }, () => new WorkerThread(workerUrl, init));
  const runners = [runHere, ...threads.map((thread) => (item: ThreadScenario) => thread.run(item))];
  try {
    return await inOrderRunners(items, runners, done);
  } finally {
    await Promise.all(threads.map((thread) => thread.close()));
  }
}

/** Each runner takes the next item when it is free; `done` hears results in item order. */
async function inOrderRunners<T, R>(items: readonly T[], runners: readonly ((item: T) => Promise<R>)[], done: (result: R) => void): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  const finished: boolean[] = new Array<boolean>(items.length).fill(false);
  let next = 0;
  let reported = 0;
  const loop = async (run: (item: T) => Promise<R>) => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
      finished[index] = true;
      while (reported < items.length && finished[reported]) done(results[reported++]!);
    }
  };
  await Promise.all(runners.map(loop));
  return results;
}

interface Running {
  readonly item: ThreadScenario;
  readonly started: number;
  readonly resolve: (result: ScenarioResult) => void;
}

/** One worker thread, started on its first scenario and again after it dies. */
class WorkerThread {
  #current: { worker: Worker; running: Running | undefined } | undefined;

  constructor(
    private readonly url: URL,
    private readonly init: WorkerInit,
  ) {}

  run(item: ThreadScenario): Promise<ScenarioResult> {
    const current = (this.#current ??= this.#start());
    return new Promise((resolve) => {
      current.running = { item, started: performance.now(), resolve };
      const job: ThreadJob = { path: item.path, file: item.scenario.file, phoneNumber: item.phoneNumber };
      current.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    if (current) await current.worker.terminate();
  }

  #start() {
    const worker = new Worker(this.url, { workerData: this.init });
    const current: { worker: Worker; running: Running | undefined } = { worker, running: undefined };
    const settle = (result: (running: Running) => ScenarioResult) => {
      const running = current.running;
      current.running = undefined;
      running?.resolve(result(running));
    };
    const lost = (why: string) => {
      if (this.#current === current) this.#current = undefined;
      settle((running) => crashed(running, why));
    };
    worker.on('message', (result: ScenarioResult) => settle(() => result));
    worker.on('error', (error: Error) => lost(error.message));
    worker.on('exit', (code) => lost(`it exited with code ${code}`));
    return current;
  }
}

/** The report of a scenario whose worker thread died under it. */
function crashed(running: Running, why: string): ScenarioResult {
  const { scenario } = running.item;
  return {
    file: scenario.file,
    name: scenario.name,
    device: scenario.profile.id,
    columns: scenario.profile.display.columns,
    status: 'failed',
    wallMs: performance.now() - running.started,
    virtualMs: 0,
    steps: scenario.steps.length,
    failure: { step: undefined, message: `the emulator failed: the worker thread running this scenario stopped (${why})`, at: 0, notSupported: false },
    trace: [],
  };
}
