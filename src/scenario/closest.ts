import leven from 'leven';

/** The option nearest to a mistyped word, for "did you mean ...?" hints; undefined when none is close. */
export function closest(word: string, options: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { option: string; distance: number } | undefined;
  for (const option of options) {
    const distance = leven(lower, option.toLowerCase());
    if (!best || distance < best.distance) best = { option, distance };
  }
  // A third of the word may differ: "Updat" finds "Update", "xyz" finds nothing.
  return best && best.distance <= Math.max(1, Math.floor(word.length / 3)) ? best.option : undefined;
}

export function didYouMean(word: string, options: readonly string[]): string {
  const suggestion = closest(word, options);
  return suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
}
