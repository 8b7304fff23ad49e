const defaultPatienceMs = 10_000;

/**
 * Counts requests in flight and lets callers wait until there are none. One counter
 * can serve many phone links, so a fleet settles thousands of phones with one await.
 */
export class PendingWork {
  #count = 0;
  #waiters: (() => void)[] = [];
  #lastProgressAt = performance.now();

  begin(): void {
    this.#count += 1;
  }

  end(): void {
    this.#lastProgressAt = performance.now();
    if (this.#count === 0) return;
    this.#count -= 1;
    if (this.#count === 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /**
   * Resolves once nothing is in flight, or once nothing has finished for `patienceMs` of
   * wall time: a server that never answers must not freeze virtual time, since the phone's
   * own timeouts run on it. A busy server that keeps answering is waited for.
   */
  settled(patienceMs = defaultPatienceMs): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const check = () => {
        const quiet = performance.now() - this.#lastProgressAt;
        if (quiet < patienceMs) {
          timer = setTimeout(check, patienceMs - quiet);
          return;
        }
        this.#waiters = this.#waiters.filter((waiter) => waiter !== done);
        resolve();
      };
      timer = setTimeout(check, patienceMs);
      this.#waiters.push(done);
    });
  }
}
