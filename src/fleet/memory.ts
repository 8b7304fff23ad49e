import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps a fleet's memory near what it really holds. V8 lets garbage pile up to
 * several times the live heap before a full collection, and a fleet makes garbage in
 * bursts (thousands of frames at one virtual moment). Collecting once the heap has
 * grown by a share of what the last collection left (`growthShare`, at least
 * `minGrowthBytes`) keeps the peak near the live size; a fixed step would not do: each
 * full collection costs in proportion to the live heap, so at 20,000 phones a 12 MiB step
 * spent a third of the run collecting. A share keeps that cost per byte allocated flat.
 */
export function garbageCollector(minGrowthBytes = 12 * 1024 * 1024, growthShare = 0.25): { maybeCollect(): void } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  // Buffers live outside the heap but are freed only when the heap is collected: count both.
  // Asked between every step: V8's own figures cost a microsecond, process.memoryUsage() 30
  // (it reads the resident size from /proc).
  const held = () => {
    const { used_heap_size: heap, external_memory: external } = getHeapStatistics();
    return heap + external;
  };
  let baseline = held();
  return {
    maybeCollect: () => {
      if (!gc || held() - baseline < Math.max(minGrowthBytes, baseline * growthShare)) return;
      gc();
      baseline = held();
    },
  };
}

/** The process's peak resident memory so far, as the kernel counts it. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Asks V8 for a compact heap: thousands of small phones then cost about their live
 * size instead of twice that. Fleet mode only.
 *
 * In the fleet process itself the young generation stays at its starting size (1 MiB
 * semi-spaces): a fleet allocates fast enough that V8 would grow it to 16 MiB semi-spaces,
 * about 30 MiB of resident memory for objects that die young anyway. `--max-semi-space-size`
 * is read only when the heap is made; the growth factor is read at every scavenge, so it
 * works from here. A worker process is started with `workerHeapFlags` instead, and lets
 * its young generation grow to that cap: fewer scavenges, a few MiB more.
 */
export function preferSmallHeap({ pinYoungGeneration = true }: { pinYoungGeneration?: boolean } = {}): void {
  setFlagsFromString('--optimize-for-size');
  if (pinYoungGeneration) setFlagsFromString('--semi-space-growth-factor=1');
}

/** Semi-spaces of a worker's young generation, in MiB: a 1 MiB one scavenged 26,000 times at 20,000 phones. */
export const workerSemiSpaceMiB = 4;

/** Node flags for a fleet worker process: a young generation that may grow, but not to V8's 16 MiB. */
export function workerHeapFlags(): string[] {
  return [`--max-semi-space-size=${workerSemiSpaceMiB}`];
}
