import { Box, Text } from 'ink';
import type { DeviceProfile } from '../core/device-profile.js';
import type { Screen } from '../core/screen.js';
import { faceInnerWidth, softkeyLabelLines } from '../core/softkey-labels.js';
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
  /** Lines a softkey label may take (the profile's softkeyLabelLines). */
  readonly softkeyLabelLines?: number;
  readonly touch: boolean;
}

/**
 * The face's size in the terminal, fixed per model whatever the screen says: the frame,
 * two status lines, the screen, the softkey labels and the key row.
 */
export function faceSize(layout: FaceLayout): { readonly width: number; readonly height: number } {
  return { width: faceInnerWidth(layout, layout.softkeys) + 4, height: layout.rows + (layout.softkeyLabelLines ?? 1) + 6 };
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
    softkeyLabelLines: profile.softkeyLabelLines,
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
  const inner = faceInnerWidth(layout, layout.softkeys);
  const slotWidth = Math.floor(inner / layout.softkeys);
  const labelLines = layout.softkeyLabelLines ?? 1;
  const labels = Array.from({ length: layout.softkeys }, (_, slot) => {
    const key = screen.softkeys[slot];
    // The data check makes every label fit; a label that still does not keeps its characters on one line.
    return key ? (softkeyLabelLines(key.label, slotWidth - 1, labelLines) ?? [key.label]) : [];
  });
  const { status } = screen;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={inner + 4}>
      {/* Two lines cut at the face's width: the firmware and the user never move the face's edge. */}
      <Text wrap="truncate-end">
        <Text bold>{layout.name}</Text>
        {'  '}
        <Text color={status.online ? 'green' : 'red'}>
          {status.online ? '●' : '○'} {status.labels.connection}
        </Text>
        {'  '}
        <Text color={status.user ? 'green' : undefined} dimColor={!status.user}>
          {status.identityLabels.user}
        </Text>
      </Text>
      <Text wrap="truncate-end">
        <Text dimColor>{status.labels.firmware}</Text>
        {status.identityLabels.lock ? <Text color="red">{`  ${status.identityLabels.lock}`}</Text> : null}
        {status.identityLabels.pc ? <Text color="cyan">{`  ${status.identityLabels.pc}`}</Text> : null}
        {status.labels.warnings ? <Text color="yellow">{`  ⚠ ${status.labels.warnings}`}</Text> : null}
      </Text>
      <Box justifyContent="center">
        <LineKeys count={sides.left} />
        {/* A touch screen gets rounded corners, keys-only screens square ones. */}
        <Box flexDirection="column" borderStyle={layout.touch ? 'round' : 'single'} width={layout.columns + 2}>
          <Text inverse>{screen.title.padEnd(layout.columns)}</Text>
          {body.map((line, row) => (
            <Text key={row} inverse={screen.highlighted === row}>
              {line.padEnd(layout.columns)}
            </Text>
          ))}
        </Box>
        <LineKeys count={sides.right} />
      </Box>
      {Array.from({ length: labelLines }, (_, line) => (
        <Text key={line} color="cyan">
          {labels.map((lines) => (lines[line] ?? '').padEnd(slotWidth)).join('')}
        </Text>
      ))}
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
