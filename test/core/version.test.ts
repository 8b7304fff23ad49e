import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion, sameVersionLine, versionSchemeNames } from '../../src/core/version.js';

const versionText = fc
  .tuple(fc.array(fc.nat({ max: 9999 }), { minLength: 2, maxLength: 5 }), fc.constantFrom('', 'A', 'B'))
  .map(([parts, revision]) => `${parts.join('.')}${revision}`);

describe('firmware versions', () => {
  it('orders Polycom builds by their numbers, not as text', () => {
    expect(compareVersions('polycom', '5.9.5.0614', '5.10.0.100')).toBeLessThan(0);
    expect(compareVersions('polycom', '5.4.0.10165', '5.4.0A')).toBeGreaterThan(0);
    expect(compareVersions('polycom', '5.4.0A', '5.4.0')).toBeGreaterThan(0);
    expect(compareVersions('polycom', '5.5.1.11526', '5.5.1.11526')).toBe(0);
  });

  it('reads AudioCodes versions with or without their UC prefix', () => {
    expect(compareVersions('audiocodes', 'UC_3.0.0.459.1', '3.0.0.459.1')).toBe(0);
    expect(compareVersions('audiocodes', 'UC420HD_2.0.1.44.9', 'UC_3.0.0.459.1')).toBeLessThan(0);
  });

  it('treats Yealink model prefixes as lines that do not compare across', () => {
    expect(sameVersionLine('yealink', '35.8.0.5', '35.8.1.52')).toBe(true);
    expect(sameVersionLine('yealink', '35.8.0.5', '66.8.0.35')).toBe(false);
  });

  it('refuses what is not a version, naming the scheme and an example', () => {
    expect(parseVersion('polycom', 'latest')).toMatch(/"latest" is not a polycom version \(for example 5\.9\.5\.0614\)/);
    expect(parseVersion('lpe', '4')).toMatch(/not a lpe version/);
    expect(() => compareVersions('lpe', '4.0.x', '4.0.1')).toThrow(/4\.0\.x/);
  });

  it('is a total order on valid versions of every scheme', () => {
    for (const scheme of versionSchemeNames) {
      fc.assert(
        fc.property(versionText, versionText, versionText, (a, b, c) => {
          expect(Math.sign(compareVersions(scheme, a, b))).toBe(-Math.sign(compareVersions(scheme, b, a)) || 0);
          expect(compareVersions(scheme, a, a)).toBe(0);
          if (compareVersions(scheme, a, b) <= 0 && compareVersions(scheme, b, c) <= 0) {
            expect(compareVersions(scheme, a, c)).toBeLessThanOrEqual(0);
          }
        }),
        { numRuns: 300 },
      );
    }
  });
});
