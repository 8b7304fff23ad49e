import { Text } from 'ink';
import { timeJumps } from './keymap.js';

type Props = {
  /** The emulated wall-clock time, epoch ms. */
  readonly now: number;
  /** What the last jump did, shown until the next one. */
  readonly lastJump?: string | undefined;
  /** The web console of the phone's server, shown beside the phone (npm start). */
  readonly consoleUrl?: string | undefined;
};

export function formatEmulatedTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').slice(0, 19);
}

/** The emulated time, always visible, with the keys that jump it ahead. */
export function ClockBar({ now, lastJump, consoleUrl }: Props) {
  return (
    <Text wrap="truncate-end">
      <Text bold>⏱ {formatEmulatedTime(now)} UTC</Text>
      {consoleUrl ? <Text color="cyan">{`  web console ${consoleUrl}`}</Text> : null}
      {'  '}
      <Text dimColor>{timeJumps.map((jump) => `${jump.input} ${jump.label}`).join('  ')}  ? help</Text>
      {lastJump ? <Text color="yellow">{`  (${lastJump})`}</Text> : null}
    </Text>
  );
}
