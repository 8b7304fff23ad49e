import type { VirtualClock } from '../core/virtual-clock.js';

/**
 * Lets virtual time flow at wall-clock speed for an interactive phone, and jump ahead
 * on demand. Ticks are skipped while a jump is stepping through timers.
 */
export function runInRealTime(
  clock: VirtualClock,
  jump: (ms: number) => Promise<void>,
  tickMs = 100,
): { jump(ms: number): Promise<void>; stop(): void } {
  let last = performance.now();
  let jumping = false;
  const timer = setInterval(() => {
    const now = performance.now();
    if (!jumping) clock.set(clock.now() + Math.round(now - last));
    last = now;
  }, tickMs);
  return {
    jump: async (ms) => {
      if (jumping) return;
      jumping = true;
      try {
        await jump(ms);
      } finally {
        jumping = false;
        last = performance.now();
      }
    },
    stop: () => clearInterval(timer),
  };
}
