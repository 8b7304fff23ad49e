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

/** Choose a device with the arrows and Enter (or its number). */
export function DevicePicker({ items, onPick, serverUrl, consoleUrl, visibleRows = 12 }: Props) {
  const [cursor, setCursor] = useState(0);
  // Keys of one chunk (arrows then Enter, typed fast) each move from where the last one left.
  const cursorNow = useRef(0);
  const move = (to: number) => {
    cursorNow.current = to;
    setCursor(to);
  };
  const onKey = ({ input, key }: SingleKey) => {
    const at = cursorNow.current;
    if (key.upArrow) move((at - 1 + items.length) % items.length);
    else if (key.downArrow) move((at + 1) % items.length);
    else if (key.return) onPick(items[at]!.id);
    else if (/^[1-9]$/.test(input) && Number(input) <= items.length) onPick(items[Number(input) - 1]!.id);
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
      <Text dimColor>↑ ↓ Enter · Ctrl+C quit</Text>
    </Box>
  );
}
