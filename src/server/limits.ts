/**
 * Bounds on what hostile or broken clients can make the server hold (README "Limits").
 * Every map keyed by client input is bounded here or expires; tests lower them to reach them.
 */
export interface ServerLimits {
  /** Open WebSocket connections; one over it is closed at once with 1013 (try again later). */
  readonly maxConnections: number;
  /** Wall ms a connection may stay open without a `hello` (or `pc.hello`) before it is closed with 1008. */
  readonly helloDeadlineMs: number;
  /** Device records kept (and written to a state file); past it the offline phone heard from longest ago is forgotten. */
  readonly maxDevices: number;
  /** Builds kept in a device record's `installed`, newest last: a report costs the same after ten thousand. */
  readonly maxInstalledKept: number;
}

export const defaultServerLimits: ServerLimits = {
  // Under the 20,000 open files a process may have, with room for HTTP downloads.
  maxConnections: 16_000,
  helloDeadlineMs: 30_000,
  maxDevices: 20_000,
  maxInstalledKept: 16,
};

/** Closes a WebSocket with a reason of at most 123 bytes, as the protocol requires. */
export const closeReason = (text: string): string => (Buffer.byteLength(text) <= 123 ? text : `${text.slice(0, 100)}...`);

/**
 * Runs `work` for one socket event and turns anything it throws into a closed socket and a
 * logged problem: a bug reached by one client's input ends that client's connection, never
 * the process.
 */
export function guarded(work: () => void, onThrow: (message: string) => void): void {
  try {
    work();
  } catch (error) {
    onThrow(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}
