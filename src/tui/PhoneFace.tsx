import { Box, Text } from 'ink';
import type { Screen } from '../core/screen.js';
import { softkeyKeys } from './keymap.js';

export interface FaceLayout {
  /** "Polycom VVX 601" */
  readonly name: string;
  readonly columns: number;
  readonly rows: number;
  readonly lineKeys: number;
  readonly softkeys: number;
}

type Props = {
  /** What the display shows, already fitted to the layout. */
  readonly screen: Screen;
  readonly layout: FaceLayout;
};

/** The phone as a person sees it: status bar, screen, line keys on both sides, softkeys under it. */
export function PhoneFace({ screen, layout }: Props) {
  const bodyRows = layout.rows - 2;
  const body = Array.from({ length: bodyRows }, (_, row) => screen.lines[row] ?? '');
  const lineKeysPerSide = Math.min(layout.rows, Math.ceil(layout.lineKeys / 2));
  const slotWidth = Math.floor(layout.columns / layout.softkeys);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text>
        <Text bold>{layout.name}</Text>
        {'  '}
        <Text color={screen.status.online ? 'green' : 'red'}>{screen.status.online ? '● online' : '○ offline'}</Text>
        {'  '}
        <Text dimColor>fw {screen.status.firmware}</Text>
        {screen.status.warnings.length > 0 ? (
          <Text color="yellow">
            {'  '}⚠ {screen.status.warnings.length} warning{screen.status.warnings.length > 1 ? 's' : ''}
          </Text>
        ) : null}
      </Text>
      <Box>
        <LineKeys count={lineKeysPerSide} rows={layout.rows} />
        <Box flexDirection="column" borderStyle="single" width={layout.columns + 2}>
          <Text inverse>{screen.title.padEnd(layout.columns)}</Text>
          {body.map((line, row) => (
            <Text key={row} inverse={screen.highlighted === row}>
              {line.padEnd(layout.columns)}
            </Text>
          ))}
          <Text color="cyan">
            {Array.from({ length: layout.softkeys }, (_, slot) => {
              const key = screen.softkeys[slot];
              return (key ? key.label : '').slice(0, slotWidth - 1).padEnd(slotWidth);
            }).join('')}
          </Text>
        </Box>
        <LineKeys count={layout.lineKeys - lineKeysPerSide} rows={layout.rows} />
      </Box>
      <Text dimColor>
        {Array.from({ length: layout.softkeys }, (_, slot) => `[${softkeyKeys[slot] ?? ' '}]`.padEnd(slotWidth)).join('')}
      </Text>
    </Box>
  );
}

function LineKeys({ count, rows }: { readonly count: number; readonly rows: number }) {
  return (
    <Box flexDirection="column" paddingTop={1} width={3}>
      {Array.from({ length: Math.min(count, rows) }, (_, index) => (
        <Text key={index} dimColor>
          ▭
        </Text>
      ))}
    </Box>
  );
}
