import type { KeyFlags } from './keymap.js';

/** One keypress: what Ink would have passed had the key arrived on its own. */
export interface SingleKey {
  readonly input: string;
  readonly key: KeyFlags;
}

/** Control characters a terminal sends for a key, as Ink names them when they come alone. */
const controlKeys: Readonly<Record<string, KeyFlags>> = {
  '\r': { return: true },
  // A pasted newline, or Enter in a terminal that sends LF: Enter either way.
  '\n': { return: true },
  '\t': { tab: true },
  '\b': { backspace: true },
  // Most terminals send DEL for the Backspace key; Ink calls it delete.
  '\x7f': { delete: true },
};

/**
 * A paste, fast typing or `tmux send-keys '111111' Enter` reaches Ink's useInput as one call
 * with several keys in `input` ("111111\r") and no key flags. Ink already cuts escape sequences
 * (arrows) into calls of their own, not the characters between them. This splits a chunk into
 * the keys it holds, in order, each as Ink reports a lone key, so every key is one action.
 */
export function splitKeys(input: string, key: KeyFlags): SingleKey[] {
  if ([...input].length <= 1 || Object.values(key).some(Boolean)) return [{ input, key }];
  return [...input].map((character) => {
    const control = controlKeys[character];
    if (control) return { input: '', key: control };
    // Ctrl+letter arrives as its control code (Ctrl+C is \x03); Ink reports the letter with ctrl.
    if (character < ' ') return { input: String.fromCharCode(character.charCodeAt(0) + 96), key: { ctrl: true } };
    return { input: character, key: {} };
  });
}
