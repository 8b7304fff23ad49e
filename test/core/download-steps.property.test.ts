import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PhoneContext } from '../../src/core/phone-types.js';
import { nextDownloadStep } from '../../src/core/regions/update-region.js';

/** The part of a phone's context a download step reads. */
function downloading(sizeBytes: number, receivedBytes: number, downloadBytesPerSecond: number): PhoneContext {
  return {
    server: { downloadBytesPerSecond },
    update: { offer: { sizeBytes }, download: { receivedBytes, outcome: 'pending' } },
  } as unknown as PhoneContext;
}

describe('a download step', () => {
  it('lasts at least a second, reports a new tenth each time, takes at most ten steps and no longer than the transfer plus its rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000_000 }), fc.integer({ min: 1, max: 1_000_000_000 }), (size, rate) => {
        let received = 0;
        let elapsedMs = 0;
        let steps = 0;
        let lastTenth = -1;
        while (received < size) {
          const step = nextDownloadStep(downloading(size, received, rate));
          expect(step.delayMs).toBeGreaterThanOrEqual(1_000);
          expect(step.receivedBytes).toBeGreaterThan(received);
          const tenth = Math.floor((step.receivedBytes / size) * 10 + 1e-9);
          expect(tenth).toBeGreaterThan(lastTenth);
          lastTenth = tenth;
          received = step.receivedBytes;
          elapsedMs += step.delayMs;
          steps += 1;
        }
        expect(steps).toBeLessThanOrEqual(10);
        const transferMs = (size / rate) * 1000;
        expect(elapsedMs).toBeLessThanOrEqual(Math.max(transferMs, 1_000 * steps) + steps);
        expect(elapsedMs).toBeGreaterThanOrEqual(Math.min(transferMs, 1_000 * steps) - 1);
      }),
    );
  });
});
