/**
 * Periods a policy sets the length of (the idle lock, the dialer's auto-dial). A push of a
 * new length takes effect on the running timer too: it is re-armed from when its period
 * started, with the new length, and fires at once when that is already past.
 */

/**
 * The actor's own virtual clock, the one its delays run on (never the wall clock). Pure
 * transitions outside an actor (path tests) have none: their periods all start at 0.
 */
export function virtualNow(self: unknown): number {
  const clock = (self as { readonly clock?: { now(): number } } | undefined)?.clock;
  return typeof clock?.now === 'function' ? clock.now() : 0;
}

/** What is left at `nowMs` of a period of `lengthMs` that started at `sinceMs` (0: due now). */
export function periodLeft(sinceMs: number, lengthMs: number, nowMs: number): number {
  return Math.max(0, sinceMs + lengthMs - nowMs);
}
