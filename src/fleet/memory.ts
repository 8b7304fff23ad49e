import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps a fleet's memory near what it really holds. V8 lets garbage pile up to
 * several times the live heap before a full collection, and a fleet makes garbage in
 * bursts (thousands of frames at one virtual moment). Collecting once the heap has
 * grown by `growthBytes` trades a little wall time for a peak close to the live size.
 */
export function garbageCollector(growthBytes = 12 * 1024 * 1024): { maybeCollect(): void } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  // Buffers live outside the heap but are freed only when the heap is collected: count both.
  const held = () => {
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  let baseline = held();
  return {
    maybeCollect: () => {
      if (!gc || held() - baseline < growthBytes) return;
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
 * The young generation also stays at its starting size (1 MiB semi-spaces): a fleet
 * allocates fast enough that V8 would grow it to 16 MiB semi-spaces, about 30 MiB of
 * resident memory for objects that die young anyway. `--max-semi-space-size` is read
 * only when the heap is made; the growth factor is read at every scavenge, so it works
 * from here.
 */
export function preferSmallHeap(): void {
  setFlagsFromString('--optimize-for-size');
  setFlagsFromString('--semi-space-growth-factor=1');
}
