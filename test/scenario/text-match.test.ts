import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesText, parseTextMatch, type TextMatch } from '../../src/scenario/text-match.js';

const parsed = (text: string): TextMatch => {
  const match = parseTextMatch(text);
  if (typeof match === 'string') throw new Error(match);
  return match;
};

describe('screen matches: substrings and /regex/flags', () => {
  it('reads /SOURCE/flags as a regular expression and anything else as text', () => {
    expect(parsed('/code/i')).toEqual({ kind: 'regex', regex: /code/i });
    expect(parsed('/a\\/b/')).toEqual({ kind: 'regex', regex: /a\/b/ });
    expect(parsed('Version: 5.9')).toEqual({ kind: 'substring', text: 'Version: 5.9' });
    expect(parsed('a/b/c')).toEqual({ kind: 'substring', text: 'a/b/c' });
    expect(parsed('//')).toEqual({ kind: 'substring', text: '//' });
  });

  it('drops the stateful g and y flags, so a regex matches the same way every time', () => {
    const match = parsed('/code/gi');
    expect(match).toEqual({ kind: 'regex', regex: /code/i });
    expect([1, 2, 3].map(() => matchesText(match, 'Code 1234'))).toEqual([true, true, true]);
  });

  it('names what is wrong with a bad regular expression or flag', () => {
    expect(parseTextMatch('/code(/i')).toMatch(/^"\/code\(\/i" is not a valid regular expression: .*(Unterminated group|missing \))/);
    expect(parseTextMatch('/code/x')).toBe('"/code/x": "x" is not a regular expression flag (use i, m, s, u)');
  });

  it('matches text across the line breaks of a wrapped screen', () => {
    const screen = 'Software Update\nSoftware version 5.9.5.0614 is\navailable.\nUpdate  Postpone';
    expect(matchesText(parsed('version 5.9.5.0614 is available'), screen)).toBe(true);
    expect(matchesText(parsed('/is available/'), screen)).toBe(true);
    expect(matchesText(parsed('/^available\\.$/m'), screen)).toBe(true);
    expect(matchesText(parsed('Downloading'), screen)).toBe(false);
  });

  it('treats any text that is not /.../ as a literal substring, special characters included', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string(), (needle, before, after) => {
        fc.pre(!/^\/.+\/[a-z]*$/s.test(needle) && needle.trim() !== '');
        expect(matchesText(parsed(needle), `${before}${needle}${after}`)).toBe(true);
      }),
    );
  });

  it('reads any regular expression back from its /SOURCE/flags form', () => {
    const flags = fc.subarray(['i', 'm', 's', 'u'] as const).map((list) => list.join(''));
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9 .*+?()[\]|\\-]{1,12}$/), flags, (source, flag) => {
        let regex: RegExp;
        try {
          regex = new RegExp(source, flag);
        } catch {
          // Not a valid regex: the parser must say so, not throw.
          expect(parseTextMatch(`/${source}/${flag}`)).toMatch(/is not a valid regular expression/);
          return;
        }
        expect(parsed(`/${source}/${flag}`)).toEqual({ kind: 'regex', regex });
      }),
    );
  });
});
