/** The option nearest to a mistyped word, for "did you mean ...?" hints; undefined when none is close. */
export function closest(word: string, options: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { option: string; distance: number } | undefined;
  for (const option of options) {
    const distance = editDistance(lower, option.toLowerCase());
    if (!best || distance < best.distance) best = { option, distance };
  }
  // A third of the word may differ: "Updat" finds "Update", "xyz" finds nothing.
  return best && best.distance <= Math.max(1, Math.floor(word.length / 3)) ? best.option : undefined;
}

export function didYouMean(word: string, options: readonly string[]): string {
  const suggestion = closest(word, options);
  return suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
