import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ScenarioResult } from './run-scenario.js';

/** Where `phone-emu run` remembers what failed, relative to the working folder (like .pytest_cache). */
export const lastRunFile = '.phone-emu/last-run.json';

interface LastRun {
  readonly version: 1;
  /** Scenario files that failed or were invalid when they last ran. */
  readonly failed: readonly string[];
}

/** The files that failed last time; empty when nothing is recorded or the record is unreadable. */
export function readLastFailed(path: string): Set<string> {
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as Partial<LastRun>;
    return new Set(record.version === 1 && Array.isArray(record.failed) ? record.failed.filter((file) => typeof file === 'string') : []);
  } catch {
    return new Set();
  }
}

/** Updates the record with this run: files that ran take their new outcome, others keep theirs. */
export function recordLastRun(path: string, results: readonly ScenarioResult[]): void {
  const failed = readLastFailed(path);
  for (const result of results) {
    if (result.status === 'passed') failed.delete(result.file);
    else failed.add(result.file);
  }
  const record: LastRun = { version: 1, failed: [...failed].sort() };
  mkdirSync(dirname(path), { recursive: true });
  // Written aside and renamed, so parallel or interrupted runs never leave half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, path);
}
