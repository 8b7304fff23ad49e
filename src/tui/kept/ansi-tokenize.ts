// The bundle's @alcalzone/ansi-tokenize for Ink's output.js (scripts/bundle-cli.mjs): Ink
// splits every line of the face into styled characters again on each frame. The lines of a
// face rarely change, so a line's characters are worked out once; Ink only reads them.
import { styledCharsFromTokens as fromTokens, tokenize as tokenizeLine, type StyledChar, type Token } from '@alcalzone/ansi-tokenize';

export * from '@alcalzone/ansi-tokenize';

const tokensOf = new Map<string, Token[]>();
const charsOf = new WeakMap<Token[], StyledChar[]>();

export function tokenize(line: string, endCharacter?: number): Token[] {
  if (endCharacter !== undefined) return tokenizeLine(line, endCharacter);
  let tokens = tokensOf.get(line);
  if (tokens === undefined) {
    tokens = tokenizeLine(line);
    if (tokensOf.size >= 5_000) tokensOf.clear();
    tokensOf.set(line, tokens);
  }
  return tokens;
}

export function styledCharsFromTokens(tokens: Token[]): StyledChar[] {
  let chars = charsOf.get(tokens);
  if (chars === undefined) {
    chars = fromTokens(tokens);
    charsOf.set(tokens, chars);
  }
  return chars;
}
