import type { StateValue } from 'xstate';

/** The regions of the phone's `running` state. */
export type RunningRegion = 'connection' | 'ui' | 'update' | 'signIn' | 'lock' | 'call' | 'pairing' | 'notice';

/** The value of one region of `running` (`signIn` → { signedOut: { web: 'showing' } }), or undefined when the phone is not running. */
export function runningRegionValue(value: StateValue, region: RunningRegion): StateValue | undefined {
  if (typeof value !== 'object') return undefined;
  const running = value['running'];
  if (running === undefined || typeof running !== 'object') return undefined;
  return running[region];
}

/**
 * The top-level state of one region of `running` (`update` → 'offered' while the offer
 * waits), or undefined when the phone is not running. Read straight off the snapshot's
 * value: `snapshot.matches()` builds state paths on every call, and a fleet asks this of
 * every phone after every event.
 */
export function runningRegionState(value: StateValue, region: RunningRegion): string | undefined {
  return topState(runningRegionValue(value, region));
}

/** The name of the state a value is in at its top level: 'idle' for 'idle', 'web' for { web: 'showing' }. */
export function topState(value: StateValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : Object.keys(value)[0];
}
