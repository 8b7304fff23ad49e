import { Box, Text } from 'ink';
import type { DeviceProfile } from '../core/device-profile.js';
import type { Screen } from '../core/screen.js';
import { softkeyKeys } from './keymap.js';

export interface FaceLayout {
  /** "Polycom VVX 601" */
  readonly name: string;
  readonly columns: number;
  readonly rows: number;
  readonly lineKeys: number;
  /** Where the line keys sit, as on the real phone. */
  readonly lineKeySides: 'both' | 'left' | 'right';
  readonly softkeys: number;
  readonly touch: boolean;
}

/** The face of a profile's model. */
export function faceLayoutOf(profile: DeviceProfile): FaceLayout {
  return {
    name: `${profile.manufacturer} ${profile.model}`,
    columns: profile.display.columns,
    rows: profile.display.rows,
    lineKeys: profile.lineKeys,
    lineKeySides: profile.lineKeySides,
    softkeys: profile.softkeys,
    touch: profile.display.touch,
  };
}

/** How many line keys each side of the screen shows (at most one per screen row). */
export function lineKeysBySide(layout: Pick<FaceLayout, 'lineKeys' | 'lineKeySides' | 'rows'>): { left: number; right: number } {
  const split = { both: Math.ceil(layout.lineKeys / 2), left: layout.lineKeys, right: 0 }[layout.lineKeySides];
  return { left: Math.min(layout.rows, split), right: Math.min(layout.rows, layout.lineKeys - split) };
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
  const sides = lineKeysBySide(layout);
  const slotWidth = Math.floor(layout.columns / layout.softkeys);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text>
        <Text bold>{layout.name}</Text>
        {'  '}
        <Text color={screen.status.online ? 'green' : 'red'}>
          {screen.status.online ? '●' : '○'} {screen.status.labels.connection}
        </Text>
        {'  '}
        <Text dimColor>{screen.status.labels.firmware}</Text>
        {screen.status.labels.warnings ? <Text color="yellow">{`  ⚠ ${screen.status.labels.warnings}`}</Text> : null}
        {'  '}
        <Text color={screen.status.user ? 'green' : undefined} dimColor={!screen.status.user}>
          {screen.status.identityLabels.user}
        </Text>
        {screen.status.identityLabels.lock ? <Text color="red">{`  ${screen.status.identityLabels.lock}`}</Text> : null}
        {screen.status.identityLabels.pc ? <Text color="cyan">{`  ${screen.status.identityLabels.pc}`}</Text> : null}
      </Text>
      <Box>
        <LineKeys count={sides.left} />
        {/* A touch screen gets rounded corners, keys-only screens square ones. */}
        <Box flexDirection="column" borderStyle={layout.touch ? 'round' : 'single'} width={layout.columns + 2}>
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
        <LineKeys count={sides.right} />
      </Box>
      <Text dimColor>
        {Array.from({ length: layout.softkeys }, (_, slot) => `[${softkeyKeys[slot] ?? ' '}]`.padEnd(slotWidth)).join('')}
      </Text>
    </Box>
  );
}

function LineKeys({ count }: { readonly count: number }) {
  return (
    <Box flexDirection="column" paddingTop={1} width={3}>
      {Array.from({ length: count }, (_, index) => (
        <Text key={index} dimColor>
          ▭
        </Text>
      ))}
    </Box>
  );
}
