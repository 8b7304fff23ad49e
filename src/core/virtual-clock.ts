import { SimulatedClock } from 'xstate';

/**
 * XState's SimulatedClock, plus knowing when its next timer is due.
 *
 * SimulatedClock.increment jumps straight to the end and fires every due timer
 * there, so a timer started by another timer on the way starts late. `advance`
 * steps from one due timer to the next instead, and lets the caller settle
 * outside work (socket round-trips, downloads) between steps.
 */
const maxStepsPerAdvance = 1_000_000;

export class VirtualClock extends SimulatedClock {
  readonly #dueAt = new Map<number, number>();

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const id: number = super.setTimeout((...args: unknown[]) => {
      this.#dueAt.delete(id);
      fn(...args);
    }, timeout);
    this.#dueAt.set(id, this.now() + Math.max(0, timeout));
    return id;
  }

  override clearTimeout(id: number): void {
    this.#dueAt.delete(id);
    super.clearTimeout(id);
  }

  /** When the earliest pending timer fires, or undefined when none is pending. */
  nextDueAt(): number | undefined {
    let earliest: number | undefined;
    for (const due of this.#dueAt.values()) if (earliest === undefined || due < earliest) earliest = due;
    return earliest;
  }

  /** Moves virtual time forward by `ms`, firing each timer at the moment it is due. */
  advanceBy(ms: number): void {
    const end = this.now() + ms;
    for (let step = 0; this.#stepToward(end); step += 1) this.#guardSteps(step);
    if (this.now() < end) this.set(end);
  }

  /**
   * Moves virtual time forward by `ms`, stopping at every due timer. `settle` is awaited
   * before each step so that replies to what a timer started arrive at the right moment.
   */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const end = this.now() + ms;
    for (let step = 0; ; step += 1) {
      this.#guardSteps(step);
      await settle();
      if (!this.#stepToward(end)) break;
    }
    if (this.now() < end) this.set(end);
    await settle();
  }

  /** Fires the next due timer if it is due by `end`; false when none is. */
  #stepToward(end: number): boolean {
    const next = this.nextDueAt();
    if (next === undefined || next > end) return false;
    this.set(Math.max(next, this.now()));
    return true;
  }

  #guardSteps(step: number): void {
    // A timer that keeps re-arming itself at zero delay would never let time move.
    if (step > maxStepsPerAdvance) throw new Error(`virtual time stuck at ${this.now()} ms: timers keep firing`);
  }
}
