import { assign, setup } from 'xstate';
import type { KeyName } from './device-profile.js';
import type { PhoneContext, PhoneEmitted, PhoneEvent, PhoneInput, RestorableDelay, SoftkeyId } from './phone-types.js';

/**
 * The phone chart's types and the guards every region reads keys with. Regions kept in
 * their own files extend this setup with their named actions, guards and delays, and
 * phone-machine.ts extends the last of them.
 */
export const phoneSetup = setup({
  types: {
    context: {} as PhoneContext,
    events: {} as PhoneEvent,
    input: {} as PhoneInput,
    emitted: {} as PhoneEmitted,
  },
}).extend({
  actions: {
    /** A restored timer has run (or its state was left): the next one takes its full delay. */
    forgetRestoredDelay: assign({
      restored: ({ context }, params: { delay: RestorableDelay }) => {
        if (!context.restored) return null;
        const { [params.delay]: _used, ...delays } = context.restored.delays;
        return { ...context.restored, delays };
      },
    }),
  },
  guards: {
    keyIs: ({ event }, params: { keys: readonly KeyName[] }) => event.type === 'key.press' && params.keys.includes(event.key),
    softkeyIs: ({ event }, params: { ids: readonly SoftkeyId[] }) => event.type === 'softkey.press' && params.ids.includes(event.id),
  },
});

/** A restored state's exit action: its delay reads the saved remainder only once. */
export const forgetRestored = (delay: RestorableDelay) => ({ type: 'forgetRestoredDelay' as const, params: { delay } });

/** Guard references that keep their literal types inside and() / not(). */
export const pressed = (...keys: KeyName[]) => ({ type: 'keyIs' as const, params: { keys } });
export const softkey = (...ids: SoftkeyId[]) => ({ type: 'softkeyIs' as const, params: { ids } });

export const digitKeys: readonly KeyName[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const dialKeys: readonly KeyName[] = [...digitKeys, '*', '#'];
