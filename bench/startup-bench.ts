import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/profiles/paths.js';
import { cli, median } from './measure.js';
import { alternated, processMs, type Paired } from './paired.js';

/** The small scenario `phone-emu run` is timed on: three steps on a Lync Phone Edition phone. */
export const smallScenario = join('scenarios', 'lpe', '6725ip-fr-fr.yaml');

export interface StartupFigures {
  /** node -e 0 (a) against phone-emu run of the small scenario (b), the data cache filled. */
  readonly run: Paired;
  /** The same with an empty cache folder each time: the first run after an install (no data cache, no code cache). */
  readonly firstRun: Paired;
  /** The same with the code cache kept and the data cache gone: the first run after a data file's edit. */
  readonly afterDataEdit: Paired;
}

/** Cold processes, in turns: `node -e 0` against `phone-emu run scenarios/lpe/6725ip-fr-fr.yaml`. */
export async function runStartup(times = 10): Promise<StartupFigures> {
  const root = packageRoot();
  const cache = mkdtempSync(join(tmpdir(), 'phone-emu-bench-cache-'));
  try {
    const env = (dir: string) => ({ ...process.env, PHONE_EMU_CACHE_DIR: dir });
    const runArgs = [cli, 'run', smallScenario];
    processMs(runArgs, { env: env(cache), cwd: root });
    const run = await alternated(times, () => processMs(['-e', '0']), () => processMs(runArgs, { env: env(cache), cwd: root }));
    /** A run with a cache folder of its own, made by `fill` (nothing: both caches empty). */
    const inFolder = (fill: (dir: string) => void) => () => {
      const dir = mkdtempSync(join(tmpdir(), 'phone-emu-bench-cache-'));
      try {
        fill(dir);
        return processMs(runArgs, { env: env(dir), cwd: root });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const firstRun = await alternated(times, () => processMs(['-e', '0']), inFolder(() => {}));
    const keepCodeCache = (dir: string) => {
      for (const name of readdirSync(cache).filter((file) => file.endsWith('.v8'))) copyFileSync(join(cache, name), join(dir, name));
    };
    const afterDataEdit = await alternated(times, () => processMs(['-e', '0']), inFolder(keepCodeCache));
    return { run, firstRun, afterDataEdit };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

/** `phone-emu run scenarios --jobs 1` (a) against `--jobs 2` (b), each a cold process, in turns. */
export async function jobsSpeedup(times = 3): Promise<Paired & { files: number }> {
  const root = packageRoot();
  const jobs = (n: number) => () => processMs([cli, 'run', 'scenarios', '--jobs', String(n), '--reporter', 'json'], { cwd: root });
  const paired = await alternated(times, jobs(1), jobs(2));
  const report = spawnSync(process.execPath, [cli, 'run', 'scenarios', '--reporter', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const files = (JSON.parse(report.stdout) as { scenarios: unknown[] }).scenarios.length;
  return { ...paired, files };
}

/** 7 virtual days of one phone: cold (the first run in a process) and warm (runs after it), medians over `processes`. */
export function virtualTimeColdWarm(processes = 3): { coldMs: number; warmMs: number; virtualDays: number } {
  const child = join(packageRoot(), 'dist', 'bench', 'virtual-time-child.js');
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < processes; i += 1) {
    const result = spawnSync(process.execPath, [child, '5'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`the virtual-time bench failed: ${result.stderr}`);
    const figures = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { coldMs: number; warmMs: number[] };
    cold.push(figures.coldMs);
    warm.push(...figures.warmMs);
  }
  return { coldMs: median(cold), warmMs: median(warm), virtualDays: 7 };
}
