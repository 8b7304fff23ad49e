/**
 * The server's sense of time, injected: the scenario runner hands it the phone's
 * VirtualClock, the TUI and `phone-emu server` the wall clock. Code expiry and rate
 * limits read it; nothing on the server sleeps.
 */
export interface ServerClock {
  now(): number;
}

export const wallClock: ServerClock = { now: () => Date.now() };
