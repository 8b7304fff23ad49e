import { randomInt } from 'node:crypto';
import type { ServerClock } from '../server-clock.js';

/** A web sign-in code's lifetime: 15 minutes, as on the real service. */
export const webCodeLifetimeMs = 15 * 60_000;

// No 0/O, 1/I/L: codes are read off a phone screen and typed by hand.
const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const codeLength = 9;

export interface IssuedCode<Owner> {
  readonly code: string;
  readonly owner: Owner;
  readonly expiresAt: number;
}

export type CodeLookup<Owner> =
  | { readonly status: 'valid'; readonly entry: IssuedCode<Owner> }
  | { readonly status: 'expired' }
  | { readonly status: 'unknown' };

/** Live codes kept at most: past it the oldest goes (a phone showing it gets a new one on Retry). */
export const maxLiveCodes = 20_000;

/**
 * Device codes for web sign-in: cryptographically random, one live code per owner (a new
 * one replaces the old), single use, dead once expired on the server's clock. Every
 * operation is O(1) amortized: codes are kept in the order they were issued, which is the
 * order they expire in (one lifetime for all), so a sweep stops at the first live one.
 */
export class DeviceCodes<Owner> {
  readonly #byCode = new Map<string, IssuedCode<Owner>>();
  readonly #byOwner = new Map<Owner, string>();

  constructor(
    private readonly clock: ServerClock,
    private readonly lifetimeMs = webCodeLifetimeMs,
    readonly maxCodes = maxLiveCodes,
  ) {}

  /** Codes held, live or recently expired (for the reliability figures). */
  get size(): number {
    return this.#byCode.size;
  }

  issue(owner: Owner): IssuedCode<Owner> {
    this.revoke(owner);
    this.#sweep();
    if (this.#byCode.size >= this.maxCodes) this.#delete(this.#byCode.keys().next().value!);
    let code: string;
    do code = Array.from({ length: codeLength }, () => alphabet[randomInt(alphabet.length)]).join('');
    while (this.#byCode.has(code));
    const entry = { code, owner, expiresAt: this.clock.now() + this.lifetimeMs };
    this.#byCode.set(code, entry);
    this.#byOwner.set(owner, code);
    return entry;
  }

  /** Looks a typed code up without using it; case and spaces do not matter. */
  lookup(typed: string): CodeLookup<Owner> {
    const entry = this.#byCode.get(normalize(typed));
    if (!entry) return { status: 'unknown' };
    if (this.clock.now() >= entry.expiresAt) return { status: 'expired' };
    return { status: 'valid', entry };
  }

  /** Uses a code: it can never be entered again. */
  consume(typed: string): CodeLookup<Owner> {
    const found = this.lookup(typed);
    if (found.status === 'valid') this.#delete(found.entry.code);
    return found;
  }

  revoke(owner: Owner): void {
    const code = this.#byOwner.get(owner);
    if (code !== undefined) this.#delete(code);
  }

  #delete(code: string): void {
    const entry = this.#byCode.get(code);
    if (!entry) return;
    this.#byCode.delete(code);
    if (this.#byOwner.get(entry.owner) === code) this.#byOwner.delete(entry.owner);
  }

  /** Codes expired for longer than their lifetime are forgotten; until then they read as expired. */
  #sweep(): void {
    const cutoff = this.clock.now() - this.lifetimeMs;
    for (const [code, entry] of this.#byCode) {
      if (entry.expiresAt >= cutoff) break;
      this.#delete(code);
    }
  }
}

function normalize(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * Counts failures per key in a window; a key over the limit is refused until the window
 * passes. Keys are kept in the order of their last failure, so the sweep that forgets
 * quiet keys stops at the first recent one, and at most `maxKeys` are held.
 */
export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: ServerClock,
    readonly limit = 5,
    readonly windowMs = 10 * 60_000,
    readonly maxKeys = 10_000,
  ) {}

  /** Keys with failures in the window (for the reliability figures). */
  get size(): number {
    return this.#failures.size;
  }

  /** Milliseconds until this key may try again, 0 when it may now. */
  retryAfterMs(key: string): number {
    const recent = this.#recent(key);
    if (recent.length < this.limit) return 0;
    return recent[0]! + this.windowMs - this.clock.now();
  }

  fail(key: string): void {
    this.#sweep();
    const recent = [...this.#recent(key), this.clock.now()].slice(-this.limit);
    this.#failures.delete(key);
    if (this.#failures.size >= this.maxKeys) this.#failures.delete(this.#failures.keys().next().value!);
    this.#failures.set(key, recent);
  }

  #recent(key: string): number[] {
    const since = this.clock.now() - this.windowMs;
    return (this.#failures.get(key) ?? []).filter((at) => at > since);
  }

  #sweep(): void {
    const since = this.clock.now() - this.windowMs;
    for (const [key, failures] of this.#failures) {
      if (failures.at(-1)! > since) break;
      this.#failures.delete(key);
    }
  }
}
