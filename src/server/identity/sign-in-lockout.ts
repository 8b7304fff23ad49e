import type { ServerClock } from '../server-clock.js';

/**
 * Account lockout as Active Directory and Entra ID do it: `threshold` failed sign-ins within
 * `windowMs` lock the account (or the connection) for `lockoutMs` of the server's clock; while
 * locked every attempt is refused, the right password or PIN included, and costs no hash.
 * A success clears the count.
 */
export interface LockoutPolicy {
  readonly threshold: number;
  readonly windowMs: number;
  readonly lockoutMs: number;
}

/** Per account (a UPN, or the extension typed for a PIN): AD's usual threshold of 10, 10 minutes. */
export const accountLockout: LockoutPolicy = { threshold: 10, windowMs: 10 * 60_000, lockoutMs: 10 * 60_000 };
/** Per connection, whatever accounts it tries: a socket spraying guesses over many accounts. */
export const connectionLockout: LockoutPolicy = { threshold: 20, windowMs: 10 * 60_000, lockoutMs: 10 * 60_000 };

/** Keys are typed by clients (any user name): beyond this many, expired ones go, then the oldest. */
const maxKeys = 10_000;

interface Tally {
  /** When the first failure of the current window happened. */
  since: number;
  failures: number;
  lockedUntil: number;
}

export class SignInLockout {
  readonly #records = new Map<string, Tally>();

  constructor(
    private readonly clock: ServerClock,
    readonly policy: LockoutPolicy,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  lockedForMs(key: string): number {
    const record = this.#records.get(key);
    return record ? Math.max(0, record.lockedUntil - this.clock.now()) : 0;
  }

  /** Counts a failed sign-in; true when this one locked `key`. */
  fail(key: string): boolean {
    const now = this.clock.now();
    let record = this.#records.get(key);
    const locked = record !== undefined && now < record.lockedUntil;
    if (!record || (!locked && (now - record.since >= this.policy.windowMs || record.lockedUntil > 0))) {
      record = { since: now, failures: 0, lockedUntil: 0 };
    }
    record.failures += 1;
    if (record.failures >= this.policy.threshold) record.lockedUntil = now + this.policy.lockoutMs;
    this.#records.delete(key);
    this.#records.set(key, record);
    this.#bound(now);
    return record.lockedUntil > now && record.failures === this.policy.threshold;
  }

  succeed(key: string): void {
    this.#records.delete(key);
  }

  /** How many keys are counted: bounded by `maxKeys`. */
  get size(): number {
    return this.#records.size;
  }

  #bound(now: number): void {
    if (this.#records.size <= maxKeys) return;
    for (const [key, record] of this.#records) {
      if (now - record.since >= this.policy.windowMs && now >= record.lockedUntil) this.#records.delete(key);
    }
    // Least recently failed first: Map keeps insertion order and fail() re-inserts.
    for (const key of this.#records.keys()) {
      if (this.#records.size <= maxKeys) break;
      this.#records.delete(key);
    }
  }
}
