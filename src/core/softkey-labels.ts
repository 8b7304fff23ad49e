/**
 * How softkey labels are laid out under the screen. The real phones draw them in a small
 * font over the keys and wrap a long label onto a second line rather than cut it; the
 * emulator's bar spans the screen and its line keys (at least `minSoftkeySlot` characters
 * a key), and a profile's `softkeyLabelLines` says how many lines a label may take.
 */

/** The narrowest slot a softkey gets, gap included: "Mettre à"/"jour", "Postpone" fit. */
export const minSoftkeySlot = 12;

/** The columns of the face inside its frame: the screen with its line-key columns, or the softkey bar. */
export function faceInnerWidth(display: { readonly columns: number }, softkeys: number): number {
  return Math.max(display.columns + 8, softkeys * minSoftkeySlot);
}

/** Characters a softkey label may use on one line (its slot less a one-character gap). */
export function softkeyLabelWidth(display: { readonly columns: number }, softkeys: number): number {
  return Math.floor(faceInnerWidth(display, softkeys) / softkeys) - 1;
}

/**
 * The lines of one label, every character kept: words fill a line, a word longer than a
 * line breaks with a hyphen. Null when the label needs more than `lines` lines.
 */
export function softkeyLabelLines(label: string, width: number, lines: number): string[] | null {
  const out: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    let rest = word;
    if (line !== '' && line.length + 1 + rest.length <= width) {
      line = `${line} ${rest}`;
      continue;
    }
    if (line !== '') out.push(line);
    while (rest.length > width) {
      out.push(`${rest.slice(0, width - 1)}-`);
      rest = rest.slice(width - 1);
    }
    line = rest;
  }
  if (line !== '' || out.length === 0) out.push(line);
  return out.length <= lines ? out : null;
}
