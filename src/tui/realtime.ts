import type { ClockControl } from '../core/clock-control.js';

/**
 * Lets virtual time flow at wall-clock speed for an interactive phone. The clock's owner
 * (core/clock-control.ts) takes jumps from the keys and the admin API, and skips ticks
 * while a jump is stepping through timers.
 */
export function runInRealTime(control: ClockControl, tickMs = 100): { stop(): void } {
  let last = performance.now();
  control.speed = 1;
  const timer = setInterval(() => {
    const now = performance.now();
    control.flow(Math.round(now - last));
    last = now;
  }, tickMs);
  return {
    stop: () => {
      clearInterval(timer);
      control.speed = 0;
    },
  };
}
