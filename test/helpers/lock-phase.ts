import type { StateValue } from 'xstate';
import { runningRegionState } from '../../src/core/running-region.js';

export type LockPhase = 'off' | 'creating' | 'unlocked' | 'locked';

/**
 * Where the lock region stands, read off the chart (the machine keeps no copy in context):
 * 'unlocked' for the unprotected phone too, 'off' while the phone is not running.
 */
export function lockPhase(snapshot: { readonly value: StateValue }): LockPhase {
  const state = runningRegionState(snapshot.value, 'lock') ?? 'off';
  return state === 'unprotected' ? 'unlocked' : (state as LockPhase);
}
