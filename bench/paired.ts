import { spawnSync } from 'node:child_process';
import { median } from './measure.js';

/** Two figures measured in turns, and the ratio of their medians (b over a). */
export interface Paired {
  readonly aMs: number;
  readonly bMs: number;
  readonly ratio: number;
  readonly aSamples: readonly number[];
  readonly bSamples: readonly number[];
}

/**
 * Measures `a` and `b` `times` times each, in turns whose order alternates (a b, b a, a b...):
 * neither pays the other's warm-up or gets the quieter half of a loaded machine.
 */
export async function alternated(times: number, a: () => Promise<number> | number, b: () => Promise<number> | number): Promise<Paired> {
  const aSamples: number[] = [];
  const bSamples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const order = i % 2 === 0 ? [a, b] : [b, a];
    for (const measure of order) (measure === a ? aSamples : bSamples).push(await measure());
  }
  const aMs = median(aSamples);
  const bMs = median(bSamples);
  return { aMs, bMs, ratio: bMs / aMs, aSamples, bSamples };
}

/** Wall milliseconds of one cold `node ARGS` process; it must exit 0 (or `allowedStatus`). */
export function processMs(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; allowedStatus?: number } = {}): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore', env: options.env, cwd: options.cwd });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== options.allowedStatus) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  return ms;
}
