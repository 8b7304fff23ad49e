import { textLines, type Entry, type Parsed } from './parsed.js';

/**
 * Yealink configuration files (the common y0000000000XX.cfg and <mac>.cfg): the header
 * `#!version:1.0.0.1` on the first line, then `key = value` lines, `#` comments, blank lines and
 * `include:config "URL"` (or `include:config <URL>`) lines, which read another file where they stand.
 */

export const yealinkHeader = '#!version:1.0.0.1';

export function parseYealinkConfig(text: string, file: string): Parsed<readonly Entry[]> {
  const lines = textLines(text);
  if (lines[0]?.trim() !== yealinkHeader) {
    return { error: { file, line: 1, reason: `the first line must be ${yealinkHeader} (Yealink refuses a file without it)` } };
  }
  const entries: Entry[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const content = raw.trim();
    if (index === 0 || content === '' || content.startsWith('#')) continue;
    const include = /^include:config\b\s*(.*)$/.exec(content);
    if (include) {
      const target = /^"([^"]+)"$|^<([^<>]+)>$/.exec(include[1]!.trim());
      if (!target) return { error: { file, line, reason: 'include:config takes a quoted "URL" or <URL>' } };
      entries.push({ kind: 'include', url: (target[1] ?? target[2]!).trim(), line });
      continue;
    }
    const equals = content.indexOf('=');
    if (equals === -1) return { error: { file, line, reason: 'a line without = (expected key = value)' } };
    const name = content.slice(0, equals).trim();
    if (name === '' || /\s/.test(name)) return { error: { file, line, reason: name === '' ? 'no parameter name before =' : `"${name}" is not a parameter name (no spaces)` } };
    entries.push({ kind: 'parameter', name, value: content.slice(equals + 1).trim(), line });
  }
  return { ok: entries };
}

/** A Yealink file setting these parameters (and including these files first). */
export function writeYealinkConfig(parameters: Iterable<readonly [string, string]>, includes: readonly string[] = []): string {
  const lines = [yealinkHeader, ...includes.map((url) => `include:config "${url}"`)];
  for (const [name, value] of parameters) lines.push(`${name} = ${value}`);
  return `${lines.join('\n')}\n`;
}
