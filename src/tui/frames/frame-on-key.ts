/**
 * A key's frame is drawn at once, not when Ink's frame throttle next allows (src/tui/ink-options.ts:
 * at most 120 frames a second). The bundle (scripts/bundle-cli.mjs, frame-on-key) has Ink's input
 * handler call keyArrived and Ink's throttled render ask takeKeyFrame: a render that follows a key
 * is flushed, so a key typed within 9 ms of the last frame no longer waits out the rest of the 9 ms,
 * while the frames that no key caused (a virtual-time jump, a server push) keep the throttle.
 */
let keyPending = false;

/** Ink read a key from the terminal. */
export function keyArrived(): void {
  keyPending = true;
}

/** Whether a key arrived since the last render Ink was asked for; answering clears it. */
export function takeKeyFrame(): boolean {
  const pending = keyPending;
  keyPending = false;
  return pending;
}
