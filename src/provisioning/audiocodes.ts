import { textLines, type Entry, type Parsed } from './parsed.js';

/**
 * AudioCodes 4xxHD configuration files (<MAC>.cfg): `name=value` lines whose names are
 * `/`-separated paths (`system/pin_lock/enabled=1`, `provisioning/firmware/url=...`), `;` comment
 * lines (`#` accepted too), blank lines, and `include URL` lines that read another file where they stand.
 */

export function parseAudioCodesConfig(text: string, file: string): Parsed<readonly Entry[]> {
  const entries: Entry[] = [];
  for (const [index, raw] of textLines(text).entries()) {
    const line = index + 1;
    const content = raw.trim();
    if (content === '' || content.startsWith(';') || content.startsWith('#')) continue;
    const include = /^include\s+(\S+)$/.exec(content);
    if (include) {
      entries.push({ kind: 'include', url: include[1]!, line });
      continue;
    }
    const equals = content.indexOf('=');
    if (equals === -1) return { error: { file, line, reason: 'a line without = (expected name=value)' } };
    const name = content.slice(0, equals).trim();
    if (name === '' || /\s/.test(name)) return { error: { file, line, reason: name === '' ? 'no parameter name before =' : `"${name}" is not a parameter name (no spaces)` } };
    entries.push({ kind: 'parameter', name, value: content.slice(equals + 1).trim(), line });
  }
  return { ok: entries };
}

/** An AudioCodes file setting these parameters (and including these files first). */
export function writeAudioCodesConfig(parameters: Iterable<readonly [string, string]>, includes: readonly string[] = []): string {
  const lines = ['; written by phone-emu', ...includes.map((url) => `include ${url}`)];
  for (const [name, value] of parameters) lines.push(`${name}=${value}`);
  return `${lines.join('\n')}\n`;
}
