import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, parseDuration } from '../../src/scenario/duration.js';

describe('scenario durations', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 15 * 60_000],
    ['2h', 2 * 3_600_000],
    ['3d', 3 * 86_400_000],
    ['1h30m', 90 * 60_000],
    ['1d2h3m4s', 86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4_000],
    ['0s', 0],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '15', '15x', '1.5h', '30m1h', '1h1h', 'h', '-5m', '15 m', '1ms'])('refuses %j and says how to write one', (text) => {
    expect(parseDuration(text)).toMatch(/is not a duration: use a number and a unit \(s, m, h, d\)/);
  });

  it('reads back every duration it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400 }), (seconds) => {
        expect(parseDuration(formatDuration(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
  });

  it('reads any combination of units, largest first, as their sum', () => {
    const amount = fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined });
    fc.assert(
      fc.property(amount, amount, amount, amount, (d, h, m, s) => {
        fc.pre([d, h, m, s].some((part) => part !== undefined));
        const text = [d === undefined ? '' : `${d}d`, h === undefined ? '' : `${h}h`, m === undefined ? '' : `${m}m`, s === undefined ? '' : `${s}s`].join('');
        expect(parseDuration(text)).toBe((d ?? 0) * 86_400_000 + (h ?? 0) * 3_600_000 + (m ?? 0) * 60_000 + (s ?? 0) * 1000);
      }),
    );
  });

  it('never throws: any text is a duration or a message', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseDuration(text);
        expect(typeof parsed === 'number' ? parsed >= 0 : parsed.includes('not a duration') || parsed.includes('too long')).toBe(true);
      }),
    );
  });

  it('shows virtual time as a clock reading', () => {
    expect(formatClock(8_000)).toBe('00:00:08');
    expect(formatClock(26 * 3_600_000 + 61_000)).toBe('1d 02:01:01');
  });
});
