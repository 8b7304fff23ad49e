import { Box, Text } from 'ink';
import type { PcView } from './pc-controller.js';

export interface PcPrompt {
  readonly label: string;
  readonly value: string;
  readonly secret: boolean;
}

type Props = {
  readonly view: PcView;
  /** The phone's MAC: the PC is cabled to it. */
  readonly mac: string;
  /** A question the panel asks (pairing code, user name, password, number), if any. */
  readonly prompt: PcPrompt | null;
  readonly width: number;
};

export const pcPanelKeys: readonly (readonly [string, string])[] = [
  ['1 2 3', 'pair as Windows, Mac, VDI'],
  ['c', 'type the pairing code'],
  ['l', 'lock / unlock Windows'],
  ['u', 'USB tethering (LPE) / BToE'],
  ['s', 'sign in from the PC'],
  ['d', 'click-to-call'],
  ['p / Esc', 'close the panel'],
];

/** The emulated PC beside the phone: what it is, its pairing, its lock, and its keys. */
export function PcPanel({ view, mac, prompt, width }: Props) {
  const state = view.state;
  const pairing = state ? (state.pairing === 'refused' ? `refused (${state.refusal ?? '?'})` : state.pairing) : 'not connected';
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={width}>
      <Text bold>
        PC ({view.link === 'usb' ? 'USB tethering' : 'BToE'}) on {mac}
      </Text>
      <Text>OS: {view.os ?? '-'}   pairing: {pairing}</Text>
      <Text>
        Windows: {state?.locked ? 'locked' : 'unlocked'}   phone: {state?.phoneLocked ? 'locked' : 'unlocked'}
      </Text>
      <Text color="yellow" wrap="truncate-end">
        {view.message}
      </Text>
      {prompt ? (
        <Text color="cyan">
          {prompt.label}: {prompt.secret ? '•'.repeat(prompt.value.length) : prompt.value}▌ (Enter, Esc)
        </Text>
      ) : (
        pcPanelKeys.map(([keys, meaning]) => (
          <Text key={keys} dimColor>
            {keys.padEnd(8)} {meaning}
          </Text>
        ))
      )}
    </Box>
  );
}
