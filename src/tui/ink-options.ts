import type { RenderOptions } from 'ink';

/**
 * How the CLI's interactive commands (start, phone) render with Ink: one place, so the
 * keypress bench (bench/keypress-bench.ts) measures what a user gets.
 */
export const inkRenderOptions = {
  exitOnCtrlC: true,
  // Ink draws at most maxFps frames a second (30 by default): a key pressed within 33 ms of the
  // last frame waited for the next, so keys typed quickly took 45-60 ms to show. At 120 the wait
  // is at most 9 ms; a virtual-time jump still draws no more than 120 frames a second. In the
  // bundle a key's own frame does not wait at all (src/tui/frames/frame-on-key.ts).
  maxFps: 120,
} as const satisfies RenderOptions;
