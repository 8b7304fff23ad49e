import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, evenMix, parseDeviceMix } from '../../src/fleet/device-mix.js';

const known = new Set(['polycom-vvx-601', 'yealink-t48g', 'audiocodes-450hd']);

describe('the --devices mix', () => {
  it('reads ids with percentages, and splits what is left among ids without one', () => {
    expect(parseDeviceMix('polycom-vvx-601:50%,yealink-t48g:30%,audiocodes-450hd:20%', known)).toEqual([
      { profileId: 'polycom-vvx-601', percent: 50 },
      { profileId: 'yealink-t48g', percent: 30 },
      { profileId: 'audiocodes-450hd', percent: 20 },
    ]);
    expect(parseDeviceMix('polycom-vvx-601:50%,yealink-t48g,audiocodes-450hd', known).map((s) => s.percent)).toEqual([50, 25, 25]);
  });

  it.each([
    ['', /give at least one device id/],
    ['polycom-vvx-999', /"polycom-vvx-999" is not a device id/],
    ['polycom-vvx-601:50', /not ID or ID:PERCENT%/],
    ['polycom-vvx-601:60%,yealink-t48g:60%', /add up to 120%, more than 100%/],
    ['polycom-vvx-601:60%', /add up to 60%, not 100%/],
    ['polycom-vvx-601,polycom-vvx-601', /listed twice/],
  ])('refuses %j, saying why', (text, message) => {
    expect(() => parseDeviceMix(text, known)).toThrow(message);
  });

  it('allocates exactly the count asked for, close to each share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 20_000 }), (weights, count) => {
        const total = weights.reduce((sum, w) => sum + w, 0);
        const mix = weights.map((weight, index) => ({ profileId: `m${index}`, percent: (weight / total) * 100 }));
        const counts = allocate(mix, count);
        expect(counts.reduce((sum, share) => sum + share.count, 0)).toBe(count);
        counts.forEach((share, index) => expect(Math.abs(share.count - (mix[index]!.percent / 100) * count)).toBeLessThan(1));
      }),
    );
  });

  it('mixes every model evenly by default', () => {
    expect(allocate(evenMix([...known]), 10).map((share) => share.count)).toEqual([4, 3, 3]);
  });
});
