import type { VirtualClock } from './virtual-clock.js';

/** The jumps the TUI's keys and the web console's buttons offer, in that order. */
export const clockJumps = [
  { ms: 60_000, label: '+1 min' },
  { ms: 15 * 60_000, label: '+15 min' },
  { ms: 60 * 60_000, label: '+1 h' },
  { ms: 24 * 60 * 60_000, label: '+24 h' },
] as const;

/** The longest jump one request may ask for: a week of timers fires in one go. */
export const maxClockJumpMs = 7 * 24 * 60 * 60_000;

/** Who asked for a jump: the TUI shows a jump it did not make itself. */
export type JumpSource = 'terminal' | 'console';

/** A jump that has finished. */
export interface ClockJumped {
  readonly kind: 'jumped';
  readonly ms: number;
  readonly source: JumpSource;
  readonly label: string;
}

/** What a listener hears: a finished jump, a phone's clock attached, or the flow started or stopped. */
export type ClockChange = ClockJumped | { readonly kind: 'attached' } | { readonly kind: 'speed' };

/** The label of a jump: the table's when it is one of them, else in minutes or ms. */
export function jumpLabel(ms: number): string {
  const named = clockJumps.find((jump) => jump.ms === ms);
  if (named) return named.label;
  return ms % 60_000 === 0 ? `+${ms / 60_000} min` : `+${ms} ms`;
}

/**
 * The one owner of a phone's virtual clock when a server runs on it (`phone-emu start`): the TUI's
 * real-time runner lets time flow through `flow`, and both the TUI's jump keys and the admin API's
 * `POST /admin/clock/advance` jump it through `jump`. Jumps run one after another, and no flow
 * tick moves time while one steps through timers, so neither races the other.
 */
export class ClockControl {
  #clock: VirtualClock | undefined;
  #jumpClock: ((ms: number) => Promise<void>) | undefined;
  /** The jumps asked for, chained: each starts when the one before it ended. */
  #queue: Promise<void> = Promise.resolve();
  #jumping = 0;
  #speed = 0;
  readonly #listeners = new Set<(change: ClockChange) => void>();

  constructor(
    /** The emulated wall-clock time at virtual time zero, epoch ms: what the TUI's clock bar adds. */
    public epochMs: number,
  ) {}

  /**
   * The phone's clock, once the phone is picked, and how it jumps (stepping timers, waiting for
   * the server); `epochMs` when the phone's time zero is known only then (a restored phone).
   */
  attach(clock: VirtualClock, jump: (ms: number) => Promise<void>, epochMs = this.epochMs): void {
    this.#clock = clock;
    this.#jumpClock = jump;
    this.epochMs = epochMs;
    this.#notify({ kind: 'attached' });
  }

  /** True once a phone's clock is attached: before that there is nothing to jump. */
  get attached(): boolean {
    return this.#clock !== undefined;
  }

  /** Virtual ms: what the server's code expiry and rate limits read. */
  now(): number {
    return this.#clock?.now() ?? 0;
  }

  /** The emulated wall-clock time, epoch ms, as the TUI's clock bar shows it. */
  wallNow(): number {
    return this.epochMs + this.now();
  }

  /** How fast time flows between jumps: 1 while the TUI runs it in real time, 0 when only jumps move it. */
  get speed(): number {
    return this.#speed;
  }

  set speed(speed: number) {
    if (speed === this.#speed) return;
    this.#speed = speed;
    this.#notify({ kind: 'speed' });
  }

  /** Lets `ms` of wall-clock time pass on the virtual clock, unless a jump is stepping through timers. */
  flow(ms: number): void {
    if (this.#jumping > 0 || !this.#clock || ms <= 0) return;
    this.#clock.set(this.#clock.now() + ms);
  }

  /** Jumps ahead by `ms`, after any jump already asked for; resolves once every timer on the way has fired. */
  jump(ms: number, source: JumpSource): Promise<void> {
    const jumpClock = this.#jumpClock;
    if (!jumpClock) return Promise.reject(new Error('no phone runs on this clock yet: pick a device first'));
    this.#jumping += 1;
    const run = this.#queue.then(async () => {
      try {
        await jumpClock(ms);
      } finally {
        this.#jumping -= 1;
      }
      this.#notify({ kind: 'jumped', ms, source, label: jumpLabel(ms) });
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Hears each change: every finished jump, the phone's clock attached, the flow's speed; returns the unsubscribe. */
  subscribe(listener: (change: ClockChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(change: ClockChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
