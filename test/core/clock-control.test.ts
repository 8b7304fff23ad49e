import { describe, expect, it } from 'vitest';
import { ClockControl, jumpLabel, type ClockChange } from '../../src/core/clock-control.js';
import { VirtualClock } from '../../src/core/virtual-clock.js';

/** The one owner of a phone's virtual clock: jumps from the keys and the admin API, and the real-time flow. */
describe('ClockControl', () => {
  it('runs jumps one after another, and lets no flow tick in while one steps through timers', async () => {
    const clock = new VirtualClock();
    const control = new ClockControl(1_000);
    let release: () => void = () => {};
    const steps: string[] = [];
    control.attach(clock, async (ms) => {
      steps.push(`start ${ms} at ${clock.now()}`);
      if (ms === 60_000) await new Promise<void>((resolve) => (release = resolve));
      clock.advanceBy(ms);
      steps.push(`end ${ms} at ${clock.now()}`);
    });
    const heard: ClockChange[] = [];
    control.subscribe((change) => heard.push(change));

    const first = control.jump(60_000, 'terminal');
    const second = control.jump(15 * 60_000, 'console');
    await Promise.resolve();
    control.flow(500); // a real-time tick while the first jump waits on the server
    expect(clock.now()).toBe(0);
    release();
    await Promise.all([first, second]);
    expect(steps).toEqual(['start 60000 at 0', 'end 60000 at 60000', 'start 900000 at 60000', 'end 900000 at 960000']);
    expect(heard).toEqual([
      { kind: 'jumped', ms: 60_000, source: 'terminal', label: '+1 min' },
      { kind: 'jumped', ms: 15 * 60_000, source: 'console', label: '+15 min' },
    ]);
    control.flow(500);
    expect(control.wallNow()).toBe(1_000 + 960_500);
  });

  it('refuses a jump before a phone is attached, and a failed jump does not block the next', async () => {
    const control = new ClockControl(0);
    await expect(control.jump(60_000, 'console')).rejects.toThrow(/no phone runs on this clock yet/);
    const clock = new VirtualClock();
    let fail = true;
    control.attach(clock, async (ms) => {
      if (fail) throw new Error('virtual time stuck');
      clock.advanceBy(ms);
    });
    await expect(control.jump(60_000, 'terminal')).rejects.toThrow(/stuck/);
    fail = false;
    await control.jump(60_000, 'terminal');
    expect(control.now()).toBe(60_000);
  });

  it('labels jumps as the TUI does', () => {
    expect([60_000, 15 * 60_000, 3_600_000, 86_400_000, 120_000, 1_500].map(jumpLabel)).toEqual(['+1 min', '+15 min', '+1 h', '+24 h', '+2 min', '+1500 ms']);
  });
});
