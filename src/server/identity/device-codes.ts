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

/**
 * Device codes for web sign-in: cryptographically random, one live code per owner (a new
 * one replaces the old), single use, dead once expired on the server's clock.
 */
export class DeviceCodes<Owner> {
  readonly #byCode = new Map<string, IssuedCode<Owner>>();

  constructor(
    private readonly clock: ServerClock,
    private readonly lifetimeMs = webCodeLifetimeMs,
  ) {}

  issue(owner: Owner): IssuedCode<Owner> {
    this.revoke(owner);
    this.#sweep();
    let code: string;
    do code = Array.from({ length: codeLength }, () => alphabet[randomInt(alphabet.length)]).join('');
    while (this.#byCode.has(code));
    const entry = { code, owner, expiresAt: this.clock.now() + this.lifetimeMs };
    this.#byCode.set(code, entry);
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
    if (found.status === 'valid') this.#byCode.delete(found.entry.code);
    return found;
  }

  revoke(owner: Owner): void {
    for (const [code, entry] of this.#byCode) if (entry.owner === owner) this.#byCode.delete(code);
  }

  /** Codes expired for longer than their lifetime are forgotten; until then they read as expired. */
  #sweep(): void {
    const cutoff = this.clock.now() - this.lifetimeMs;
    for (const [code, entry] of this.#byCode) if (entry.expiresAt < cutoff) this.#byCode.delete(code);
  }
}

function normalize(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

/** Counts failures per client in a window; a client over the limit is refused until the window passes. */
export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: ServerClock,
    readonly limit = 5,
    readonly windowMs = 10 * 60_000,
  ) {}

  /** Milliseconds until this client may try again, 0 when it may now. */
  retryAfterMs(client: string): number {
    const recent = this.#recent(client);
    if (recent.length < this.limit) return 0;
    return recent[0]! + this.windowMs - this.clock.now();
  }

  fail(client: string): void {
    this.#failures.set(client, [...this.#recent(client), this.clock.now()]);
  }

  #recent(client: string): number[] {
    const since = this.clock.now() - this.windowMs;
    const recent = (this.#failures.get(client) ?? []).filter((at) => at > since);
    this.#failures.set(client, recent);
    return recent;
  }
}
