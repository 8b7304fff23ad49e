import { Box, Text } from 'ink';
import { keyHelp } from './keymap.js';

type Props = {
  /** Columns the box takes; each meaning wraps inside it. */
  readonly width: number;
};

const keyColumn = 18;

/** Which terminal key does what, from the same table the key map reads. */
export function HelpOverlay({ width }: Props) {
  return (
    <Box flexDirection="column" borderStyle="double" paddingX={1} width={width}>
      <Text bold>Keys</Text>
      {keyHelp.map(([keys, meaning]) => (
        <Box key={keys}>
          <Box width={keyColumn} flexShrink={0}>
            <Text color="cyan">{keys}</Text>
          </Box>
          <Text wrap="wrap">{meaning}</Text>
        </Box>
      ))}
    </Box>
  );
}
