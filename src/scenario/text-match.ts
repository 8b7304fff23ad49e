/**
 * What `screen`, `notScreen`, `warning` and `--grep` match with: a substring, or a
 * regular expression written `/SOURCE/flags`.
 */
export type TextMatch =
  | { readonly kind: 'substring'; readonly text: string }
  | { readonly kind: 'regex'; readonly regex: RegExp };

const regexLiteral = /^\/(.+)\/([a-z]*)$/s;
const knownFlags = 'dimsuv';
/** g and y make a RegExp remember where it stopped: meaningless for one test, so they are dropped. */
const statefulFlags = /[gy]/g;

/** A TextMatch, or an error message naming what is wrong with the regular expression. */
export function parseTextMatch(text: string): TextMatch | string {
  const literal = regexLiteral.exec(text);
  if (!literal) return { kind: 'substring', text };
  const [, source, rawFlags] = literal as unknown as [string, string, string];
  const flags = rawFlags.replace(statefulFlags, '');
  const unknown = [...flags].find((flag) => !knownFlags.includes(flag));
  if (unknown) return `"${text}": "${unknown}" is not a regular expression flag (use i, m, s, u)`;
  try {
    return { kind: 'regex', regex: new RegExp(source, flags) };
  } catch (error) {
    return `"${text}" is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * True when `match` is found in `text`. Text on a phone wraps where the screen ends, so a
 * substring ignores line breaks and runs of spaces, and a regex may match either the rows
 * as shown (joined by newlines) or the rows joined into one line.
 */
export function matchesText(match: TextMatch, text: string): boolean {
  if (match.kind === 'substring') return collapse(text).includes(collapse(match.text));
  return match.regex.test(text) || match.regex.test(text.replace(/\n/g, ' '));
}

export function describeTextMatch(match: TextMatch): string {
  return match.kind === 'regex' ? String(match.regex) : JSON.stringify(match.text);
}
