import type { TerminalSize } from './use-terminal-size.js';

/** The narrowest side pane (events, PC panel, help) worth drawing beside the face. */
export const minSidePane = 28;
const maxSidePane = 60;
/** The clock bar above the face and the key hint under it. */
const chromeRows = 2;
/** The dial pad drawn beside the key hint: its rows beyond the hint's one. */
const keypadRows = 3;

export type ScreenLayout =
  | { readonly kind: 'tooSmall'; readonly needs: TerminalSize }
  | {
      readonly kind: 'phone';
      /** Whether the dial pad (drawn for orientation only) has room under the face. */
      readonly keypad: boolean;
      /** Where the events, PC panel or help go: beside the face, or in its place when there is no room. */
      readonly side: { readonly place: 'beside' | 'instead'; readonly width: number; readonly rows: number };
    };

/**
 * Fits the phone to the terminal: the face keeps its size; the side pane narrows, then moves
 * in place of the face (shown on demand) when fewer than `minSidePane` columns are left;
 * below what the face itself needs, nothing but a note saying so.
 */
export function screenLayout(terminal: TerminalSize, face: { readonly width: number; readonly height: number }): ScreenLayout {
  const needs = { columns: face.width, rows: face.height + chromeRows };
  if (terminal.columns < needs.columns || terminal.rows < needs.rows) return { kind: 'tooSmall', needs };
  const keypad = terminal.rows >= needs.rows + keypadRows;
  const height = face.height + 1 + (keypad ? keypadRows : 0);
  const room = terminal.columns - face.width;
  if (room >= minSidePane) return { kind: 'phone', keypad, side: { place: 'beside', width: Math.min(maxSidePane, room), rows: height } };
  return { kind: 'phone', keypad, side: { place: 'instead', width: terminal.columns, rows: Math.min(terminal.rows - chromeRows, height) } };
}
