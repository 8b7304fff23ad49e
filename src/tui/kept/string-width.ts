// The bundle's string-width (scripts/bundle-cli.mjs puts it where Ink, widest-line and
// cli-truncate import the package): the real one, its answers kept. Ink measures every line
// and every character of the face again on each frame, and string-width (ANSI stripping,
// grapheme segmentation, width tables) was the largest part of a keypress's CPU. A string's
// width never changes, so each is worked out once.
import stringWidth, { type Options } from 'string-width';

const widths = new Map<string, number>();

export default function keptStringWidth(text: string, options?: Options): number {
  if (options !== undefined) return stringWidth(text, options);
  let width = widths.get(text);
  if (width === undefined) {
    width = stringWidth(text);
    // A bound, not an LRU: a clock or a long session only refills it.
    if (widths.size >= 20_000) widths.clear();
    widths.set(text, width);
  }
  return width;
}
