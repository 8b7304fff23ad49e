import { Box, Text } from 'ink';

const rows = ['1 2 3', '4 5 6', '7 8 9', '* 0 #'];

/** The dial pad, drawn for orientation: the keyboard's digits, * and # press it. */
export function Keypad() {
  return (
    <Box flexDirection="column" paddingX={1}>
      {rows.map((row) => (
        <Text key={row} dimColor>
          {row}
        </Text>
      ))}
    </Box>
  );
}
