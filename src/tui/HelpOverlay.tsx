import { Box, Text } from 'ink';
import { keyHelp } from './keymap.js';

/** Which terminal key does what, from the same table the key map reads. */
export function HelpOverlay() {
  return (
    <Box flexDirection="column" borderStyle="double" paddingX={1}>
      <Text bold>Keys</Text>
      {keyHelp.map(([keys, meaning]) => (
        <Text key={keys}>
          <Text color="cyan">{keys.padEnd(18)}</Text>
          {meaning}
        </Text>
      ))}
    </Box>
  );
}
