import { PendingWork } from './pending-work.js';

/**
 * What one link holds of a pending-work counter (a fleet shares one among its links):
 * it never hands back more than it took, and hands back all it still holds on close.
 */
export class HeldWork {
  #held = 0;

  constructor(readonly shared: PendingWork = new PendingWork()) {}

  begin(): void {
    this.#held += 1;
    this.shared.begin();
  }

  end(): void {
    if (this.#held === 0) return;
    this.#held -= 1;
    this.shared.end();
  }

  /** The link is closed: what it still held is finished as far as the counter knows. */
  release(): void {
    while (this.#held > 0) this.end();
  }
}
