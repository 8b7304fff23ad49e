import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareListedVersions } from '../../src/cli/listings.js';
import { compareVersions, parseVersion, versionSchemeNames } from '../../src/core/version.js';

const versionText = fc
  .tuple(fc.array(fc.nat({ max: 999 }), { minLength: 2, maxLength: 5 }), fc.constantFrom('', 'A'))
  .map(([parts, revision]) => `${parts.join('.')}${revision}`);
/** What a server may list: versions of the scheme, and text this CLI's scheme cannot read. */
const listed = fc.array(fc.oneof(versionText, fc.string({ maxLength: 8 })), { maxLength: 12 });

describe('the order of listed versions', () => {
  it("is each vendor's scheme, not the text order", () => {
    const sort = (scheme: Parameters<typeof compareListedVersions>[0], versions: string[]) =>
      [...versions].sort((a, b) => compareListedVersions(scheme, a, b));
    expect(sort('polycom', ['5.10.0.100', '6.1.0.6189', '5.9.5.0614'])).toEqual(['5.9.5.0614', '5.10.0.100', '6.1.0.6189']);
    expect(sort('yealink', ['35.9.0.70', '35.10.0.5', '35.8.10.2', '35.8.9.60'])).toEqual(['35.8.9.60', '35.8.10.2', '35.9.0.70', '35.10.0.5']);
    expect(sort('audiocodes', ['UC_3.10.0.1', 'UC_3.9.2.89', '3.2.0.1'])).toEqual(['3.2.0.1', 'UC_3.9.2.89', 'UC_3.10.0.1']);
    // A build this CLI cannot read (a server with other data) goes last instead of throwing.
    expect(sort('lpe', ['latest', '4.0.7577.4512', '4.0.7577.4463'])).toEqual(['4.0.7577.4463', '4.0.7577.4512', 'latest']);
    expect(sort(undefined, ['b', 'a'])).toEqual(['a', 'b']);
  });

  it('sorts anything a server lists without throwing: readable versions ascending by the scheme, then the rest', () => {
    fc.assert(
      fc.property(fc.constantFrom(...versionSchemeNames), listed, (scheme, versions) => {
        const sorted = [...versions].sort((a, b) => compareListedVersions(scheme, a, b));
        expect([...sorted].sort()).toEqual([...versions].sort());
        const readable = (version: string) => typeof parseVersion(scheme, version) !== 'string';
        const firstUnreadable = sorted.findIndex((version) => !readable(version));
        if (firstUnreadable >= 0) expect(sorted.slice(firstUnreadable).every((version) => !readable(version))).toBe(true);
        const versionsRead = sorted.filter(readable);
        for (let i = 1; i < versionsRead.length; i += 1) expect(compareVersions(scheme, versionsRead[i - 1]!, versionsRead[i]!)).toBeLessThanOrEqual(0);
      }),
    );
  });
});
