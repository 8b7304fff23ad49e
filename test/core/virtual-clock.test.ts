import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/virtual-clock.js';

describe('the virtual clock', () => {
  it('fires each timer at the moment it is due, so timers they start begin on time', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 1_000);
    }, 1_000);
    clock.advanceBy(10_000);
    expect(fired).toEqual([1_000, 2_000]);
    expect(clock.now()).toBe(10_000);
  });

  it('does not fire a cleared timer, and reports the next one due', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    const early = clock.setTimeout(() => fired.push('early'), 500);
    clock.setTimeout(() => fired.push('late'), 900);
    clock.clearTimeout(early);
    expect(clock.nextDueAt()).toBe(900);
    clock.advanceBy(1_000);
    expect(fired).toEqual(['late']);
    expect(clock.nextDueAt()).toBeUndefined();
  });

  it('waits for outside work between steps when advancing asynchronously', async () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    let reply: Promise<void> = Promise.resolve();
    clock.setTimeout(() => {
      // A timer sends a request; its reply arrives later and arms the next timer.
      reply = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        seen.push(`reply at ${clock.now()}`);
        clock.setTimeout(() => seen.push(`follow-up at ${clock.now()}`), 100);
      });
    }, 1_000);
    await clock.advance(5_000, () => reply);
    expect(seen).toEqual(['reply at 1000', 'follow-up at 1100']);
  });
});
