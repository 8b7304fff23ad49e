import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import { splitKeys, type SingleKey } from './key-chunks.js';
import type { KeyFlags } from './keymap.js';

export interface PickerItem {
  readonly id: string;
  readonly label: string;
  readonly detail: string;
}

type Props = {
  readonly items: readonly PickerItem[];
  readonly onPick: (id: string) => void;
  /** Where the embedded server listens, shown so developers can point other tools at it. */
  readonly serverUrl: string;
  /** Its web console (console/), for the browser. */
  readonly consoleUrl?: string | undefined;
  /** How many rows of the list fit at once; the list scrolls to keep the cursor in view. */
  readonly visibleRows?: number;
};

/**
 * What typing `digit` after `typed` means in a list of `count` rows: the number typed so far (a
 * digit that would pass the last row starts a new number), and whether it names one row only
 * (no longer number in the list starts with it), so the row can be picked without Enter.
 */
export function typedRow(typed: string, digit: string, count: number): { typed: string; row: number; unique: boolean } | null {
  const longer = typed + digit;
  const text = Number(longer) >= 1 && Number(longer) <= count ? longer : digit;
  const row = Number(text);
  if (row < 1 || row > count) return null;
  return { typed: text, row, unique: row * 10 > count };
}

/** Choose a device with the arrows and Enter, or by typing its number (`14` picks the 14th row). */
export function DevicePicker({ items, onPick, serverUrl, consoleUrl, visibleRows = 12 }: Props) {
  const [cursor, setCursor] = useState(0);
  // Keys of one chunk (arrows then Enter, typed fast) each move from where the last one left.
  const cursorNow = useRef(0);
  // The digits typed so far: in a list of 22, `1` waits for a second digit (10-19), `14` picks.
  const typed = useRef('');
  const move = (to: number) => {
    cursorNow.current = to;
    setCursor(to);
  };
  // Set once a row is picked: keys after it (an Enter typed after 14, in its chunk or the next) pick nothing more.
  const picked = useRef(false);
  const pick = (row: number) => {
    picked.current = true;
    onPick(items[row]!.id);
  };
  const onKey = ({ input, key }: SingleKey) => {
    if (picked.current) return;
    const at = cursorNow.current;
    const number = /^[0-9]$/.test(input) ? typedRow(typed.current, input, items.length) : null;
    typed.current = number && !number.unique ? number.typed : '';
    if (key.upArrow) move((at - 1 + items.length) % items.length);
    else if (key.downArrow) move((at + 1) % items.length);
    else if (key.return) pick(at);
    else if (number?.unique) pick(number.row - 1);
    else if (number) move(number.row - 1);
  };
  const latest = useRef(onKey);
  latest.current = onKey;
  const [stableInput] = useState(() => (input: string, key: KeyFlags) => {
    for (const single of splitKeys(input, key)) latest.current(single);
  });
  useInput(stableInput);
  const first = Math.max(0, Math.min(cursor - Math.floor(visibleRows / 2), items.length - visibleRows));
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>phone-emu: pick a phone</Text>
      <Text dimColor>update server: {serverUrl}</Text>
      {consoleUrl ? <Text dimColor>web console: {consoleUrl}</Text> : null}
      <Text dimColor>{first > 0 ? `  ↑ ${first} more` : ' '}</Text>
      {items.slice(first, first + visibleRows).map((item, offset) => {
        const index = first + offset;
        return (
          <Text key={item.id} inverse={index === cursor}>
            {`${index + 1}. ${item.label}`.padEnd(28)}
            <Text dimColor={index !== cursor}>{item.detail}</Text>
          </Text>
        );
      })}
      <Text dimColor>{first + visibleRows < items.length ? `  ↓ ${items.length - first - visibleRows} more` : ' '}</Text>
      <Text dimColor>↑ ↓ Enter, or type its number · Ctrl+C quit</Text>
    </Box>
  );
}
