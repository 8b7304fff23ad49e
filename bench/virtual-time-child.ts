import { virtualTimeSpeed } from './benchmarks.js';

/**
 * 7 virtual days of one phone, first in a fresh process (cold: V8 has compiled nothing
 * of the phone yet) and then again `warmRuns` times in the same process (warm).
 * Prints one JSON line: the cold wall ms and each warm one.
 */
const warmRuns = Number(process.argv[2] ?? 5);
const cold = (await virtualTimeSpeed()).wallMs;
const warm: number[] = [];
for (let i = 0; i < warmRuns; i += 1) warm.push((await virtualTimeSpeed()).wallMs);
console.log(JSON.stringify({ coldMs: cold, warmMs: warm }));
process.exit(0);
