import type { StateValue } from 'xstate';

/** The regions of the phone's `running` state. */
export type RunningRegion = 'connection' | 'ui' | 'update' | 'signIn' | 'lock' | 'call' | 'pairing' | 'notice';

/**
 * The top-level state of one region of `running` (`update` → 'offered' while the offer
 * waits), or undefined when the phone is not running. Read straight off the snapshot's
 * value: `snapshot.matches()` builds state paths on every call, and a fleet asks this of
 * every phone after every event.
 */
export function runningRegionState(value: StateValue, region: RunningRegion): string | undefined {
  if (typeof value !== 'object') return undefined;
  const running = value['running'];
  if (running === undefined || typeof running !== 'object') return undefined;
  const state = running[region];
  if (state === undefined) return undefined;
  return typeof state === 'string' ? state : Object.keys(state)[0];
}
