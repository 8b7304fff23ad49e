import type { PhoneContext } from '../core/phone-types.js';
import { signedInUser, updatePhase, warnings as warningsOf } from '../core/selectors.js';
import { updateStates, type FrameBody, type PhoneFrame, type UpdateState } from '../protocol/frames.js';
import type { PhoneActor } from './create-phone.js';

/** What a status frame says: what the phone is doing, its warnings, who is signed in. */
export interface LinkStatus {
  readonly update: UpdateState;
  readonly warnings: PhoneContext['warnings'];
  readonly user: string | undefined;
}

/** Equal as the server sees them; usually the very same array, so this costs nothing per event. */
function sameWarnings(a: PhoneContext['warnings'], b: PhoneContext['warnings']): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The status to send now, or null when there is none (the phone not active or not updating
 * anything reportable) or it says what `last` said: the server hears only changes.
 */
export function changedStatus(snapshot: ReturnType<PhoneActor['getSnapshot']>, last: LinkStatus | null): LinkStatus | null {
  const state = updatePhase(snapshot);
  if (state === undefined) return null;
  const update = (updateStates as readonly string[]).includes(state) ? (state as UpdateState) : 'idle';
  const warnings = warningsOf(snapshot);
  const user = signedInUser(snapshot)?.upn;
  if (last && update === last.update && user === last.user && sameWarnings(warnings, last.warnings)) return null;
  return { update, warnings, user };
}

/** The status frame for `status`: warnings as the server shows them, the user only when one is signed in. */
export function statusFrame({ update, warnings, user }: LinkStatus): FrameBody<PhoneFrame> {
  const shown = warnings.map(({ id, message }) => ({ id, message }));
  return user === undefined ? { type: 'status', update, warnings: shown } : { type: 'status', update, warnings: shown, user };
}
