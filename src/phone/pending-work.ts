/**
 * Counts requests in flight and lets callers wait until there are none. One counter
 * can serve many phone links, so a fleet settles thousands of phones with one await.
 */
export class PendingWork {
  #count = 0;
  #waiters: (() => void)[] = [];

  get count(): number {
    return this.#count;
  }

  begin(): void {
    this.#count += 1;
  }

  end(): void {
    if (this.#count === 0) return;
    this.#count -= 1;
    if (this.#count === 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  settled(): Promise<void> {
    return this.#count === 0 ? Promise.resolve() : new Promise((resolve) => this.#waiters.push(resolve));
  }
}
