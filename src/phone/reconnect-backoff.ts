import type { VirtualClock } from '../core/virtual-clock.js';

const firstRetryMs = 5_000;
const maxRetryMs = 60_000;

/**
 * When a dropped link tries again, on the actor's clock: exponential backoff with jitter.
 * Half the delay is fixed, half random, so phones cut off together by a server restart
 * do not all come back in the same instant.
 */
export class ReconnectBackoff {
  #retryMs = firstRetryMs;
  #timer: number | undefined;

  constructor(
    private readonly clock: VirtualClock,
    private readonly jitter: () => number,
  ) {}

  /** Calls `connect` after the next delay, unless a retry is already waiting. */
  schedule(connect: () => void): void {
    if (this.#timer !== undefined) return;
    const retryMs = this.#retryMs;
    const delay = Math.round(retryMs / 2 + this.jitter() * (retryMs / 2));
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      connect();
    }, delay);
    this.#retryMs = Math.min(maxRetryMs, retryMs * 2);
  }

  /** The server welcomed the phone: the next drop starts from the first delay again. */
  reset(): void {
    this.#retryMs = firstRetryMs;
  }

  /** The link is closed: no retry comes. */
  cancel(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
  }
}
