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

describe('the virtual clock under load', () => {
  it('fires thousands of self-rearming timers in due order, each on time', () => {
    const clock = new VirtualClock();
    const late: number[] = [];
    let fired = 0;
    for (let phone = 0; phone < 5_000; phone += 1) {
      const period = 1_000 + (phone % 7);
      const arm = (due: number) =>
        clock.setTimeout(() => {
          fired += 1;
          if (clock.now() !== due) late.push(phone);
          arm(due + period);
        }, due - clock.now());
      arm(period);
    }
    clock.advanceBy(10_000);
    expect(late).toEqual([]);
    expect(fired).toBeGreaterThanOrEqual(5_000 * 9);
    expect(clock.pendingTimers).toBe(5_000);
  });

  it('refuses to move back in time', () => {
    const clock = new VirtualClock();
    clock.set(1_000);
    expect(() => clock.set(999)).toThrow(/cannot move virtual time back/);
  });

  it('still counts as an XState SimulatedClock, increment included', () => {
    const clock = new VirtualClock();
    let fired = false;
    clock.setTimeout(() => (fired = true), 500);
    clock.increment(500);
    expect(fired).toBe(true);
    expect(clock.now()).toBe(500);
  });
});
