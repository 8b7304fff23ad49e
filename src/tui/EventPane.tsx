import { Box, Text } from 'ink';
import type { LogEntry } from '../phone/event-log.js';

type Props = {
  readonly entries: readonly LogEntry[];
  /** How many of the newest entries to show. */
  readonly rows: number;
  readonly width: number;
};

const colors: Record<LogEntry['kind'], string> = {
  'frame-in': 'green',
  'frame-out': 'blue',
  state: 'gray',
  problem: 'red',
  server: 'magenta',
};

const arrows: Record<LogEntry['kind'], string> = { 'frame-in': '←', 'frame-out': '→', state: '◆', problem: '!', server: '⚙' };

/** Protocol frames and state changes, newest last, for developers and trainers. */
export function EventPane({ entries, rows, width }: Props) {
  const shown = entries.slice(-rows);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={width}>
      <Text bold>Events</Text>
      {shown.map((entry, index) => (
        <Text key={index} color={colors[entry.kind]} wrap="truncate-end">
          {arrows[entry.kind]} {entry.text}
        </Text>
      ))}
    </Box>
  );
}
