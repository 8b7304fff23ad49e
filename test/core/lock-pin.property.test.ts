import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPin, maxPhonePinLength, pinMatches, pinProblem } from '../../src/core/identity/lock-pin.js';
import { DeviceCodes } from '../../src/server/identity/device-codes.js';

const minLength = fc.integer({ min: 4, max: 15 });

describe('Phone-Lock PIN rules', () => {
  it('accept exactly the all-digit PINs from MinPhonePinLength to 15 digits', () => {
    fc.assert(
      fc.property(minLength, fc.string({ maxLength: 24 }), (min, pin) => {
        const ok = /^\d*$/.test(pin) && pin.length >= min && pin.length <= maxPhonePinLength;
        expect(pinProblem(pin, min) === null).toBe(ok);
      }),
    );
  });

  it('say why a PIN is refused: digits only, or the length range', () => {
    fc.assert(
      fc.property(minLength, fc.stringMatching(/^\d{0,24}$/), (min, digits) => {
        const problem = pinProblem(digits, min);
        if (problem) expect(problem).toMatchObject({ key: digits.length < min ? 'lock.pin.tooShort' : 'lock.pin.tooLong', params: { min, max: 15 } });
      }),
    );
    expect(pinProblem('12a456', 6)).toEqual({ key: 'lock.pin.digitsOnly' });
  });

  it('store a salted hash that matches its PIN only, and never the PIN itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6,15}$/), fc.stringMatching(/^\d{6,15}$/), (pin, other) => {
        const stored = hashPin(pin);
        expect(stored).not.toContain(pin);
        expect(pinMatches(pin, stored)).toBe(true);
        expect(pinMatches(other, stored)).toBe(other === pin);
      }),
      { numRuns: 15 },
    );
    expect(hashPin('123456')).not.toBe(hashPin('123456'));
  });
});

describe('web sign-in codes', () => {
  it('live for 15 minutes of the server clock: valid at 14:59.999, expired at 15:00, once only', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 * 60_000 - 1 }), (age) => {
        let now = 1_000;
        const codes = new DeviceCodes<number>({ now: () => now });
        const { code } = codes.issue(1);
        now += age;
        expect(codes.lookup(code).status).toBe('valid');
        now = 1_000 + 15 * 60_000;
        expect(codes.lookup(code).status).toBe('expired');
      }),
      { numRuns: 50 },
    );
    let now = 0;
    const codes = new DeviceCodes<number>({ now: () => now });
    const { code } = codes.issue(7);
    expect(codes.consume(code.toLowerCase()).status).toBe('valid');
    expect(codes.consume(code).status).toBe('unknown');
  });

  it('are random: a thousand codes, no repeats, from the unambiguous alphabet', () => {
    const codes = new DeviceCodes<number>({ now: () => 0 });
    const issued = new Set(Array.from({ length: 1000 }, (_, owner) => codes.issue(owner).code));
    expect(issued.size).toBe(1000);
    for (const code of issued) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{9}$/);
  });
});
