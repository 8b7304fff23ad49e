import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import * as kept from '../../src/tui/kept/ansi-tokenize.js';
import keptStringWidth from '../../src/tui/kept/string-width.js';

// What the bundle gives Ink instead of string-width and ansi-tokenize (scripts/bundle-cli.mjs):
// the same answers, asked twice (the second from what was kept), so every frame reads as before.
const pieces = fc.constantFrom('a', 'Z', ' ', '─', '│', 'é', '漢', '字', '😀', '👍🏽', '\u0301', '\t', '\u001B[1m', '\u001B[31m', '\u001B[7m', '\u001B[39m', '\u001B[0m', '\u001B]8;;http://x\u0007', '\u001B]8;;\u0007');
const faceLine = fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''));

describe('the widths and styled characters the bundle keeps across frames', () => {
  it("equal string-width's, the first time and the next", () => {
    fc.assert(
      fc.property(faceLine, (line) => {
        expect(keptStringWidth(line)).toBe(stringWidth(line));
        expect(keptStringWidth(line)).toBe(stringWidth(line));
        expect(keptStringWidth(line, { countAnsiEscapeCodes: true })).toBe(stringWidth(line, { countAnsiEscapeCodes: true }));
      }),
    );
  });

  it("equal ansi-tokenize's styled characters, the first time and the next", () => {
    fc.assert(
      fc.property(faceLine, (line) => {
        const expected = styledCharsFromTokens(tokenize(line));
        expect(kept.styledCharsFromTokens(kept.tokenize(line))).toEqual(expected);
        expect(kept.styledCharsFromTokens(kept.tokenize(line))).toEqual(expected);
        expect(kept.styledCharsToString(kept.styledCharsFromTokens(kept.tokenize(line)))).toBe(kept.styledCharsToString(expected));
      }),
    );
  });
});
