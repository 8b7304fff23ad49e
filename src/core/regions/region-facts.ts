import { or, raise, stateIn } from 'xstate';
import { isCallBusy } from '../identity/identity-types.js';
import type { RegionActions, RegionGuards } from '../phone-setup.js';

/** Where each region stands, read off the chart: regions read these, never a copy kept in context. */
export const lockIsLocked = stateIn({ running: { lock: 'locked' } });
export const lockIsCreating = stateIn({ running: { lock: 'creating' } });

/**
 * What one region asks of another: the state the other is in (through `stateIn`), or what it
 * keeps in memory (the call on screen, the user, the pairing). Every region may reference these.
 */
export const factGuards = {
  uiIdle: stateIn('#phone.running.ui.idle'),
  callBusy: ({ context }) => isCallBusy(context),
  noCallOnScreen: ({ context }) => !isCallBusy(context),
  // Polycom: Answer on a locked phone asks for the PIN on the call screen.
  answeringWithPin: stateIn('#phone.running.call.ringing.pin'),
  /** A screen that keys belong to and that the menu may not cover: a call, PIN creation, the lock screen. */
  modalScreen: or([({ context }) => isCallBusy(context), lockIsCreating, lockIsLocked]),
  signedIn: ({ context }) => context.account.user !== null,
  isPaired: ({ context }) => context.pairing.paired,
} satisfies RegionGuards;

export const factActions = {
  /** A call, PIN creation or the lock screen takes the screen back from the menus. */
  goHome: raise({ type: 'ui.home' as const }),
} satisfies RegionActions;
