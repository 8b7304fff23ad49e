import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion, sameVersionLine, versionSchemeNames } from '../../src/core/version.js';
import { projectData } from '../helpers/data.js';

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

  it('is a total order on each vendor\'s own version format', () => {
    const parts = (min: number, max: number) => fc.array(fc.nat({ max: 9999 }), { minLength: min, maxLength: max });
    const formats: Record<(typeof versionSchemeNames)[number], fc.Arbitrary<string>> = {
      polycom: fc.tuple(parts(3, 4), fc.constantFrom('', 'A')).map(([p, r]) => `5.${p.join('.')}${r}`),
      yealink: parts(3, 3).map((p) => `35.${p.join('.')}`),
      audiocodes: fc.tuple(fc.constantFrom('UC_', 'UC420HD_', ''), parts(4, 5)).map(([prefix, p]) => `${prefix}3.${p.join('.')}`),
      lpe: fc.nat({ max: 9999 }).map((build) => `4.0.7577.${build}`),
    };
    for (const scheme of versionSchemeNames) {
      const version = formats[scheme];
      fc.assert(
        fc.property(version, version, version, (a, b, c) => {
          const ab = Math.sign(compareVersions(scheme, a, b));
          expect(ab).toBe(-Math.sign(compareVersions(scheme, b, a)) || 0);
          if (ab === 0) expect(compareVersions(scheme, a, c)).toBe(compareVersions(scheme, b, c));
          if (ab <= 0 && compareVersions(scheme, b, c) <= 0) expect(compareVersions(scheme, a, c)).toBeLessThanOrEqual(0);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('lists every family of the catalog in a strict order, all on one model line', () => {
    for (const family of projectData().families.values()) {
      const sorted = [...family.builds].sort((a, b) => compareVersions(family.versionScheme, a.version, b.version));
      for (let i = 1; i < sorted.length; i += 1) {
        expect(compareVersions(family.versionScheme, sorted[i - 1]!.version, sorted[i]!.version)).toBeLessThan(0);
        expect(sameVersionLine(family.versionScheme, sorted[i - 1]!.version, sorted[i]!.version)).toBe(true);
      }
      // Builds are listed oldest first, so release dates follow the version order.
      expect(sorted.map((build) => build.released)).toEqual([...sorted.map((build) => build.released)].sort());
    }
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
