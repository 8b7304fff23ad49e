import { clockJumps } from '../core/clock-control.js';
import type { KeyName } from '../core/device-profile.js';
import { splitKeys } from './key-chunks.js';

/** What a keystroke in the terminal means for the phone UI. */
export type TerminalAction =
  | { readonly kind: 'key'; readonly key: KeyName }
  | { readonly kind: 'softkey'; readonly index: number }
  | { readonly kind: 'jump'; readonly ms: number; readonly label: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'events' }
  | { readonly kind: 'quit' }
  /** Characters for the focused text field. */
  | { readonly kind: 'text'; readonly text: string }
  /** Tab: letters type into the field, or work as shortcut keys again. */
  | { readonly kind: 'typing' }
  | { readonly kind: 'pcPanel' }
  | { readonly kind: 'ring' }
  /** With --record: an `expect` of what the screen shows now, and the file written. */
  | { readonly kind: 'checkpoint' };

/** The subset of Ink's Key that the map reads. */
export interface KeyFlags {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly ctrl?: boolean;
  readonly tab?: boolean;
}

/** Softkeys sit in a row under the screen; so do these keys on the keyboard. */
export const softkeyKeys = ['q', 'w', 'e', 'r', 't'] as const;

/** The keys of the virtual clock's jumps (core/clock-control.ts): the web console's buttons offer the same. */
const jumpKeys = ['[', ']', '{', '}'] as const;
export const timeJumps = clockJumps.map((jump, index) => ({ input: jumpKeys[index]!, ms: jump.ms, label: jump.label }));

const letterKeys: Readonly<Record<string, KeyName>> = { h: 'Home', m: 'Menu', l: 'Lock', k: 'Hook' };

/**
 * How this phone's menu opens, as the hint under the face says it: "h Home", or the idle
 * softkeys by their keyboard key and label, "q Status · w Menu" (Yealink has no menu key).
 */
export function menuHint(menuKeys: readonly KeyName[], idleSoftkeyLabels: readonly string[]): string {
  const byKey = menuKeys.flatMap((key) => {
    const input = Object.keys(letterKeys).find((letter) => letterKeys[letter] === key);
    return input ? [`${input} ${key}`] : [];
  });
  const bySoftkey = idleSoftkeyLabels.map((label, slot) => `${softkeyKeys[slot]} ${label}`);
  return [...byKey, ...bySoftkey].join(' · ');
}

/** The help overlay's rows, generated from the same tables the map reads. */
export const keyHelp: readonly (readonly [string, string])[] = [
  ['0-9 * #', 'keypad'],
  ['arrows', 'navigate (Up Down Left Right)'],
  ['Enter', 'Select'],
  ['Esc / Backspace', 'Back'],
  ...Object.entries(letterKeys).map(([input, key]) => [input, key] as const),
  [softkeyKeys.join(' '), 'softkeys, left to right'],
  ...timeJumps.map((jump) => [jump.input, `virtual time ${jump.label}`] as const),
  ['v', 'show or hide the event pane'],
  ['p', 'the PC panel: pair, lock, call, sign in from the PC'],
  ['i', 'an incoming call (embedded server)'],
  ['x', 'checkpoint (with --record): expect what the screen shows'],
  ['Tab', 'in a text field: letters type, or Tab: shortcut keys'],
  ['?', 'this help'],
  ['Ctrl+C', 'quit'],
];

/** The actions of a chunk of keys (a paste, fast typing), one per key, in order. */
export function actionsFor(input: string, key: KeyFlags): TerminalAction[] {
  return splitKeys(input, key).flatMap((single) => {
    const action = actionFor(single.input, single.key);
    return action ? [action] : [];
  });
}

export function actionFor(input: string, key: KeyFlags): TerminalAction | null {
  if (key.ctrl && input === 'c') return { kind: 'quit' };
  if (key.upArrow) return { kind: 'key', key: 'Up' };
  if (key.downArrow) return { kind: 'key', key: 'Down' };
  if (key.leftArrow) return { kind: 'key', key: 'Left' };
  if (key.rightArrow) return { kind: 'key', key: 'Right' };
  if (key.return) return { kind: 'key', key: 'Select' };
  if (key.escape || key.backspace || key.delete) return { kind: 'key', key: 'Back' };
  if (/^[0-9*#]$/.test(input)) return { kind: 'key', key: input as KeyName };
  const letter = letterKeys[input];
  if (letter) return { kind: 'key', key: letter };
  const softkey = (softkeyKeys as readonly string[]).indexOf(input);
  if (softkey >= 0) return { kind: 'softkey', index: softkey };
  const jump = timeJumps.find((candidate) => candidate.input === input);
  if (jump) return { kind: 'jump', ms: jump.ms, label: jump.label };
  if (input === '?') return { kind: 'help' };
  if (input === 'v') return { kind: 'events' };
  if (input === 'p') return { kind: 'pcPanel' };
  if (input === 'i') return { kind: 'ring' };
  if (input === 'x') return { kind: 'checkpoint' };
  if (key.tab) return { kind: 'typing' };
  return null;
}

/**
 * While a text field has the focus every printable character (a pasted UPN too) types
 * into it; Enter, Backspace, Esc and the arrows still act as phone keys, Tab hands the
 * letters back to the shortcuts (softkeys q w e r t among them).
 */
export function textActionsFor(input: string, key: KeyFlags): TerminalAction[] {
  const actions = splitKeys(input, key).flatMap((single) => textActionFor(single.input, single.key));
  // Characters typed in a row reach the field as one text input, as they were typed.
  return actions.reduce<TerminalAction[]>((merged, action) => {
    const last = merged.at(-1);
    if (last?.kind === 'text' && action.kind === 'text') merged[merged.length - 1] = { kind: 'text', text: last.text + action.text };
    else merged.push(action);
    return merged;
  }, []);
}

function textActionFor(input: string, key: KeyFlags): TerminalAction[] {
  if (key.ctrl && input === 'c') return [{ kind: 'quit' }];
  if (key.tab) return [{ kind: 'typing' }];
  const special = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.return || key.escape || key.backspace || key.delete;
  if (special) return actionsFor(input, key);
  return input === '' || key.ctrl ? [] : [{ kind: 'text', text: input }];
}
