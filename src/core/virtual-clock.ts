import { SimulatedClock } from 'xstate';

interface Timer {
  readonly id: number;
  readonly dueAt: number;
  readonly fn: () => void;
  cancelled: boolean;
}

const maxStepsPerAdvance = 1_000_000;

/**
 * XState's SimulatedClock, made to step through time and to scale to a fleet.
 *
 * SimulatedClock.increment jumps straight to the end and fires every due timer there,
 * so a timer started by another timer on the way starts late; and it re-sorts every
 * pending timer whenever a firing timer schedules another, which is quadratic for
 * thousands of phones on one clock. This clock keeps the same interface (now, set,
 * increment, setTimeout, clearTimeout) on a binary heap ordered by due time, then by
 * creation: timers fire in a deterministic order, each at the moment it is due.
 */
export class VirtualClock extends SimulatedClock {
  #now = 0;
  #nextId = 1;
  #flushing = false;
  readonly #heap: Timer[] = [];
  readonly #pending = new Map<number, Timer>();

  override now(): number {
    return this.#now;
  }

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const timer: Timer = { id: this.#nextId++, dueAt: this.#now + Math.max(0, timeout), fn: () => fn(), cancelled: false };
    this.#pending.set(timer.id, timer);
    this.#push(timer);
    return timer.id;
  }

  override clearTimeout(id: number): void {
    const timer = this.#pending.get(id);
    if (!timer) return;
    timer.cancelled = true;
    this.#pending.delete(id);
  }

  /** Moves to `time` and fires every timer due by then, in order; timers they start fire too if due. */
  override set(time: number): void {
    if (time < this.#now) throw new Error(`cannot move virtual time back from ${this.#now} to ${time} ms`);
    this.#now = time;
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      for (let timer = this.#peek(); timer && timer.dueAt <= this.#now; timer = this.#peek()) {
        this.#pop();
        this.#pending.delete(timer.id);
        timer.fn();
      }
    } finally {
      this.#flushing = false;
    }
  }

  override increment(ms: number): void {
    this.set(this.#now + ms);
  }

  /** How many timers are pending: a fleet's load on its clock. */
  get pendingTimers(): number {
    return this.#pending.size;
  }

  /** When the earliest pending timer fires, or undefined when none is pending. */
  nextDueAt(): number | undefined {
    return this.#peek()?.dueAt;
  }

  /** Moves virtual time forward by `ms`, firing each timer at the moment it is due. */
  advanceBy(ms: number): void {
    const end = this.#now + ms;
    for (let step = 0; this.#stepToward(end); step += 1) guardSteps(step, this.#now);
    if (this.#now < end) this.set(end);
  }

  /**
   * Moves virtual time forward by `ms`, stopping at every due timer. `settle` is awaited
   * before each step so that replies to what a timer started arrive at the right moment.
   */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const end = this.#now + ms;
    for (let step = 0; ; step += 1) {
      guardSteps(step, this.#now);
      await settle();
      if (!this.#stepToward(end)) break;
    }
    if (this.#now < end) this.set(end);
    await settle();
  }

  /** Fires the timers due next if they are due by `end`; false when none is. */
  #stepToward(end: number): boolean {
    const next = this.nextDueAt();
    if (next === undefined || next > end) return false;
    this.set(Math.max(next, this.#now));
    return true;
  }

  /** The earliest live timer, dropping cancelled ones on the way (they are removed lazily). */
  #peek(): Timer | undefined {
    while (this.#heap.length > 0 && this.#heap[0]!.cancelled) this.#pop();
    return this.#heap[0];
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (heap.length === 0 || !last) return;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
      index = smallest;
    }
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.id < b.id);
}

function guardSteps(step: number, now: number): void {
  // A timer that keeps re-arming itself at zero delay would never let time move.
  if (step > maxStepsPerAdvance) throw new Error(`virtual time stuck at ${now} ms: timers keep firing`);
}
