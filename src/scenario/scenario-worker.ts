import { parentPort, workerData } from 'node:worker_threads';
import { loadScenarioFile } from './load-scenario.js';
import { runScenario, type ScenarioResult } from './run-scenario.js';
import type { ThreadJob, WorkerInit } from './scenario-threads.js';

/**
 * A worker thread of `phone-emu run --jobs N` (scenario-threads.ts): runs the scenarios it is
 * sent one at a time, each with its own clock and server, and posts each result back.
 */
const { data, settings } = workerData as WorkerInit;
const port = parentPort!;

async function run(job: ThreadJob): Promise<ScenarioResult> {
  // Parsed again here: a scenario holds functions and shared profile objects, which do not cross threads.
  const loaded = loadScenarioFile(job.path, job.file, data);
  if (!loaded.ok) throw new Error(`${job.file} changed during the run: ${loaded.problems.map((problem) => problem.problem).join('; ')}`);
  return runScenario(loaded.scenario, { ...settings, data, phoneNumber: job.phoneNumber });
}

port.on('message', (job: ThreadJob) => {
  void run(job).then((result) => port.postMessage(result));
});
