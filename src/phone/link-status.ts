import type { PhoneContext } from '../core/phone-types.js';
import { callState, downloadProgress, isPaired, lockScreen, signedInUser, updatePhase, warnings as warningsOf } from '../core/selectors.js';
import type { callStates, lockPhases } from '../protocol/console-frames.js';
import { updateStates, type FrameBody, type PhoneFrame, type UpdateState } from '../protocol/frames.js';
import type { PhoneActor } from './create-phone.js';

/** What a status frame says: what the phone is doing, its warnings, who is signed in, its lock, call and PC. */
export interface LinkStatus {
  readonly update: UpdateState;
  readonly warnings: PhoneContext['warnings'];
  readonly user: string | undefined;
  /** Download progress in tenths (0 to 1), undefined when not downloading: a status a tenth, not a frame a chunk. */
  readonly progress: number | undefined;
  readonly lock: (typeof lockPhases)[number];
  readonly call: (typeof callStates)[number];
  readonly paired: boolean;
}

/** Equal as the server sees them; usually the very same array, so this costs nothing per event. */
function sameWarnings(a: PhoneContext['warnings'], b: PhoneContext['warnings']): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function same(a: LinkStatus, b: LinkStatus): boolean {
  return a.update === b.update && a.user === b.user && a.progress === b.progress && a.lock === b.lock && a.call === b.call && a.paired === b.paired && sameWarnings(a.warnings, b.warnings);
}

/**
 * The status to send now, or null when there is none (the phone not active or not updating
 * anything reportable) or it says what `last` said: the server hears only changes.
 */
export function changedStatus(snapshot: ReturnType<PhoneActor['getSnapshot']>, last: LinkStatus | null): LinkStatus | null {
  const state = updatePhase(snapshot);
  if (state === undefined) return null;
  const update = (updateStates as readonly string[]).includes(state) ? (state as UpdateState) : 'idle';
  const progress = downloadProgress(snapshot);
  const status: LinkStatus = {
    update,
    warnings: warningsOf(snapshot),
    user: signedInUser(snapshot)?.upn,
    // The epsilon: a step lands on a tenth (update-region.ts), which division may put a hair below.
    progress: progress === null ? undefined : Math.floor(progress * 10 + 1e-9) / 10,
    lock: lockScreen(snapshot),
    call: callState(snapshot),
    paired: isPaired(snapshot),
  };
  return last && same(status, last) ? null : status;
}

/** The status frame for `status`: warnings as the server shows them, the user only when one is signed in. */
export function statusFrame({ update, warnings, user, progress, lock, call, paired }: LinkStatus): FrameBody<PhoneFrame> {
  const shown = warnings.map(({ id, message }) => ({ id, message }));
  return {
    type: 'status',
    update,
    warnings: shown,
    ...(user === undefined ? {} : { user }),
    ...(progress === undefined ? {} : { progress }),
    lock,
    call,
    paired,
  };
}
